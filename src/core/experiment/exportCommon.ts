/**
 * Shared pieces of the export formats (exportFormats.ts): the document kind and limits,
 * shortest float32 text, run labels and capped error lists.
 */
import { LEARNED, type LearnedId } from '../learned/catalog';
import { OPTIMIZERS, type OptimizerId } from '../optim/catalog';
import { type ExperimentSpec, MAX_STEPS } from './schema';

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

/** Held-out loss (and accuracy, classification tasks) measured at `steps`, mean over seeds. */
export interface HeldOutSeries {
  steps: number[];
  loss: number[];
  accuracy?: number[];
}

/** At most MAX_REPORTED messages, then a count of the rest. */
export function capped(errors: string[]): string[] {
  if (errors.length <= MAX_REPORTED) return errors;
  return [...errors.slice(0, MAX_REPORTED), `… and ${errors.length - MAX_REPORTED} more problems`];
}
