/** SVG path strings for chart series and bands, from data → pixel scale functions. Pure. */

export interface FastSeries {
  key: string;
  /** Steps to draw (decimated, ascending). */
  xs: readonly number[];
  /** Values indexed by step. */
  ys: ArrayLike<number>;
  color: string;
  width?: number;
  opacity?: number;
  dash?: string;
}

/** A filled band between two series (e.g. the 5% and 95% quantiles). */
export interface FastBand {
  key: string;
  xs: readonly number[];
  lo: ArrayLike<number>;
  hi: ArrayLike<number>;
  color: string;
  opacity?: number;
}

/** SVG path data through (x, ys[x]); non-finite, unplottable or (log) non-positive values make gaps. */
export function pathData(
  xs: readonly number[],
  ys: ArrayLike<number>,
  sx: (v: number) => number | undefined,
  sy: (v: number) => number | undefined,
  positiveOnly: boolean,
): string {
  let d = '';
  let pen = false;
  for (const x of xs) {
    const y = x < ys.length ? ys[x] : Number.NaN;
    const px = Number.isFinite(y) && (!positiveOnly || y > 0) ? sx(x) : undefined;
    const py = px === undefined ? undefined : sy(y);
    if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** Closed SVG path: along hi left→right, back along lo right→left (points missing in either are skipped). */
export function bandData(
  band: FastBand,
  sx: (v: number) => number | undefined,
  sy: (v: number) => number | undefined,
  positiveOnly: boolean,
): string {
  const top: string[] = [];
  const bottom: string[] = [];
  for (const x of band.xs) {
    const a = band.lo[x];
    const b = band.hi[x];
    if (!Number.isFinite(a) || !Number.isFinite(b) || (positiveOnly && (a <= 0 || b <= 0))) continue;
    const px = sx(x);
    const pa = sy(a);
    const pb = sy(b);
    if (px === undefined || pa === undefined || pb === undefined) continue;
    top.push(`${px.toFixed(1)},${pb.toFixed(1)}`);
    bottom.push(`${px.toFixed(1)},${pa.toFixed(1)}`);
  }
  if (top.length < 2) return '';
  return `M${top.join('L')}L${bottom.reverse().join('L')}Z`;
}
