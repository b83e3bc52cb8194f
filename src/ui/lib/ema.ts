/**
 * Debiased exponential moving average (TensorBoard's smoothing): s_t = w·s_{t−1} + (1−w)·x_t,
 * reported as s_t / (1 − w^(t+1)) so the start is not pulled towards 0. Non-finite values
 * pass through unsmoothed and do not disturb the average. w = 0 returns the input.
 */
export function debiasedEma(xs: ArrayLike<number>, w: number, n = xs.length): Float64Array {
  const out = new Float64Array(n);
  if (w <= 0) {
    for (let i = 0; i < n; i++) out[i] = xs[i];
    return out;
  }
  let s = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    if (!Number.isFinite(x)) {
      out[i] = x;
      continue;
    }
    s = w * s + (1 - w) * x;
    k++;
    out[i] = s / (1 - w ** k);
  }
  return out;
}
