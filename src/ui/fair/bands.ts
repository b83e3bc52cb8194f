/** Seed bands for the loss chart: mean ± 1 std (or min…max) of each run's seeds, per step. Pure. */
import { curveStats } from '../../core/run/stats';
import type { FastBand } from '../lib/paths';
import type { BandMode } from './fairStore';

/** Band limits of several seeds' curves (`null` for one seed or mode off). */
export function bandOf(
  seeds: ArrayLike<number>[],
  mode: BandMode,
): { lo: Float32Array; hi: Float32Array } | null {
  if (mode === 'off' || seeds.length < 2) return null;
  const c = curveStats(seeds);
  if (mode === 'minmax') return { lo: c.min, hi: c.max };
  return { lo: c.mean.map((m, k) => m - c.std[k]), hi: c.mean.map((m, k) => m + c.std[k]) };
}

export function seedBands(
  runs: { i: number; seeds: ArrayLike<number>[]; color: string }[],
  mode: BandMode,
  xs: readonly number[],
): FastBand[] {
  const out: FastBand[] = [];
  for (const r of runs) {
    const b = bandOf(r.seeds, mode);
    if (b) out.push({ key: `band${r.i}`, xs, lo: b.lo, hi: b.hi, color: r.color, opacity: 0.18 });
  }
  return out;
}
