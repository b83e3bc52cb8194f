import { describe, expect, it } from 'vitest';
import { hasNonPositive } from '../../src/ui/lib/chartRows';
import { decimateIndices, decimateIndicesBy, scanExtremes } from '../../src/ui/lib/decimate';
import { debiasedEma } from '../../src/ui/lib/ema';
import { GrowBuf } from '../../src/ui/lib/growable';
import { MinMaxTree } from '../../src/ui/lib/minMaxTree';
import { cachedEma, cachedExtremes, cachedNonPositive } from '../../src/ui/lib/seriesCache';

/** Deterministic random series with ties, NaN, ±Infinity and ≤ 0 values. */
function randomSeries(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = rnd();
    if (u < 0.03) out[i] = Number.NaN;
    else if (u < 0.04) out[i] = Number.POSITIVE_INFINITY;
    else if (u < 0.05) out[i] = Number.NEGATIVE_INFINITY;
    else if (u < 0.15)
      out[i] = 1; // ties
    else out[i] = Math.round(rnd() * 1000) / 100 + (i > n / 2 ? -3 : 0);
  }
  return out;
}

describe('MinMaxTree', () => {
  it('gives the same argmin/argmax as a scan on every range, incl. ties and non-finite values', () => {
    const ys = randomSeries(300, 7);
    const tree = new MinMaxTree(ys);
    tree.update(ys.subarray(0, 137));
    tree.update(ys);
    const scan = scanExtremes(ys);
    let checked = 0;
    for (let lo = 0; lo < 300; lo += 7) {
      for (let hi = lo; hi <= 300; hi += 5) {
        expect(tree.range(lo, hi)).toEqual(scan(lo, hi));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(tree.range(0, 0)).toEqual([-1, -1]);
    const nan = new Float32Array([Number.NaN, Number.NaN, Number.NaN]);
    const t2 = new MinMaxTree(nan);
    t2.update(nan);
    expect(t2.range(0, 3)).toEqual([-1, -1]);
  });
});

describe('seriesCache (incremental == from scratch across appends)', () => {
  it('decimation, EMA and the ≤ 0 flag match the from-scratch functions after each append', () => {
    const data = [randomSeries(20000, 1), randomSeries(20000, 2), randomSeries(20000, 3)];
    const bufs = data.map(() => new GrowBuf(16));
    let n = 0;
    let frames = 0;
    const chunks = [1, 3, 17, 250, 999, 4000, 1, 7000, 7729];
    for (const c of chunks) {
      for (let k = 0; k < bufs.length; k++) bufs[k].push(data[k].subarray(n, n + c));
      n += c;
      frames++;
      for (const maxPoints of [600, 1000]) {
        const want = decimateIndices(
          bufs.map((b) => b.view()),
          n,
          maxPoints,
        );
        const got = decimateIndicesBy(bufs.map(cachedExtremes), n, maxPoints);
        expect(got).toEqual(want);
      }
      for (const b of bufs) {
        expect(Array.from(cachedEma(b, 0.9))).toEqual(Array.from(debiasedEma(b.view(), 0.9)));
        expect(cachedNonPositive(b)).toBe(hasNonPositive(b.view()));
      }
    }
    expect(n).toBe(20000);
    expect(frames).toBe(chunks.length);
    // A new smoothing weight restarts the cached EMA and still matches.
    expect(Array.from(cachedEma(bufs[0], 0.6))).toEqual(Array.from(debiasedEma(bufs[0].view(), 0.6)));
    expect(Array.from(cachedEma(bufs[0], 0))).toEqual(Array.from(debiasedEma(bufs[0].view(), 0)));
  });

  it('the ≤ 0 flag turns on when a non-positive value arrives later', () => {
    const b = new GrowBuf(4);
    b.push(new Float32Array([3, Number.NaN, 2]));
    expect(cachedNonPositive(b)).toBe(false);
    b.push(new Float32Array([Number.NEGATIVE_INFINITY, 5]));
    expect(cachedNonPositive(b)).toBe(false);
    b.push(new Float32Array([0]));
    expect(cachedNonPositive(b)).toBe(true);
  });
});
