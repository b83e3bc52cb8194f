/**
 * ExperimentSpec: everything needed to reproduce an experiment. One schema for the UI store,
 * the URL, JSON files and the CLI. Pure data (zod, no tfjs).
 *
 * `parseSpec` is lenient by design: input is untrusted (URLs, files), so each field is
 * validated on its own, an invalid field is replaced by its default, and every rejection is
 * reported as a message naming the field and the allowed values. It never throws.
 */
import { z } from 'zod';
import { LEARNED_IDS, parseLearnedHyper } from '../learned/catalog';
import { type Hyper, OPTIMIZER_IDS } from '../optim/catalog';
import { parseHyper } from '../optim/validate';
import { checkScheduleSteps, type HyperEvent, parseSchedule } from './schedule';
import {
  type BackendPref,
  backendSchema,
  MAX_OPTIMIZERS,
  seedSchema,
  seedsSchema,
  stepsSchema,
} from './specLimits';

export { BACKENDS, type BackendPref, MAX_OPTIMIZERS, MAX_SEEDS, MAX_STEPS } from './specLimits';

import {
  defaultTaskOptions,
  parseTaskOptions,
  TASK_IDS,
  type TaskId,
  type TaskOptions,
} from '../tasks/catalog';

export const SPEC_VERSION = 1;

export interface OptimizerEntry {
  /** A hand-designed rule id (catalog.ts) or a learned optimizer id. */
  id: string;
  hyper: Hyper;
  /** Learned optimizers: which weights ('pretrained:<name>' or 'local:<name>'). */
  weights?: string;
  label?: string;
  color?: string;
  /** Recorded mid-run edits (schedule.ts): `hyper` holds the values at step 0. */
  schedule?: HyperEvent[];
}

export interface ChartSettings {
  logY: boolean;
  logX: boolean;
  /** Debiased EMA smoothing weight in [0, 0.999]. */
  smoothing: number;
}

export interface ExperimentSpec {
  v: typeof SPEC_VERSION;
  task: { id: TaskId; options: TaskOptions };
  optimizers: OptimizerEntry[];
  steps: number;
  seed: number;
  /**
   * Run every optimizer over this many seeds (seed, seed + 1, …; same inits and minibatches for
   * all optimizers within a seed) and report mean ± std. Absent = 1 (links from before it stay valid).
   */
  seeds?: number;
  backend: BackendPref;
  /** Use fused kernels where available (webgpu, wasm, cpu; plain tfjs ops elsewhere). */
  fused: boolean;
  chart: ChartSettings;
}

export const DEFAULT_CHART: ChartSettings = { logY: true, logX: false, smoothing: 0 };

export function defaultSpec(): ExperimentSpec {
  return {
    v: SPEC_VERSION,
    task: { id: 'rosenbrock', options: defaultTaskOptions('rosenbrock') },
    optimizers: [
      { id: 'adam', hyper: { lr: 0.01 } },
      { id: 'adamod', hyper: { lr: 0.01 } },
    ],
    steps: 500,
    seed: 1,
    backend: 'auto',
    fused: true,
    chart: { ...DEFAULT_CHART },
  };
}

const chartSchema = z.strictObject({
  logY: z.boolean({ error: 'must be true or false' }).default(DEFAULT_CHART.logY),
  logX: z.boolean({ error: 'must be true or false' }).default(DEFAULT_CHART.logX),
  smoothing: z
    .number({ error: 'must be a number in [0, 0.999]' })
    .min(0, { error: 'must be ≥ 0 (allowed [0, 0.999])' })
    .max(0.999, { error: 'must be ≤ 0.999 (allowed [0, 0.999])' })
    .default(DEFAULT_CHART.smoothing),
});
const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: 'must be a colour like #1f77b4' });
/**
 * Plain text: no control characters, no bidirectional overrides/isolates (U+202A–U+202E,
 * U+2066–U+2069: they reorder what follows, e.g. the rest of a legend or a message) and no
 * lone UTF-16 surrogates (so it always encodes to a URL).
 */
