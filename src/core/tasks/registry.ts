/**
 * Task implementations by id. `createTask` validates the options (catalog.ts schemas, defaults
 * filled), draws the task's data from `seed` (same seed ⇒ same data) and asks the host for
 * MNIST bytes only when the task needs them.
 */

import { makeRng } from '../experiment/rng';
import { parseTaskOptions, type TaskId, type TaskOptions } from './catalog';
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
}

/** An env for tasks that need no external data; asking it for MNIST throws. */
export const NO_DATA_ENV: TaskEnv = {
  mnist: () => Promise.reject(new Error('this host provides no MNIST data')),
};

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
    default:
      throw new Error(`task: no implementation for '${id}'`);
  }
}
