/** Map between a value in [min, max] and a slider position in [0, 1000], log or linear. */
export const SLIDER_MAX = 1000;

export function toSlider(v: number, min: number, max: number, log: boolean): number {
  const c = Math.min(max, Math.max(min, v));
  const t = log ? Math.log(c / min) / Math.log(max / min) : (c - min) / (max - min);
  return Math.round(t * SLIDER_MAX);
}

export function fromSlider(pos: number, min: number, max: number, log: boolean): number {
  const t = pos / SLIDER_MAX;
  const v = log ? min * (max / min) ** t : min + t * (max - min);
  return Number(v.toPrecision(3));
}

/** Compact display of a number for labels. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (Number.isInteger(v) && a >= 1e4 && a < 1e9) {
    return a >= 1e6 ? `${Number((v / 1e6).toPrecision(3))}M` : `${Number((v / 1e3).toPrecision(3))}k`;
  }
  if (a >= 1e4 || a < 1e-3) return Number(v.toPrecision(3)).toExponential();
  return Number(v.toPrecision(4)).toString();
}