const labelSchema = z
  .string({ error: 'must be a text of at most 60 characters' })
  .max(60, { error: 'must be at most 60 characters' })
  .regex(/^[^\p{Cc}\p{Cs}]*$/u, { error: 'must be plain text (no control characters)' })
  .regex(/^[^\u202A-\u202E\u2066-\u2069]*$/u, {
    error: 'must not contain bidirectional-override characters (U+202A–U+202E, U+2066–U+2069)',
  });
const weightsSchema = z
  .string()
  .regex(/^(pretrained|local):[\w.-]{1,64}$/, { error: "must be 'pretrained:<name>' or 'local:<name>'" });

export function knownOptimizerIds(): string[] {
  return [...OPTIMIZER_IDS, ...LEARNED_IDS];
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Echo untrusted text in a message: quoted, at most `max` characters. */
export function clipEcho(text: string, max = 40): string {
  const clean = text.replace(/[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/gu, '\uFFFD');
  const t = clean.length > max ? `${clean.slice(0, max)}…` : clean;
  return `'${t}'`;
}

/** Messages echo untrusted keys and ids (zod quotes them too): shorten any long quoted run. */
function clipMessage(m: string): string {
  const short = m.replace(/(["'])([^"']{40})[^"']{4,}\1/g, '$1$2…$1');
  return short.length > 400 ? `${short.slice(0, 399)}…` : short;
}

/** Validate one optimizer entry; `where` names it in messages (e.g. `optimizers[1]`). */
export function parseOptimizerEntry(
  raw: unknown,
  where: string,
): { entry?: OptimizerEntry; errors: string[] } {
  if (!isRecord(raw)) return { errors: [`${where}: must be an object with an id`] };
  const id = raw.id;
  if (typeof id !== 'string') return { errors: [`${where}.id: must be a string`] };
  const learned = LEARNED_IDS.includes(id);
  const parse = (h: unknown) => (learned ? parseLearnedHyper(id, h) : parseHyper(id, h));
  const hp = parse(raw.hyper);
  const errors: string[] = [];
  let hyper: Hyper = {};
  if (hp.ok) hyper = { ...(raw.hyper as Hyper) };
  else {
    for (const e of hp.errors) {
      if (e.startsWith('unknown optimizer')) {
        return {
          errors: [
            `${where}.id: unknown optimizer ${clipEcho(id)}; valid: ${knownOptimizerIds().join(', ')}`,
          ],
        };
      }
      errors.push(`${where}.hyper.${e}`);
    }
    // Keep the valid hyperparameters; drop only the rejected ones.
    if (isRecord(raw.hyper)) {
      for (const [k, v] of Object.entries(raw.hyper))
        if (parse({ [k]: v }).ok) hyper[k as keyof Hyper] = v as number;
    }
  }
  const entry: OptimizerEntry = { id, hyper };
  for (const [key, schema] of [
    ['label', labelSchema],
    ['color', colorSchema],
    ['weights', weightsSchema],
  ] as const) {
    if (raw[key] === undefined) continue;
    const r = schema.safeParse(raw[key]);
    if (r.success) entry[key] = r.data;
    else errors.push(`${where}.${key}: ${r.error.issues[0].message}`);
  }
  if (raw.schedule !== undefined) {
    const s = parseSchedule(id, hyper, raw.schedule, `${where}.schedule`);
    errors.push(...s.errors);
    if (s.schedule.length > 0) entry.schedule = s.schedule;
  }
  for (const key of Object.keys(raw)) {
    if (!['id', 'hyper', 'label', 'color', 'weights', 'schedule'].includes(key)) {
      errors.push(
        `${where}.${clipEcho(key).slice(1, -1)}: unknown field; valid: id, hyper, label, color, weights, schedule`,
      );
    }
  }
  return { entry, errors };
}

/** How many seeds the spec averages over (1 when absent). */
export function seedCount(spec: Pick<ExperimentSpec, 'seeds'>): number {
  return spec.seeds ?? 1;
}

/**
 * Lenient parse: returns a complete, valid spec built from the valid parts of `raw` plus
 * defaults, and one message per rejected field. `errors` empty ⇔ `raw` was entirely valid.
 */
export function parseSpec(raw: unknown): { spec: ExperimentSpec; errors: string[] } {
  const spec = defaultSpec();
  const errors: string[] = [];
  if (!isRecord(raw)) return { spec, errors: ['spec: must be a JSON object'] };
  const field = <T>(key: string, schema: z.ZodType<T>, set: (v: T) => void) => {
    if (raw[key] === undefined) return;
    const r = schema.safeParse(raw[key]);
    if (r.success) set(r.data);
    else errors.push(`${key}: ${r.error.issues[0].message}`);
  };
  if (raw.v !== undefined && raw.v !== SPEC_VERSION) {
    errors.push(`v: unsupported version ${JSON.stringify(raw.v)}; this app reads version ${SPEC_VERSION}`);
  }
  if (raw.task !== undefined) {
    const task = raw.task;
    if (!isRecord(task) || typeof task.id !== 'string') {
      errors.push(`task: must be an object { id, options } with id one of ${TASK_IDS.join(', ')}`);
    } else if (!TASK_IDS.includes(task.id as TaskId)) {
      // Checked here first: an id like 'constructor' must not reach a lookup by key.
      errors.push(`task: unknown task ${clipEcho(task.id)}; valid: ${TASK_IDS.join(', ')}`);
    } else {
      const r = parseTaskOptions(task.id, task.options);
      if (r.ok) spec.task = { id: task.id as TaskId, options: r.value };
      else {
        // Known task with some bad options: keep the good options, default the bad ones.
        errors.push(...r.errors);
        const opts: Record<string, unknown> = isRecord(task.options) ? { ...task.options } : {};
        for (const key of Object.keys(opts)) {
          if (!parseTaskOptions(task.id, { [key]: opts[key] }).ok) delete opts[key];
        }
        const again = parseTaskOptions(task.id, opts);
        spec.task = {
          id: task.id as TaskId,
          options: again.ok ? again.value : defaultTaskOptions(task.id as TaskId),
        };
      }
    }
  }
  if (raw.optimizers !== undefined) {
    if (!Array.isArray(raw.optimizers)) errors.push('optimizers: must be a list');
    else {
      const list: OptimizerEntry[] = [];
      raw.optimizers.slice(0, MAX_OPTIMIZERS).forEach((o, i) => {
        const r = parseOptimizerEntry(o, `optimizers[${i}]`);
        errors.push(...r.errors);
        if (r.entry) list.push(r.entry);
      });
      if (raw.optimizers.length > MAX_OPTIMIZERS) {
        errors.push(`optimizers: at most ${MAX_OPTIMIZERS} entries; the rest were dropped`);
      }
      spec.optimizers = list;
    }
  }
  field('steps', stepsSchema, (v) => {
    spec.steps = v;
  });
  errors.push(...checkScheduleSteps(spec.optimizers, spec.steps));
  field('seed', seedSchema, (v) => {
    spec.seed = v;
  });
  field('seeds', seedsSchema, (v) => {
    spec.seeds = v;
  });
  field('backend', backendSchema, (v) => {
    spec.backend = v;
  });
  field('fused', z.boolean({ error: 'must be true or false' }), (v) => {
    spec.fused = v;
  });
  if (raw.chart !== undefined) {
    const r = chartSchema.safeParse(raw.chart);
    if (r.success) spec.chart = r.data;
    else {
      for (const i of r.error.issues) {
        if (i.code === 'unrecognized_keys') {
          for (const k of i.keys)
            errors.push(`chart.${clipEcho(k).slice(1, -1)}: unknown field; valid: logY, logX, smoothing`);
        } else errors.push(`chart${i.path.map((p) => `.${String(p)}`).join('')}: ${i.message}`);
      }
      // Keep the valid settings; default only the rejected ones.
      if (isRecord(raw.chart)) {
        for (const key of ['logY', 'logX', 'smoothing'] as const) {
          const one = chartSchema.safeParse({ [key]: raw.chart[key] });
          if (one.success) (spec.chart as unknown as Record<string, unknown>)[key] = one.data[key];
        }
      }
    }
  }
  for (const key of Object.keys(raw)) {
    if (!['v', 'task', 'optimizers', 'steps', 'seed', 'seeds', 'backend', 'fused', 'chart'].includes(key)) {
      errors.push(
        `${clipEcho(key).slice(1, -1)}: unknown field; valid: v, task, optimizers, steps, seed, seeds, backend, fused, chart`,
      );
    }
  }
  return { spec, errors: errors.map(clipMessage) };
}
