/**
 * EWMA input normalisation of the policy (docs/algorithms.md §5.4): per-feature bias-corrected
 * exponential moving mean and variance (β = 0.999, one update per observation), then
 *   x̃ = clip((x − μ)/√(σ² + 1e-5), −2, 2).
 * Updated only while training; frozen (and saved with the weights) for inference. Plain numbers.
 */
export const NORM_BETA = 0.999;
export const NORM_EPS = 1e-5;
export const NORM_CLIP = 2;

export interface NormStats {
  mean: number[];
  sq: number[];
  /** Bias correction Σ(1−β)β^k: 0 before the first update. */
  count: number;
}

export const emptyNorm = (n: number): NormStats => ({
  mean: new Array(n).fill(0),
  sq: new Array(n).fill(0),
  count: 0,
});

/** Update with one observation (returns new stats). */
export function normUpdate(s: NormStats, x: readonly number[]): NormStats {
  const b = NORM_BETA;
  const mean = s.mean.map((m, i) => b * m + (1 - b) * x[i]);
  const count = b * s.count + (1 - b);
  const sq = s.sq.map((v, i) => b * v + (1 - b) * (x[i] - mean[i] / count) ** 2);
  return { mean, sq, count };
}

/** Normalise and clip (identity-like μ = 0, σ² = 1 before any update). */
export function normApply(s: NormStats, x: readonly number[]): number[] {
  return x.map((xi, i) => {
    const mu = s.count > 0 ? s.mean[i] / s.count : 0;
    const v = s.count > 0 ? s.sq[i] / s.count : 1;
    const z = (xi - mu) / Math.sqrt(v + NORM_EPS);
    return Math.max(-NORM_CLIP, Math.min(NORM_CLIP, Number.isFinite(z) ? z : 0));
  });
}
