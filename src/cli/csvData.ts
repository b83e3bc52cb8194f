/**
 * `run --task csv --data <file.csv>`: the CLI side of "bring your own data". Reads the file
 * (a regular file, at most 5 MB), validates it with the same parser as the browser (messages
 * name the row and column), and fills the task's hash, file name and shape, so the run and
 * its `--print-url` link match what the playground records for the same file.
 */
import { basename } from 'node:path';
import type { ExperimentSpec } from '../core/experiment/schema';
import type { TaskOptions } from '../core/tasks/catalog';
import { csvHash } from '../core/tasks/csvHash';
import { MAX_CSV_BYTES, parseCsv } from '../core/tasks/csvParse';
import type { TaskEnv } from '../core/tasks/registry';
import { UsageError } from './args';
import { readBoundedText } from './boundedRead';

/** The spec with the file's hash and shape, and an env serving its text. */
export async function withCsvData(
  spec: ExperimentSpec,
  path: string,
  env: TaskEnv,
): Promise<{ spec: ExperimentSpec; env: TaskEnv }> {
  if (spec.task.id !== 'csv')
    throw new UsageError(`--data: only for --task csv (the task is ${spec.task.id})`);
  let text: string;
  try {
    text = await readBoundedText(path, MAX_CSV_BYTES, '--data');
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const o = spec.task.options as TaskOptions<'csv'>;
  const parsed = parseCsv(text, { label: o.label, target: o.target });
  if (!parsed.ok) throw new UsageError(parsed.errors.map((m) => `--data: ${path}: ${m}`).join('\n'));
  const t = parsed.table;
  const hash = await csvHash(text);
  const options = {
    ...o,
    hash,
    file: basename(path).slice(0, 80),
    rows: t.rows,
    features: t.features,
    classes: t.target.kind === 'classification' ? t.target.classes.length : 0,
  };
  return {
    spec: { ...spec, task: { id: 'csv', options: options as TaskOptions } },
    env: {
      ...env,
      csv: async (h) => (h === hash ? text : Promise.reject(new Error(`no CSV with hash ${h}`))),
    },
  };
}
