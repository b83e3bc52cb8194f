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

/**
 * Display of a number for labels and axis ticks, one format everywhere: scientific without a
 * '+' for |v| ≥ 1e4 or < 1e-3 (1e13, 2.5e4, 1e-4), plain otherwise (0.01, 12.5, 2000).
 */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) {
    const [mantissa, exponent] = Number(v.toPrecision(3)).toExponential().split('e');
    return `${mantissa}e${Number(exponent)}`;
  }
  return Number(v.toPrecision(4)).toString();
}
