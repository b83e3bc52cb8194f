/**
 * Task implementations by id. `createTask` validates the options (catalog.ts schemas, defaults
 * filled), draws the task's data from `seed` (same seed ⇒ same data) and asks the host for
 * MNIST bytes only when the task needs them.
 */

import { makeRng } from '../experiment/rng';
import { parseTaskOptions, type TaskId, type TaskOptions } from './catalog';
import { csvHash } from './csvHash';
import { createCsvTask } from './csvTask';
import { createDmQuadraticTask } from './dmQuadratic';
import { ensureGradients } from './gradients';
import { isLandscapeId } from './landscapes';
import { createLandscapeTask } from './landscapeTask';
import { parseMnist } from './mnistData';
import { createMnistMlpTask } from './mnistMlp';
import { createQuadraticTask } from './quadratic';
import { createSinLstmTask, type SinLstmOptions } from './sinLstm';
import { createSpiralsTask } from './spirals';
import type { Task } from './types';

/** What a host supplies to build tasks. */
export interface TaskEnv {
  /** The packed MNIST bytes (Node: read public/data/mnist.bin; browser: fetch /data/mnist.bin). */
  mnist(): Promise<ArrayBuffer | Uint8Array>;
  /** An uploaded CSV's text by its content hash (csvHash.ts); hosts without uploads omit it. */
  csv?(hash: string): Promise<string>;
}

/** An env for tasks that need no external data; asking it for MNIST throws. */
export const NO_DATA_ENV: TaskEnv = {
  mnist: () => Promise.reject(new Error('this host provides no MNIST data')),
};

/** The uploaded file a csv task names, from the host; a message that says to upload it otherwise. */
async function csvText(o: TaskOptions<'csv'>, env: TaskEnv): Promise<string> {
  const file = o.file ? `'${o.file}'` : 'the CSV file';
  if (!o.hash) throw new Error('csv: no data yet: upload a CSV file (CLI: --data <file.csv>)');
  const text = env.csv ? await env.csv(o.hash).catch(() => null) : null;
  if (text === null) throw new Error(`csv: this link needs ${file} (hash ${o.hash}); upload the same file`);
  const got = await csvHash(text);
  if (got !== o.hash)
    throw new Error(`csv: the file's hash ${got} is not the link's ${o.hash}: not the same file`);
  return text;
}

export async function createTask(
  id: TaskId | string,
  options: Partial<TaskOptions> | undefined,
  env: TaskEnv,
  seed = 1,
): Promise<Task> {
  const parsed = parseTaskOptions(id, options ?? {});
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const opts = parsed.value;
  await ensureGradients();
  const dataRng = makeRng(seed).fork(`task-data:${id}`);
  if (isLandscapeId(id)) return createLandscapeTask(id, opts);
  switch (id as TaskId) {
    case 'quadratic':
      return createQuadraticTask(opts, dataRng);
    case 'dm-quadratic':
      return createDmQuadraticTask(opts, dataRng);
    case 'spirals':
      return createSpiralsTask(opts, dataRng);
    case 'mnist-mlp':
      return createMnistMlpTask(opts, parseMnist(await env.mnist()));
    case 'sin-lstm':
      return createSinLstmTask(opts as SinLstmOptions);
    case 'csv':
      return createCsvTask(opts, await csvText(opts as TaskOptions<'csv'>, env), dataRng);
    default:
      throw new Error(`task: no implementation for '${id}'`);
  }
}
