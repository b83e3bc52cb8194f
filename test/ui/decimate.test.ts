import { describe, expect, it } from 'vitest';
import { decimateIndices, minMaxIndices } from '../../src/ui/lib/decimate';

describe('minMaxIndices', () => {
  it('keeps first, last and each bucket’s min and max', () => {
    const ys = [5, 1, 9, 3, 2, 8, 7, 0, 4, 6];
    // 2 buckets: [0,5) → min idx 1 (1), max idx 2 (9); [5,10) → min idx 7 (0), max idx 5 (8)
    expect(minMaxIndices(ys, 10, 2)).toEqual([0, 1, 2, 5, 7, 9]);
  });
  it('skips NaN and handles all-NaN buckets', () => {
    expect(minMaxIndices([Number.NaN, Number.NaN, 1, 2], 4, 2)).toEqual([0, 2, 3]);
  });
});

describe('decimateIndices', () => {
  it('returns every index when short enough', () => {
    expect(decimateIndices([[1, 2, 3]], 3, 1000)).toEqual([0, 1, 2]);
  });

  it('caps at maxPoints and keeps every extreme of a noisy series', () => {
    const n = 100_000;
    const ys = new Float32Array(n);
    for (let i = 0; i < n; i++) ys[i] = 1 / (1 + i) + 0.001 * Math.sin(i * 1.7);
    ys[54_321] = 50; // a spike
    ys[77_777] = -3; // a dip
    const idx = decimateIndices([ys], n, 1000);
    expect(idx.length).toBeLessThanOrEqual(1000);
    expect(idx.length).toBeGreaterThan(900);
    expect(idx).toContain(54_321);
    expect(idx).toContain(77_777);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(n - 1);
    for (let k = 1; k < idx.length; k++) expect(idx[k]).toBeGreaterThan(idx[k - 1]);
    // The decimated series spans the same range as the full one.
    const kept = idx.map((i) => ys[i]);
    expect(Math.max(...kept)).toBe(50);
    expect(Math.min(...kept)).toBe(-3);
  });

  it('shares one index set across 8 series and still keeps each series’ spike', () => {
    const n = 20_000;
    const series = Array.from({ length: 8 }, (_, s) => {
      const ys = new Float64Array(n);
      for (let i = 0; i < n; i++) ys[i] = Math.cos(i * (0.37 + s * 0.11));
      ys[1000 + s * 2000] = 10 + s;
      return ys;
    });
    const idx = decimateIndices(series, n, 1000);
    expect(idx.length).toBeLessThanOrEqual(1000);
    for (let s = 0; s < 8; s++) expect(idx).toContain(1000 + s * 2000);
  });
});
