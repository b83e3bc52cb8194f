/** A y-axis domain that fits the plotted values (at the given steps) with a little padding. */
export function seriesDomain(
  series: ArrayLike<number>[],
  xs: readonly number[],
  log: boolean,
): [number, number] | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const ys of series) {
    for (const x of xs) {
      const y = ys[x];
      if (!Number.isFinite(y) || (log && y <= 0)) continue;
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    }
  }
  if (!(hi >= lo)) return null;
  if (log) {
    if (hi === lo) return [lo / 2, hi * 2];
    const pad = (hi / lo) ** 0.04;
    return [lo / pad, hi * pad];
  }
  const pad = hi === lo ? Math.abs(hi) * 0.1 || 1 : (hi - lo) * 0.04;
  return [lo - pad, hi + pad];
}

/**
 * Round a domain outward to "nice" bounds (quarter decades on log axes, a 1-2-5 step of the
 * span on linear ones), so that it, and the chart's axes, change only now and then.
 */
export function niceDomain(d: [number, number], log: boolean): [number, number] {
  const [lo, hi] = d;
  if (log && lo > 0 && hi > 0) {
    const q = (v: number, f: (x: number) => number) =>
      Number((10 ** (f(Math.log10(v) * 4) / 4)).toPrecision(6));
    return [q(lo, Math.floor), q(hi, Math.ceil)];
  }
  const span = hi - lo || Math.abs(hi) || 1;
  const p = 10 ** Math.floor(Math.log10(span / 10));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= span / 10) ?? 10 * p;
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

/** About `count` evenly spaced integer steps over [0, last], for tooltip snapping. */
export function stepGrid(last: number, count = 500): { step: number }[] {
  const n = Math.min(count, last + 1);
  const out: { step: number }[] = [];
  let prev = -1;
  for (let k = 0; k < n; k++) {
    const s = Math.round((k * last) / Math.max(1, n - 1));
    if (s !== prev) out.push({ step: s });
    prev = s;
  }
  return out;
}

/**
 * The x-axis end for `n` streamed steps: the next 1-2-5 × 10^k at or above n − 1 (at least
 * `min`), capped at the run's length, so the axis grows in a few jumps instead of every frame.
 */
export function niceStepEnd(n: number, total: number, min = 10): number {
  const v = Math.max(min, n - 1);
  const p = 10 ** Math.floor(Math.log10(v));
  const end = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= v) ?? 10 * p;
  return Math.max(1, Math.min(total, end));
}
