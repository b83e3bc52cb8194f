/**
 * Axis ticks computed here rather than by recharts, so it need not measure tick labels in
 * the DOM (a forced layout) on every redraw. Log axes get 1-2-5 ticks per decade when the
 * range is narrow, decades otherwise; linear axes get about `count` round numbers.
 */
export function logTicks(lo: number, hi: number, max = 8): number[] {
  if (!(lo > 0) || !(hi > lo)) return [];
  const d0 = Math.floor(Math.log10(lo));
  const d1 = Math.ceil(Math.log10(hi));
  for (const mults of [[1, 2, 5], [1, 3], [1]]) {
    const out: number[] = [];
    for (let d = d0; d <= d1; d++) {
      for (const m of mults) {
        const v = Number((m * 10 ** d).toPrecision(12));
        if (v >= lo && v <= hi) out.push(v);
      }
    }
    if (out.length <= max && out.length >= 2) return out;
    if (out.length > max && mults.length === 1) {
      const stride = Math.ceil(out.length / max);
      return out.filter((_, i) => i % stride === 0);
    }
  }
  // Narrower than one 1-2-5 step: fall back to linear ticks.
  return linearTicks(lo, hi, 4);
}

export function linearTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return Number.isFinite(lo) ? [lo] : [];
  const raw = (hi - lo) / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push(Number(v.toPrecision(12)));
  return out;
}

export function axisTicks(domain: readonly [number, number], log: boolean): number[] {
  return log ? logTicks(domain[0], domain[1]) : linearTicks(domain[0], domain[1]);
}
