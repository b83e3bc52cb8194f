/**
 * Per-buffer caches for the streamed series, so a chart redraw costs O(new values + points
 * drawn) instead of O(history): the debiased EMA, the "some value ≤ 0" flag and the
 * argmin/argmax tree used for decimation are extended with the values appended since the last
 * redraw. Each gives exactly what ema.ts / chartRows.ts / decimate.ts compute from scratch.
 */
import type { Extremes } from './decimate';
import type { GrowBuf } from './growable';
import { MinMaxTree } from './minMaxTree';

interface Ema {
  w: number;
  s: number;
  k: number;
  out: Float64Array;
  len: number;
}

interface Entry {
  tree?: MinMaxTree;
  nonPos?: { len: number; found: boolean };
  ema?: Ema;
}

const cache = new WeakMap<GrowBuf, Entry>();

function entry(buf: GrowBuf): Entry {
  let e = cache.get(buf);
  if (!e) {
    e = {};
    cache.set(buf, e);
  }
  return e;
}

/** Bucket extremes of the buffer's values (chart decimation), kept up to date incrementally. */
export function cachedExtremes(buf: GrowBuf): Extremes {
  const e = entry(buf);
  const ys = buf.view();
  if (!e.tree || e.tree.count > ys.length) e.tree = new MinMaxTree(ys);
  const tree = e.tree;
  tree.update(ys);
  return (lo, hi) => tree.range(lo, Math.min(hi, tree.count));
}

/** hasNonPositive(buf.view()), scanning only the values appended since the last call. */
export function cachedNonPositive(buf: GrowBuf): boolean {
  const e = entry(buf);
  const ys = buf.view();
  if (!e.nonPos || e.nonPos.len > ys.length) e.nonPos = { len: 0, found: false };
  const c = e.nonPos;
  for (let i = c.len; i < ys.length && !c.found; i++)
    if (Number.isFinite(ys[i]) && ys[i] <= 0) c.found = true;
  c.len = ys.length;
  return c.found;
}

/** debiasedEma(buf.view(), w), extended by the values appended since the last call. */
export function cachedEma(buf: GrowBuf, w: number): Float64Array {
  const e = entry(buf);
  const xs = buf.view();
  const n = xs.length;
  if (!e.ema || e.ema.w !== w || e.ema.len > n) e.ema = { w, s: 0, k: 0, out: new Float64Array(256), len: 0 };
  const m = e.ema;
  if (n > m.out.length) {
    let cap = m.out.length * 2;
    while (cap < n) cap *= 2;
    const next = new Float64Array(cap);
    next.set(m.out.subarray(0, m.len));
    m.out = next;
  }
  for (let i = m.len; i < n; i++) {
    const x = xs[i];
    if (w <= 0 || !Number.isFinite(x)) {
      m.out[i] = x;
      continue;
    }
    m.s = w * m.s + (1 - w) * x;
    m.k++;
    m.out[i] = m.s / (1 - w ** m.k);
  }
  m.len = n;
  return m.out.subarray(0, n);
}
