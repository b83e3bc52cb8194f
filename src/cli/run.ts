/**
 * `npm run --silent cli -- run`: compare optimizers on a task, headless.
 *
 *   run --task rosenbrock --start -1.5,2 --opt adam:lr=0.01 --opt adamod:lr=0.01,beta3=0.999 \
 *       --steps 200 --seed 1 --backend cpu --json
 *
 * The flags build a raw ExperimentSpec that goes through parseSpec, so messages are the same
 * as for URLs and files. Exit codes: 0 done, 2 bad command line or spec (one line per problem,
 * naming it and the valid choices), 1 a runtime failure (backend, data).
 * Backend: wasm by default (≈3–4× faster than cpu here for MLPs); cpu is the reference.
 */

import { MAX_STEPS, parseSpec } from '../core/experiment/schema';
import { specToUrl } from '../core/experiment/url';
import { setLearnedSource } from '../core/learned/registry';
import { ADAM_LR_GRID, speedupOverAdam, tuneAdam } from '../core/run/speedup';
import { isTaskId, TASK_IDS, TASKS } from '../core/tasks/catalog';
import { LANDSCAPE_IDS } from '../core/tasks/landscapes';
import type { TaskEnv } from '../core/tasks/registry';
import {
  checkKey,
  DECIMAL_INT,
  type FlagDefs,
  type FlagValues,
  parseFlags,
  parsePairs,
  reportFailure,
  scalarValue,
  UsageError,
  usage,
} from './args';
import { withCsvData } from './csvData';
import { isNodeBackend, NODE_BACKENDS, nodeTaskEnv, setupNodeBackend } from './nodeBackend';
import { toJson, toTable } from './runOutput';
import { runSpecToEnd, type SpecResult } from './runSpec';
import { loadSpecSource } from './specSource';
import { nodeLearnedSource } from './weightsFiles';

export const DEFAULT_BACKEND = 'wasm';
export const DEFAULT_EVERY = 50;
export const DEFAULT_APP_URL = 'http://127.0.0.1:5173/';

export const RUN_FLAGS: FlagDefs = {
  task: { kind: 'string', arg: '<id>', help: `task: ${TASK_IDS.join(', ')} (default rosenbrock)` },
  option: { kind: 'string', multiple: true, arg: '<key=value>', help: 'task option, e.g. kappa=100' },
  start: { kind: 'string', arg: '<x,y>', help: 'start point of a 2-D task (sets options x0, y0)' },
  opt: {
    kind: 'string',
    multiple: true,
    arg: '<id[:k=v,...]>',
    help: 'optimizer and hyperparameters, e.g. adamod:lr=0.01,beta3=0.999 (default: adam, adamod)',
  },
  steps: { kind: 'string', arg: '<n>', help: 'number of updates (default 500)' },
  seed: { kind: 'string', arg: '<n>', help: 'seed for data, init and batches (default 1)' },
  seeds: {
    kind: 'string',
    arg: '<n>',
    help: 'run every optimizer over n seeds (seed … seed+n−1); mean ± std (default 1)',
  },
  backend: { kind: 'string', arg: '<cpu|wasm>', help: `tfjs backend (default ${DEFAULT_BACKEND})` },
  data: {
    kind: 'string',
    arg: '<file.csv>',
    help: 'with --task csv: the CSV to train on (≤ 5 MB; its hash, name and shape go in the spec)',
  },
  every: { kind: 'string', arg: '<n>', help: `updates per frame/readback (default ${DEFAULT_EVERY})` },
  spec: {
    kind: 'string',
    arg: '<url|file|json>',
    help: 'run a shared experiment: a playground link, its query, a spec JSON or an export file; other flags override it',
  },
  'print-url': {
    kind: 'boolean',
    help: `also print the playground link of the spec (base: $PLAYGROUND_URL, default ${'http://127.0.0.1:5173/'})`,
  },
  speedup: {
    kind: 'boolean',
    help: "add each run's speedup over Adam tuned on the same task (lr grid 1e-3…0.1; core/run/speedup.ts)",
  },
  json: { kind: 'boolean', help: 'print one JSON document instead of a table' },
  help: { kind: 'boolean', help: 'show this help' },
};

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

const processIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

/** `--opt adam:lr=0.01,beta1=0.9` → { id, hyper } (values left raw for the schema to judge). */
export function parseOptFlag(s: string): { id: string; hyper: Record<string, unknown> } {
  const colon = s.indexOf(':');
  const id = (colon < 0 ? s : s.slice(0, colon)).trim();
  if (id === '') throw new UsageError(`--opt: expected <id>[:key=value,...], got '${s}'`);
  return { id, hyper: colon < 0 ? {} : parsePairs(s.slice(colon + 1), `--opt ${id}`) };
}

/**
 * The raw (unvalidated) spec the flags describe. A `--spec <url|file>` source plugs in here:
 * load it as the base object, then let the flags given override its fields.
 */
