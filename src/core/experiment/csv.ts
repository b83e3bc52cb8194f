/**
 * Loss curves as CSV (RFC 4180, CRLF line ends): curvesToCsv writes, parseCurvesCsv reads back.
 * See exportFormats.ts for the format.
 */
import type { Parsed } from './errors';
import { capped, type HeldOutSeries, shortestFloat32 } from './exportCommon';

function cellText(x: number, f32: boolean): string {
  const v = f32 ? shortestFloat32(x) : x;
  return Object.is(v, -0) ? '-0' : String(v);
}

export interface CurveColumn {
  label: string;
  /** losses[k] = loss at step k (step 0 = the initial loss). */
  losses: ArrayLike<number>;
  /** First step with a NaN/Inf loss; cells from here on are empty. */
  divergedAt?: number;
  /** Held-out metrics (mean over seeds) at some steps: extra "held-out loss/accuracy" columns. */
  heldOut?: HeldOutSeries;
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
