/**
 * A trajectory reduced to the canvas points that move the pen: a point closer than half a
 * pixel (in both x and y) to the last kept one is skipped, except the newest point, which is
 * always drawn. Kept per data buffer and scale and extended with the points appended since the
 * last redraw, so a redraw costs O(new points + pixels drawn) rather than O(history). The
 * reduction is greedy in step order, so incremental and from-scratch results are the same.
 */

export interface PixelPath {
  /** Pixel coordinates x0, y0, x1, y1, …; NaN, NaN lifts the pen (a non-finite point). */
  pts: number[];
  /** Values of xy consumed (an even count). */
  len: number;
  key: string;
}

const cache = new WeakMap<object, PixelPath>();

/** Extend `p` with the points of xy from p.len on. */
export function extendPixels(
  p: PixelPath,
  xy: ArrayLike<number>,
  px: (x: number) => number,
  py: (y: number) => number,
): void {
  const { pts } = p;
  let k = p.len;
  for (; k + 1 < xy.length; k += 2) {
    const x = xy[k];
    const y = xy[k + 1];
    const n = pts.length;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      if (n > 0 && !Number.isNaN(pts[n - 1])) pts.push(Number.NaN, Number.NaN);
      continue;
    }
    const X = px(x);
    const Y = py(y);
    const penUp = n === 0 || Number.isNaN(pts[n - 1]);
    if (penUp || Math.abs(X - pts[n - 2]) >= 0.5 || Math.abs(Y - pts[n - 1]) >= 0.5) pts.push(X, Y);
  }
  p.len = k;
}

/**
 * The reduced path of xy under the given scale (`key` names the scale), cached by `owner` (the
 * growable buffer holding xy: the cache then outlives a reallocation) or else by xy's buffer.
 */
export function pixelPath(
  xy: ArrayLike<number>,
  key: string,
  px: (x: number) => number,
  py: (y: number) => number,
  owner?: object,
): PixelPath {
  const by = owner ?? (xy as Float32Array).buffer;
  let p = by ? cache.get(by) : undefined;
  if (!p || p.key !== key || p.len > xy.length) {
    p = { pts: [], len: 0, key };
    if (by) cache.set(by, p);
  }
  extendPixels(p, xy, px, py);
  return p;
}
