/**
 * CDF features (docs/algorithms.md §5.2, RECONSTRUCTED from the config's `integral_cdf`):
 * for a scalar series x observed at training progress p, on each timescale w ∈ END_WEIGHTS
 * keep a bias-corrected exponential moving mean μ and variance σ² that forget at rate w per
 * unit of progress (decay per observation d = exp(−w·Δp)):
 *   a ← d·a + (1−d)·x;  c ← d·c + (1−d);  μ = a/c
 *   s ← d·s + (1−d)·(x − μ)²;  σ² = s/c
 * and output Φ((x − μ)/√(σ² + 1e-8)) ∈ (0, 1). The first observation gives 0.5. A non-finite
 * x leaves the statistics unchanged and gives 0.5. Plain numbers (host side), pure functions.
 */
import { phi } from './normal';

export const END_WEIGHTS = [1.25, 2.5, 5, 10, 20] as const;
export const N_CDF = END_WEIGHTS.length;

/** Statistics of one series on every timescale: [a, s, c] per timescale. */
export type CdfStats = number[];

export const emptyCdf = (): CdfStats => new Array(3 * N_CDF).fill(0);

/** Observe x after progress advanced by dp; returns the new stats and the N_CDF outputs. */
export function cdfUpdate(stats: CdfStats, x: number, dp: number): { stats: CdfStats; out: number[] } {
  if (!Number.isFinite(x)) return { stats, out: new Array(N_CDF).fill(0.5) };
  const next = stats.slice();
  const out: number[] = [];
  END_WEIGHTS.forEach((w, k) => {
    // The very first observation (c = 0) takes x whatever dp is.
    const d = stats[3 * k + 2] === 0 ? 0 : Math.exp(-w * Math.max(dp, 0));
    const a = d * stats[3 * k] + (1 - d) * x;
    const c = d * stats[3 * k + 2] + (1 - d);
    const mu = a / c;
    const s = d * stats[3 * k + 1] + (1 - d) * (x - mu) ** 2;
    next[3 * k] = a;
    next[3 * k + 1] = s;
    next[3 * k + 2] = c;
    out.push(phi((x - mu) / Math.sqrt(s / c + 1e-8)));
  });
  return { stats: next, out };
}
