/**
 * Spec format versions and the migrations between them. Old links and files are migrated,
 * never rejected: a raw (unvalidated) spec object of version k goes through the migrations
 * k → k+1 → … → SPEC_VERSION, then through parseSpec like everything else.
 *
 * Versions
 *   0  (hypothetical pre-release format, kept as the migration example and tested)
 *      URL: `?spec=<percent-encoded JSON>` (optionally `v=0`); JSON: `{ "v": 0, ... }`.
 *      { task: 'rosenbrock', taskOptions: {x0, y0}, optimizers: [{ name, params: { learningRate,
 *        beta1, ... }, label?, color? }], steps, seed, backend, logScale: bool, smoothing }
 *      There were no fused kernels, so a v0 spec migrates with `fused: false`.
 *   1  the baseline: schema.ts's ExperimentSpec; URL syntax in url.ts.
 *      A v1 URL omits task options, backend, fused and chart settings equal to the v1
 *      defaults (tasks/catalog.ts, schema.ts's defaultSpec / DEFAULT_CHART at version 1).
 *
 * Adding version 2 (the hook):
 *   1. bump SPEC_VERSION in schema.ts and change the ExperimentSpec type;
 *   2. append `{ from: 1, summary, up }` to MIGRATIONS, where `up` turns a raw v1 object into
 *      a raw v2 object. If v2 changes a default that v1 URLs omit, `up` must write the v1
 *      default explicitly (a v1 link must keep meaning what it meant);
 *   3. keep url.ts able to read the v1 query syntax (it decodes to a raw object of the version
 *      named by `v`, and migrateSpec takes it from there); add a test beside test/spec/migrate.
 * A migration never throws and never validates: it renames and reshapes, and leaves anything
 * it does not recognise in place so that parseSpec names it.
 */
import { SPEC_VERSION } from './schema';

export type RawSpec = Record<string, unknown>;

export interface Migration {
  /** Reads version `from`, writes version `from + 1`. */
  from: number;
  summary: string;
  up(raw: RawSpec): RawSpec;
}

export const OLDEST_VERSION = 0;

function isRecord(x: unknown): x is RawSpec {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Copy `obj` without the keys in `drop` (null-prototype safe: Object.fromEntries). */
function omit(obj: RawSpec, drop: string[]): RawSpec {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !drop.includes(k)));
}

const V0_HYPER_RENAMES: Record<string, string> = { learningRate: 'lr', weight_decay: 'weightDecay' };

function v0Optimizer(o: unknown): unknown {
  if (!isRecord(o)) return o;
  const out = omit(o, ['name', 'params']);
  if (o.name !== undefined && o.id === undefined) out.id = o.name;
  if (o.params !== undefined) {
    out.hyper = isRecord(o.params)
      ? Object.fromEntries(Object.entries(o.params).map(([k, v]) => [V0_HYPER_RENAMES[k] ?? k, v]))
      : o.params;
  }
  return out;
}

const v0ToV1: Migration = {
  from: 0,
  summary:
    'version 0 (task as a string + taskOptions, optimizers { name, params.learningRate }, logScale) → version 1',
  up(raw) {
    const out = omit(raw, ['v', 'task', 'taskOptions', 'optimizers', 'logScale', 'smoothing']);
    out.v = 1;
    if (typeof raw.task === 'string') out.task = { id: raw.task, options: raw.taskOptions ?? {} };
    else if (raw.task !== undefined) out.task = raw.task;
    if (raw.taskOptions !== undefined && typeof raw.task !== 'string') out.taskOptions = raw.taskOptions;
    if (raw.optimizers !== undefined) {
      out.optimizers = Array.isArray(raw.optimizers) ? raw.optimizers.map(v0Optimizer) : raw.optimizers;
    }
    if (raw.logScale !== undefined || raw.smoothing !== undefined) {
      const chart: RawSpec = {};
      if (raw.logScale !== undefined) chart.logY = raw.logScale;
      if (raw.smoothing !== undefined) chart.smoothing = raw.smoothing;
      out.chart = chart;
    }
    if (out.fused === undefined) out.fused = false;
    return out;
  },
};

/** Ordered: MIGRATIONS[k].from === OLDEST_VERSION + k, ending at SPEC_VERSION − 1. */
export const MIGRATIONS: readonly Migration[] = [v0ToV1];

/**
 * The version a raw spec claims (`v`), with a message when it is unusable. A missing `v` means
 * the current version (hand-written JSON and short links may omit it).
 */
export function versionOf(raw: RawSpec): { version: number; errors: string[] } {
  const v = raw.v;
  if (v === undefined) return { version: SPEC_VERSION, errors: [] };
  const n = typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < OLDEST_VERSION) {
    const shown = typeof v === 'string' ? `'${v.slice(0, 20)}'` : typeof v;
    return {
      version: SPEC_VERSION,
      errors: [
        `v: must be a format version from ${OLDEST_VERSION} to ${SPEC_VERSION} (got ${shown}); read as version ${SPEC_VERSION}`,
      ],
    };
  }
  if (n > SPEC_VERSION) {
    return {
      version: SPEC_VERSION,
      errors: [
        `v: version ${n} is newer than this app reads (up to ${SPEC_VERSION}); read as version ${SPEC_VERSION}, fields it does not know are listed`,
      ],
    };
  }
  return { version: n, errors: [] };
}

/**
 * Bring a raw spec of any known version to the current one. Never throws. `errors` name `v`
 * when the version itself is unusable; `notes` say which migrations ran (informational).
 */
export function migrateSpec(raw: unknown): { raw: unknown; from: number; errors: string[]; notes: string[] } {
  if (!isRecord(raw)) return { raw, from: SPEC_VERSION, errors: [], notes: [] };
  const { version, errors } = versionOf(raw);
  let cur: RawSpec = { ...raw, v: version };
  const notes: string[] = [];
  for (const m of MIGRATIONS) {
    if (m.from < version) continue;
    cur = m.up(cur);
    notes.push(`v: migrated from version ${m.from} to ${m.from + 1} (${m.summary})`);
  }
  cur.v = SPEC_VERSION;
  return { raw: cur, from: version, errors, notes };
}
