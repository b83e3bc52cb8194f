/**
 * Contour lines of a sampled 2-D function (grid from core/tasks/landscapes sampleGrid):
 * log-spaced levels above the grid minimum, or linear ones, and marching squares. Pure: the
 * map component draws the segments.
 */

/**
 * `count` levels log-spaced in height above the grid minimum: lo + d_k, with d_k geometric
 * from the 1st percentile of the heights (so the valley floor gets lines too) up to the
 * largest height.
 */
export function logLevels(values: ArrayLike<number>, count: number): number[] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) return [];
  const span = hi - lo;
  const heights: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - lo;
    if (Number.isFinite(d) && d > 0) heights.push(d);
  }
  heights.sort((x, y) => x - y);
  const q01 = heights[Math.floor(heights.length * 0.01)] ?? span * 1e-4;
  const dMin = Math.max(span * 1e-9, Math.min(q01, span * 1e-2));
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(lo + dMin * (span / dMin) ** ((k + 0.5) / count));
  return out;
}

/** `count` evenly spaced levels strictly inside the finite range of values. */
export function linearLevels(values: ArrayLike<number>, count: number): number[] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) return [];
  return Array.from({ length: count }, (_, k) => lo + ((hi - lo) * (k + 0.5)) / count);
}

/**
 * Marching squares: segments (x1,y1,x2,y2 in grid coordinates, i ∈ [0,nx−1], j ∈ [0,ny−1])
 * where the sampled surface crosses `level`.
 */
export function contourSegments(g: ArrayLike<number>, nx: number, ny: number, level: number): number[] {
  const seg: number[] = [];
  const lerp = (a: number, b: number) => (level - a) / (b - a);
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const a = g[j * nx + i];
      const b = g[j * nx + i + 1];
      const c = g[(j + 1) * nx + i + 1];
      const d = g[(j + 1) * nx + i];
      if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Number.isFinite(d))) continue;
      const pts: number[] = [];
      if (a < level !== b < level) pts.push(i + lerp(a, b), j);
      if (b < level !== c < level) pts.push(i + 1, j + lerp(b, c));
      if (d < level !== c < level) pts.push(i + lerp(d, c), j + 1);
      if (a < level !== d < level) pts.push(i, j + lerp(a, d));
      if (pts.length === 4) seg.push(...pts);
      else if (pts.length === 8) seg.push(pts[0], pts[1], pts[2], pts[3], pts[4], pts[5], pts[6], pts[7]);
    }
  }
  return seg;
}