export function rawSpecFromFlags(
  flags: FlagValues,
  base: Record<string, unknown> = {},
): Record<string, unknown> {
  const raw: Record<string, unknown> = { ...base, v: 1, fused: false };
  const baseTask = (base.task ?? {}) as { id?: unknown; options?: Record<string, unknown> };
  const taskId = (flags.task as string | undefined) ?? (baseTask.id as string | undefined) ?? 'rosenbrock';
  const options: Record<string, unknown> = { ...(baseTask.options ?? {}) };
  for (const kv of (flags.option as string[] | undefined) ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--option: expected key=value, got '${kv}'`);
    options[checkKey(kv.slice(0, eq).trim(), '--option')] = scalarValue(kv.slice(eq + 1));
  }
  if (flags.start !== undefined) {
    if (isTaskId(taskId) && !TASKS[taskId].twoD) {
      throw new UsageError(`--start: only for 2-D tasks (${LANDSCAPE_IDS.join(', ')}); '${taskId}' is not`);
    }
    const xy = String(flags.start).split(',');
    if (xy.length !== 2) throw new UsageError(`--start: expected x,y (two numbers), got '${flags.start}'`);
    [options.x0, options.y0] = xy.map(scalarValue);
  }
  raw.task = { id: taskId, options };
  if (flags.opt) raw.optimizers = (flags.opt as string[]).map(parseOptFlag);
  // Decimal integers only ('0x10' is not 16); the schema then checks the range.
  for (const f of ['steps', 'seed'] as const) {
    const v = flags[f];
    if (v === undefined) continue;
    if (!DECIMAL_INT.test(String(v).trim()))
      throw new UsageError(`--${f}: must be a decimal integer; got '${String(v)}'`);
    raw[f] = Number(v);
  }
  if (flags.seeds !== undefined) raw.seeds = scalarValue(flags.seeds as string);
  return raw;
}

/** Tune Adam on the same task and seeds, and set each run's speedupOverAdam (run/speedup.ts). */
export async function addSpeedups(
  result: SpecResult,
  every: number,
  env: TaskEnv = nodeTaskEnv(),
): Promise<{ optimizer: 'adam'; lr: number; grid: number[]; horizon: number }> {
  const tuned = await tuneAdam(result.spec, env, { every });
  for (const run of result.runs) {
    const s = speedupOverAdam(run.losses, tuned);
    if (!s) continue;
    run.speedupOverAdam = s.value;
    if (s.atLeast) run.speedupAtLeast = true;
  }
  return { optimizer: 'adam', lr: tuned.lr, grid: ADAM_LR_GRID, horizon: tuned.curve.length - 1 };
}

function parseEvery(v: FlagValues[string]): number {
  if (v === undefined) return DEFAULT_EVERY;
  const n = Number(v);
  if (!DECIMAL_INT.test(String(v).trim()) || !Number.isInteger(n) || n < 1 || n > MAX_STEPS)
    throw new UsageError(`--every: must be an integer ≥ 1 (allowed [1, ${MAX_STEPS}]), got '${v}'`);
  return n;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const flags = parseFlags(argv, RUN_FLAGS);
    if (flags.help) {
      io.out(usage('run', RUN_FLAGS));
      return 0;
    }
    const backend = (flags.backend as string | undefined) ?? DEFAULT_BACKEND;
    // A shared spec may prefer a browser backend (auto, webgpu, webgl): headless runs use --backend.
    if (!isNodeBackend(backend)) {
      throw new UsageError(`--backend: unknown backend '${backend}'; valid: ${NODE_BACKENDS.join(', ')}`);
    }
    const every = parseEvery(flags.every);
    let base: Record<string, unknown> = {};
    if (flags.spec !== undefined) {
      const loaded = await loadSpecSource(String(flags.spec));
      if (loaded.errors.length > 0) throw new UsageError(loaded.errors.map((e) => `--spec: ${e}`).join('\n'));
      base = loaded.spec as unknown as Record<string, unknown>;
    }
    const raw = rawSpecFromFlags(flags, base);
    raw.backend = backend;
    const parsed = parseSpec(raw);
    if (parsed.errors.length > 0) throw new UsageError(parsed.errors.join('\n'));
    const { spec, env } = flags.data
      ? await withCsvData(parsed.spec, String(flags.data), nodeTaskEnv())
      : { spec: parsed.spec, env: nodeTaskEnv() };
    const url = flags['print-url']
      ? // The link is for the browser: keep the shared spec's backend preference (default auto).
        specToUrl(
          { ...spec, backend: (base.backend as typeof spec.backend) ?? 'auto', fused: true },
          process.env.PLAYGROUND_URL ?? DEFAULT_APP_URL,
        )
      : undefined;
    await setupNodeBackend(backend);
    setLearnedSource(nodeLearnedSource()); // bounded, regular-file reads of public/pretrained
    const result = await runSpecToEnd(spec, env, every);
    const reference = flags.speedup ? await addSpeedups(result, every, env) : undefined;
    const doc = { ...(toJson(result) as object), ...(reference ? { speedupReference: reference } : {}) };
    if (flags.json) io.out(`${JSON.stringify(url ? { ...doc, url } : doc)}\n`);
    else {
      const ref = reference
        ? `speedup: steps Adam (lr ${reference.lr}, tuned over ${reference.grid.join(', ')}) needs to reach each run's final loss ÷ ${spec.steps}\n`
        : '';
      io.out(`${toTable(result)}${ref}${url ? `url: ${url}\n` : ''}`);
    }
    return 0;
  } catch (e) {
    return reportFailure('run', e, (t) => io.err(t));
  }
}
