/**
 * Min/max-preserving decimation of chart series. Each series is split into equal buckets of
 * steps; in every bucket the indices of its minimum and maximum are kept (plus the first and
 * last point), so spikes and the best loss survive. Several series share one index set (the
 * union), shrinking the bucket count until the union fits in `maxPoints`.
 */

/** [argmin, argmax] of the finite values of a series in [lo, hi) (−1 where there are none). */
export type Extremes = (lo: number, hi: number) => [number, number];

/** Extremes by a plain scan (leftmost index on ties). */
export function scanExtremes(ys: ArrayLike<number>): Extremes {
  return (lo, hi) => {
    let iMin = -1;
    let iMax = -1;
    for (let i = lo; i < hi; i++) {
      const y = ys[i];
      if (!Number.isFinite(y)) continue;
      if (iMin < 0 || y < ys[iMin]) iMin = i;
      if (iMax < 0 || y > ys[iMax]) iMax = i;
    }
    return [iMin, iMax];
  };
}

/** Indices of the min and max of ys in each of `buckets` equal buckets over [0, n), plus 0 and n−1. */
export function minMaxIndices(ys: ArrayLike<number>, n: number, buckets: number): number[] {
  return minMaxIndicesBy(scanExtremes(ys), n, buckets);
}

function minMaxIndicesBy(ext: Extremes, n: number, buckets: number): number[] {
  if (n <= 0) return [];
  const keep = new Set<number>([0, n - 1]);
  const b = Math.max(1, Math.min(buckets, n));
  for (let k = 0; k < b; k++) {
    const [iMin, iMax] = ext(Math.floor((k * n) / b), Math.floor(((k + 1) * n) / b));
    if (iMin >= 0) keep.add(iMin);
    if (iMax >= 0) keep.add(iMax);
  }
  return [...keep].sort((a, c) => a - c);
}

/**
 * Shared indices (sorted, ≤ maxPoints) into series of length n that keep every series'
 * per-bucket minima and maxima. If n ≤ maxPoints every index is kept.
 */
export function decimateIndices(series: ArrayLike<number>[], n: number, maxPoints = 1000): number[] {
  return decimateIndicesBy(series.map(scanExtremes), n, maxPoints);
}

/** decimateIndices with each series' bucket extremes given (e.g. by a cached MinMaxTree). */
export function decimateIndicesBy(series: Extremes[], n: number, maxPoints = 1000): number[] {
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  if (maxPoints < 2) return [0, n - 1].slice(0, Math.max(0, maxPoints));
  let buckets = Math.max(1, Math.floor(maxPoints / 2) - 1);
  for (;;) {
    const keep = new Set<number>();
    for (const ext of series) for (const i of minMaxIndicesBy(ext, n, buckets)) keep.add(i);
    if (series.length === 0) {
      for (let k = 0; k < maxPoints; k++) keep.add(Math.round((k * (n - 1)) / (maxPoints - 1)));
    }
    if (keep.size <= maxPoints || buckets === 1) {
      return [...keep].sort((a, c) => a - c).slice(0, maxPoints);
    }
    buckets = Math.max(1, Math.min(buckets - 1, Math.floor((buckets * maxPoints) / keep.size)));
  }
}
