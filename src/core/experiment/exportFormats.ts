/**
 * Export formats, pure functions (no DOM): the UI turns the strings into downloads, the CLI
 * writes them to files.
 *
 * CSV of loss curves (RFC 4180, CRLF line ends):
 *   step,Adam,"AdaMod, slow"
 *   0,24.200000762939453 → written as 24.2 (Float32Array input: shortest text that reads back
 *   as the same float32; number[] input: shortest text for the same float64)
 *   A cell is empty where the run has no finite value: diverged (NaN/Inf, or at/after
 *   `divergedAt`) or shorter than the longest run. Header labels are quoted when they hold
 *   '"', ',', CR/LF or edge spaces, and a label starting with = + - @ tab CR or ' gets a leading
 *   ' so that spreadsheets never run it as a formula (parseCurvesCsv removes it again).
 *
 * JSON export document (version 1):
 *   { kind: 'optimizer-playground-export', version: 1, appVersion, exportedAt?, spec, backend,
 *     runs: [{ label, losses, probes: { name: { width, values } }, divergedAt?, trajectory? }] }
 *   Number arrays hold shortest float32 texts; NaN/±Inf are written as null and read back as
 *   NaN. runs[i] belongs to spec.optimizers[i]. parseExportDocument validates every field with
 *   zod and rejects a bad file with messages naming the field (`runs[1].losses[7]: ...`).
 */
import { z } from 'zod';
import { LEARNED, type LearnedId } from '../learned/catalog';
import { OPTIMIZERS, type OptimizerId } from '../optim/catalog';
import type { Parsed } from './errors';
import { migrateSpec } from './migrate';
import { type ExperimentSpec, MAX_OPTIMIZERS, MAX_STEPS, parseSpec } from './schema';

export const EXPORT_KIND = 'optimizer-playground-export';
export const EXPORT_VERSION = 1;
/** Longest series per run: the initial loss plus one per step. */
export const MAX_SERIES = MAX_STEPS + 1;
export const MAX_PROBE_WIDTH = 64;
const MAX_REPORTED = 20;

// ---------------------------------------------------------------------------------------------
// Numbers

/** The double with the fewest digits that rounds to the float32 `x` (x itself if non-finite). */
export function shortestFloat32(x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || f === 0) return f;
  for (let p = 1; p < 9; p++) {
    const d = Number(f.toPrecision(p));
    if (Math.fround(d) === f) return d;
  }
  return Number(f.toPrecision(9));
}

function cellText(x: number, f32: boolean): string {
  const v = f32 ? shortestFloat32(x) : x;
  return Object.is(v, -0) ? '-0' : String(v);
}

// ---------------------------------------------------------------------------------------------
// Run labels

function catalogLabel(id: string): string {
  if (Object.hasOwn(OPTIMIZERS, id)) return OPTIMIZERS[id as OptimizerId].label;
  if (Object.hasOwn(LEARNED, id)) return LEARNED[id as LearnedId].label;
  return id;
}

/** One distinct label per optimizer entry: its own label, else the catalog name (#2, #3 on repeats). */
export function runLabels(spec: ExperimentSpec): string[] {
  const base = spec.optimizers.map((o) => o.label ?? catalogLabel(o.id));
  const seen = new Map<string, number>();
  return base.map((l) => {
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return n === 1 ? l : `${l} #${n}`;
  });
}

// ---------------------------------------------------------------------------------------------
// CSV

export interface CurveColumn {
  label: string;
  /** losses[k] = loss at step k (step 0 = the initial loss). */
  losses: ArrayLike<number>;
  /** First step with a NaN/Inf loss; cells from here on are empty. */
  divergedAt?: number;
  /** Held-out metrics (mean over seeds) at some steps: extra "held-out loss/accuracy" columns. */
  heldOut?: HeldOutSeries;
}

/** Held-out loss (and accuracy, classification tasks) measured at `steps`, mean over seeds. */
export interface HeldOutSeries {
  steps: number[];
  loss: number[];
  accuracy?: number[];
}

/** The held-out columns of a CSV: label and value per step. */
function heldOutColumns(runs: readonly CurveColumn[]): { label: string; at: Map<number, number> }[] {
  const out: { label: string; at: Map<number, number> }[] = [];
  for (const r of runs) {
    if (!r.heldOut) continue;
    const { steps, loss, accuracy } = r.heldOut;
    out.push({ label: `${r.label} · held-out loss`, at: new Map(steps.map((s, k) => [s, loss[k]])) });
    if (accuracy)
      out.push({
        label: `${r.label} · held-out accuracy`,
        at: new Map(steps.map((s, k) => [s, accuracy[k]])),
      });
  }
  return out;
}

