/**
 * Summaries over seeds (pure, no tfjs): mean and sample standard deviation (n − 1; 0 for one
 * value), per value and per step of several curves. A non-finite value (a diverged seed)
 * makes the summary NaN: a mean over the seeds that happened to survive would hide divergence.
 */

export interface MeanStd {
  mean: number;
  std: number;
}

export function meanStd(xs: ArrayLike<number>): MeanStd {
  const n = xs.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[i];
  const mean = sum / n;
  if (!Number.isFinite(mean)) return { mean: Number.NaN, std: Number.NaN };
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (xs[i] - mean) ** 2;
  return { mean, std: n > 1 ? Math.sqrt(sq / (n - 1)) : 0 };
}

/** Step-wise mean, std, min and max of equally long curves. */
export function curveStats(curves: ArrayLike<number>[]): {
  mean: Float32Array;
  std: Float32Array;
  min: Float32Array;
  max: Float32Array;
} {
  const len = curves.reduce((m, c) => Math.max(m, c.length), 0);
  const mean = new Float32Array(len);
  const std = new Float32Array(len);
  const min = new Float32Array(len);
  const max = new Float32Array(len);
  const col = new Float64Array(curves.length);
  for (let k = 0; k < len; k++) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    curves.forEach((c, s) => {
      const v = k < c.length ? c[k] : Number.NaN;
      col[s] = v;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    });
    const m = meanStd(col);
    mean[k] = m.mean;
    std[k] = m.std;
    min[k] = Number.isFinite(m.mean) ? lo : Number.NaN;
    max[k] = Number.isFinite(m.mean) ? hi : Number.NaN;
  }
  return { mean, std, min, max };
}

/** "Final" loss of a curve: the mean of its last 10% (at least one value), NaN if any is not finite. */
export function finalOfCurve(losses: ArrayLike<number>): number {
  const n = losses.length;
  if (n === 0) return Number.NaN;
  const tail = Math.max(1, Math.round(n * 0.1));
  let sum = 0;
  for (let k = n - tail; k < n; k++) sum += losses[k];
  return Number.isFinite(sum) ? sum / tail : Number.NaN;
}
