/**
 * Build recharts rows from per-step series: decimate to ≤ maxPoints shared steps (keeping
 * each series' per-bucket minima and maxima), drop values a log axis cannot show, and map
 * non-finite values to null (a gap).
 */
import { decimateIndices } from './decimate';

export interface Column {
  key: string;
  values: ArrayLike<number>;
}

export type Row = Record<string, number | null>;

export interface RowOptions {
  maxPoints?: number;
  /** Drop values ≤ 0 (log-y). */
  positiveOnly?: boolean;
  /** Drop step 0 (log-x). */
  skipStepZero?: boolean;
  /** Series that drive the decimation (default: all columns). */
  decimateBy?: ArrayLike<number>[];
}

export function buildRows(columns: Column[], n: number, opts: RowOptions = {}): Row[] {
  const idx = decimateIndices(opts.decimateBy ?? columns.map((c) => c.values), n, opts.maxPoints ?? 1000);
  const rows: Row[] = [];
  for (const i of idx) {
    if (opts.skipStepZero && i === 0) continue;
    const row: Row = { step: i };
    for (const c of columns) {
      const v = i < c.values.length ? c.values[i] : Number.NaN;
      row[c.key] = Number.isFinite(v) && (!opts.positiveOnly || v > 0) ? v : null;
    }
    rows.push(row);
  }
  return rows;
}

/** Column c of a row-major matrix with `width` columns. */
export function column(values: ArrayLike<number>, width: number, c: number): Float32Array {
  const n = Math.floor(values.length / width);
  const out = new Float32Array(n);
  for (let k = 0; k < n; k++) out[k] = values[k * width + c];
  return out;
}

/** True if some finite value is ≤ 0 (a log axis cannot show it). */
export function hasNonPositive(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]) && values[i] <= 0) return true;
  return false;
}