function csvText(s: string): string {
  const guarded = /^[=+\-@\t\r']/.test(s) ? `'${s}` : s;
  return /[",\r\n]|^\s|\s$/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/**
 * Loss curves as CSV: `step` then one column per run; empty cells where a run has no value.
 * Runs with held-out metrics add "<label> · held-out loss" (and "· held-out accuracy") columns,
 * filled at the steps where they were measured.
 */
export function curvesToCsv(runs: readonly CurveColumn[]): string {
  const held = heldOutColumns(runs);
  const rows: string[] = [
    ['step', ...runs.map((r) => csvText(r.label)), ...held.map((h) => csvText(h.label))].join(','),
  ];
  const n = Math.max(0, ...runs.map((r) => r.losses.length));
  const f32 = runs.map((r) => r.losses instanceof Float32Array);
  for (let k = 0; k < n; k++) {
    let row = String(k);
    for (let j = 0; j < runs.length; j++) {
      const r = runs[j];
      const v = k < r.losses.length ? r.losses[k] : Number.NaN;
      const dead = !Number.isFinite(v) || (r.divergedAt !== undefined && k >= r.divergedAt);
      row += dead ? ',' : `,${cellText(v, f32[j])}`;
    }
    for (const h of held) {
      const v = h.at.get(k);
      row += v === undefined || !Number.isFinite(v) ? ',' : `,${cellText(v, false)}`;
    }
    rows.push(row);
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** RFC 4180 records (quotes, doubled quotes, CRLF or LF). */
function csvRecords(text: string): Parsed<string[][]> {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  let line = 1;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        if (i < text.length && !',\r\n'.includes(text[i])) {
          return { ok: false, errors: [`line ${line}: text after a closing quote`] };
        }
        continue;
      }
      if (c === '\n') line++;
      cell += c;
      i++;
      continue;
    }
    if (c === '"' && cell === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      record.push(cell);
      cell = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    } else {
      cell += c;
      i++;
    }
  }
  if (quoted) return { ok: false, errors: [`line ${line}: unterminated quoted field`] };
  if (cell !== '' || record.length > 0) {
    record.push(cell);
    records.push(record);
  }
  return { ok: true, value: records };
}

export interface CurvesTable {
  labels: string[];
  steps: number[];
  /** columns[j][row]: NaN where the cell was empty. */
  columns: number[][];
}

/** Read back a CSV written by curvesToCsv (or any with the same shape); messages name line and column. */
export function parseCurvesCsv(text: string): Parsed<CurvesTable> {
  const rec = csvRecords(text);
  if (!rec.ok) return rec;
  const [header, ...rows] = rec.value;
  if (header?.[0] !== 'step') return { ok: false, errors: ["line 1: the first column must be 'step'"] };
  const labels = header.slice(1).map((l) => (l.startsWith("'") ? l.slice(1) : l));
  const columns = labels.map(() => [] as number[]);
  const steps: number[] = [];
  const errors: string[] = [];
  rows.forEach((row, r) => {
    const line = r + 2;
    if (row.length !== header.length) {
      errors.push(`line ${line}: ${row.length} cells; the header has ${header.length}`);
      return;
    }
    const step = Number(row[0]);
    if (row[0] === '' || !Number.isInteger(step) || step < 0)
      errors.push(`line ${line}, step: not a step number`);
    steps.push(step);
    for (let j = 0; j < labels.length; j++) {
      const cell = row[j + 1];
      const v = cell === '' ? Number.NaN : Number(cell);
      if (cell !== '' && !Number.isFinite(v))
        errors.push(`line ${line}, column '${labels[j]}': not a number`);
      columns[j].push(v);
    }
  });
  if (errors.length > 0) return { ok: false, errors: capped(errors) };
  return { ok: true, value: { labels, steps, columns } };
}

// ---------------------------------------------------------------------------------------------
// JSON export document

export interface ProbeSeries {
  width: number;
  /** width values per recorded step, row-major. */
  values: Float32Array;
}

export interface ExportRun {
  label: string;
  losses: Float32Array;
  probes: Record<string, ProbeSeries>;
  divergedAt?: number;
  /** 2-D tasks: interleaved x, y per step. */
  trajectory?: Float32Array;
  heldOut?: HeldOutSeries;
}

export interface ExportDocument {
  kind: typeof EXPORT_KIND;
  version: number;
  appVersion: string;
  exportedAt?: string;
  spec: ExperimentSpec;
  /** The backend the runs actually used (webgpu, webgl, wasm, cpu, …). */
  backend: string;
  runs: ExportRun[];
}

export interface ExportRunInput {
  label: string;
  losses: ArrayLike<number>;
  probes?: Record<string, { width: number; values: ArrayLike<number> }>;
  divergedAt?: number;
  trajectory?: ArrayLike<number>;
  heldOut?: HeldOutSeries;
}

export interface ExportInput {
  spec: ExperimentSpec;
  backend: string;
  appVersion: string;
  /** ISO time; left out unless given (keeps exports reproducible byte for byte). */
  exportedAt?: string;
  runs: readonly ExportRunInput[];
}

function jsonSeries(a: ArrayLike<number>): (number | null)[] {
  const f32 = a instanceof Float32Array;
  const out: (number | null)[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    out[i] = Number.isFinite(v) ? (f32 ? shortestFloat32(v) : v) : null;
  }
  return out;
}

/** The export document as JSON text. */
export function exportDocumentJson(input: ExportInput): string {
  const doc = {
    kind: EXPORT_KIND,
    version: EXPORT_VERSION,
    appVersion: input.appVersion,
    ...(input.exportedAt !== undefined ? { exportedAt: input.exportedAt } : {}),
    spec: input.spec,
    backend: input.backend,
    runs: input.runs.map((r) => ({
      label: r.label,
      losses: jsonSeries(r.losses),
      probes: Object.fromEntries(
        Object.entries(r.probes ?? {}).map(([name, p]) => [
          name,
          { width: p.width, values: jsonSeries(p.values) },
        ]),
      ),
      ...(r.divergedAt !== undefined ? { divergedAt: r.divergedAt } : {}),
      ...(r.trajectory !== undefined ? { trajectory: jsonSeries(r.trajectory) } : {}),
      ...(r.heldOut
        ? {
            heldOut: {
              steps: r.heldOut.steps,
              loss: jsonSeries(r.heldOut.loss),
              ...(r.heldOut.accuracy ? { accuracy: jsonSeries(r.heldOut.accuracy) } : {}),
            },
          }
        : {}),
    })),
  };
  return JSON.stringify(doc);
}

const valueSchema = z.number({ error: 'must be a number or null' }).nullable();
const seriesSchema = (max: number) =>
  z.array(valueSchema, { error: 'must be a list of numbers' }).max(max, { error: `at most ${max} values` });
const probeSchema = z
  .strictObject({
    width: z
      .int({ error: `must be an integer in [1, ${MAX_PROBE_WIDTH}]` })
      .min(1, { error: `must be ≥ 1 (allowed [1, ${MAX_PROBE_WIDTH}])` })
      .max(MAX_PROBE_WIDTH, { error: `must be ≤ ${MAX_PROBE_WIDTH} (allowed [1, ${MAX_PROBE_WIDTH}])` }),
    values: seriesSchema(MAX_SERIES * MAX_PROBE_WIDTH),
  })
  .refine((p) => !(p.width >= 1) || p.values.length % p.width === 0, {
    error: 'must hold a whole number of rows (values.length a multiple of width)',
    path: ['values'],
  });
const runSchema = z.strictObject({
  label: z.string({ error: 'must be a text' }).max(200, { error: 'must be at most 200 characters' }),
  losses: seriesSchema(MAX_SERIES),
  probes: z
    .record(
      z
        .string()
        .regex(/^[A-Za-z_][\w]{0,63}$/, { error: 'probe names are identifiers (letters, digits, _)' }),
      probeSchema,
      { error: 'must be an object of probe series' },
    )
    .refine((p) => Object.keys(p).length <= 64, { error: 'at most 64 probes' }),
  divergedAt: z
    .int({ error: `must be a step number in [0, ${MAX_SERIES}]` })
    .min(0, { error: `must be ≥ 0 (allowed [0, ${MAX_SERIES}])` })
    .max(MAX_SERIES, { error: `must be ≤ ${MAX_SERIES}` })
    .optional(),
  trajectory: seriesSchema(2 * MAX_SERIES).optional(),
  heldOut: z
    .strictObject({
      steps: z
        .array(z.int().min(0).max(MAX_SERIES), { error: 'must be a list of step numbers' })
        .max(MAX_SERIES),
      loss: seriesSchema(MAX_SERIES),
      accuracy: seriesSchema(MAX_SERIES).optional(),
    })
    .optional(),
});
const documentSchema = z.strictObject({
  kind: z.literal(EXPORT_KIND),
  version: z.int({ error: `must be an integer in [1, ${EXPORT_VERSION}]` }),
  appVersion: z
    .string({ error: 'must be a text' })
    .min(1, { error: 'must not be empty' })
    .max(64, { error: 'must be at most 64 characters' }),
  exportedAt: z
    .string({ error: 'must be a text' })
    .max(64, { error: 'must be at most 64 characters' })
    .optional(),
  spec: z.unknown(),
  backend: z
    .string({ error: 'must be a text' })
    .regex(/^[\w.-]{1,32}$/, { error: 'must be a backend name like webgl' }),
  runs: z
    .array(runSchema, { error: 'must be a list of runs' })
    .max(MAX_OPTIMIZERS, { error: `at most ${MAX_OPTIMIZERS} runs` }),
});

function pathText(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s === '' ? 'file' : s;
}

function capped(errors: string[]): string[] {
  if (errors.length <= MAX_REPORTED) return errors;
  return [...errors.slice(0, MAX_REPORTED), `… and ${errors.length - MAX_REPORTED} more problems`];
}

function toF32(a: (number | null)[]): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ?? Number.NaN;
  return out;
}

export type ImportResult =
  | { ok: true; doc: ExportDocument; notes: string[] }
  | { ok: false; errors: string[] };

/** Validate an export file. Rejects it (never throws) with messages naming each bad field. */
export function parseExportDocument(text: string): ImportResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message.slice(0, 80) : 'unreadable';
    return { ok: false, errors: [`file: not valid JSON (${why})`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: ['file: must be a JSON object (an Optimizer Playground export)'] };
  }
  const head = raw as Record<string, unknown>;
  if (head.kind !== EXPORT_KIND) {
    return {
      ok: false,
      errors: [`kind: must be '${EXPORT_KIND}'; this is not an Optimizer Playground export`],
    };
  }
  if (typeof head.version === 'number' && head.version > EXPORT_VERSION) {
    return {
      ok: false,
      errors: [
        `version: this file is version ${head.version}; this app reads versions up to ${EXPORT_VERSION}`,
      ],
    };
  }
  const res = documentSchema.safeParse(raw);
  if (!res.success) {
    const errors = res.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map(
            (k) => `${pathText([...i.path, k.length > 40 ? `${k.slice(0, 40)}…` : k])}: unknown field`,
          )
        : [`${pathText(i.path)}: ${i.message}`],
    );
    return { ok: false, errors: capped(errors) };
  }
  const d = res.data;
  if (d.version < 1) return { ok: false, errors: [`version: must be an integer in [1, ${EXPORT_VERSION}]`] };
  const m = migrateSpec(d.spec);
  const parsed = parseSpec(m.raw);
  const errors = [...m.errors, ...parsed.errors].map((e) => `spec.${e}`);
  if (errors.length === 0 && d.runs.length !== parsed.spec.optimizers.length) {
    errors.push(
      `runs: ${d.runs.length} runs but spec.optimizers has ${parsed.spec.optimizers.length} entries (one run per optimizer)`,
    );
  }
  if (errors.length > 0) return { ok: false, errors: capped(errors) };
  const doc: ExportDocument = {
    kind: EXPORT_KIND,
    version: d.version,
    appVersion: d.appVersion,
    ...(d.exportedAt !== undefined ? { exportedAt: d.exportedAt } : {}),
    spec: parsed.spec,
    backend: d.backend,
    runs: d.runs.map((r) => ({
      label: r.label,
      losses: toF32(r.losses),
      probes: Object.fromEntries(
        Object.entries(r.probes).map(([name, p]) => [name, { width: p.width, values: toF32(p.values) }]),
      ),
      ...(r.divergedAt !== undefined ? { divergedAt: r.divergedAt } : {}),
      ...(r.trajectory !== undefined ? { trajectory: toF32(r.trajectory) } : {}),
      ...(r.heldOut
        ? {
            heldOut: {
              steps: r.heldOut.steps,
              loss: r.heldOut.loss.map((v) => v ?? Number.NaN),
              ...(r.heldOut.accuracy ? { accuracy: r.heldOut.accuracy.map((v) => v ?? Number.NaN) } : {}),
            },
          }
        : {}),
    })),
  };
  return { ok: true, doc, notes: m.notes };
}
