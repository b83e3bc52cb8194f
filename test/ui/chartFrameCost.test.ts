/**
 * Per-redraw main-thread cost of the loss chart's series work at growing history lengths:
 * from scratch (decimate + EMA + ≤ 0 scan over the whole history, as before) vs the per-buffer
 * caches (seriesCache.ts). Prints the numbers (README "Soak"); asserts equal results only.
 */
import { describe, expect, it } from 'vitest';
import { hasNonPositive } from '../../src/ui/lib/chartRows';
import { decimateIndices, decimateIndicesBy } from '../../src/ui/lib/decimate';
import { debiasedEma } from '../../src/ui/lib/ema';
import { GrowBuf } from '../../src/ui/lib/growable';
import { cachedEma, cachedExtremes, cachedNonPositive } from '../../src/ui/lib/seriesCache';

const RUNS = 8;
const FRAME = 25; // steps appended per redraw

function loss(run: number, i: number): number {
  return 1 / (1 + i * (run + 1) * 1e-3) + 0.05 * Math.sin(i * 0.37 + run) ** 2;
}

describe('loss chart redraw cost vs history length (8 runs, 600 points, smoothing 0.6)', () => {
  it('prints ms per redraw, from scratch and cached; both give the same indices', () => {
    const lines: string[] = [];
    for (const n of [1e3, 1e4, 1e5]) {
      const bufs = Array.from({ length: RUNS }, (_, r) => {
        const b = new GrowBuf();
        b.push(Float32Array.from({ length: n - 10 * FRAME }, (_, i) => loss(r, i)));
        return b;
      });
      // Warm the caches on the existing history (the one-off O(n) catch-up).
      for (const b of bufs) {
        cachedExtremes(b);
        cachedEma(b, 0.6);
        cachedNonPositive(b);
      }
      let scratch = 0;
      let cached = 0;
      for (let f = 0; f < 10; f++) {
        bufs.forEach((b, r) => {
          const start = b.length;
          b.push(Float32Array.from({ length: FRAME }, (_, i) => loss(r, start + i)));
        });
        const len = bufs[0].length;
        let t = performance.now();
        for (const b of bufs) {
          hasNonPositive(b.view());
          debiasedEma(b.view(), 0.6);
        }
        const want = decimateIndices(
          bufs.map((b) => b.view()),
          len,
          600,
        );
        scratch += performance.now() - t;
        t = performance.now();
        for (const b of bufs) {
          cachedNonPositive(b);
          cachedEma(b, 0.6);
        }
        const got = decimateIndicesBy(bufs.map(cachedExtremes), len, 600);
        cached += performance.now() - t;
        expect(got).toEqual(want);
      }
      lines.push(
        `n=${n}: from scratch ${(scratch / 10).toFixed(2)} ms/redraw, cached ${(cached / 10).toFixed(2)} ms/redraw`,
      );
    }
    console.log(lines.join('\n'));
    expect(lines).toHaveLength(3);
  });
});
