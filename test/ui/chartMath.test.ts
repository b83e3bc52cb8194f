import { describe, expect, it } from 'vitest';
import { column, hasNonPositive } from '../../src/ui/lib/chartRows';
import { contourSegments, linearLevels, logLevels } from '../../src/ui/lib/contours';
import { debiasedEma } from '../../src/ui/lib/ema';
import { fmt, fromSlider, toSlider } from '../../src/ui/lib/logSlider';
import { bandData, pathData } from '../../src/ui/lib/paths';
import { seriesDomain } from '../../src/ui/lib/seriesDomain';
import { linearTicks, logTicks } from '../../src/ui/lib/ticks';

describe('debiasedEma', () => {
  it('matches the hand computation and is unbiased at the start', () => {
    const out = debiasedEma([2, 4, 8], 0.5);
    // s1 = 1 → 1/(1−0.5)=2; s2 = 0.5+2 = 2.5 → 2.5/0.75 = 3.3333; s3 = 1.25+4 = 5.25 → 5.25/0.875 = 6
    expect(out[0]).toBeCloseTo(2, 12);
    expect(out[1]).toBeCloseTo(10 / 3, 12);
    expect(out[2]).toBeCloseTo(6, 12);
  });
  it('passes NaN through without poisoning later values', () => {
    const out = debiasedEma([1, Number.NaN, 1], 0.9);
    expect(Number.isNaN(out[1])).toBe(true);
    expect(out[2]).toBeCloseTo(1, 12);
  });
  it('w = 0 is the identity', () => {
    expect(Array.from(debiasedEma([3, 1, 2], 0))).toEqual([3, 1, 2]);
  });
});

describe('log slider', () => {
  it('maps the ends and the geometric middle', () => {
    expect(toSlider(1e-7, 1e-7, 10, true)).toBe(0);
    expect(toSlider(10, 1e-7, 10, true)).toBe(1000);
    expect(toSlider(1e-3, 1e-7, 10, true)).toBe(500);
    expect(fromSlider(500, 1e-7, 10, true)).toBeCloseTo(1e-3, 12);
    expect(fromSlider(250, 0, 1, false)).toBe(0.25);
  });
});

describe('contours', () => {
  it('log levels are geometric above the minimum', () => {
    const lv = logLevels([0, 1, 10, 100], 4);
    expect(lv).toHaveLength(4);
    const d = lv.map((v) => v - 0);
    expect(d[1] / d[0]).toBeCloseTo(d[2] / d[1], 9);
    expect(lv[3]).toBeLessThan(100);
  });
  it('linear levels are evenly spaced inside the range', () => {
    expect(linearLevels([-1, 1], 4)).toEqual([-0.75, -0.25, 0.25, 0.75]);
  });
  it('marching squares crosses a plane at the right place', () => {
    // f(i, j) = i on a 3×2 grid; level 0.5 → a vertical segment at i = 0.5
    const g = [0, 1, 2, 0, 1, 2];
    expect(contourSegments(g, 3, 2, 0.5)).toEqual([0.5, 0, 0.5, 1]);
  });
});

describe('chart helpers', () => {
  it('column extracts a column of a row-major matrix', () => {
    expect(Array.from(column([1, 2, 3, 4, 5, 6], 3, 1))).toEqual([2, 5]);
  });
  it('hasNonPositive ignores NaN', () => {
    expect(hasNonPositive([1, Number.NaN, 2])).toBe(false);
    expect(hasNonPositive([1, 0])).toBe(true);
  });
  it('seriesDomain pads on a log scale and skips non-positive values', () => {
    const [lo, hi] = seriesDomain([[1, 100, 0, -1]], [0, 1, 2, 3], true)!;
    expect(lo).toBeLessThan(1);
    expect(lo).toBeGreaterThan(0.5);
    expect(hi).toBeGreaterThan(100);
    expect(hi).toBeLessThan(200);
  });
  it('pathData breaks the line at NaN and non-positive values on log axes', () => {
    const id = (v: number) => v;
    expect(pathData([0, 1, 2, 3], [1, 2, Number.NaN, 4], id, id, false)).toBe('M0.0,1.0L1.0,2.0M3.0,4.0');
    expect(pathData([0, 1], [0, 2], id, id, true)).toBe('M1.0,2.0');
  });
  it('bandData goes out along hi and back along lo', () => {
    const id = (v: number) => v;
    expect(bandData({ key: 'b', xs: [0, 1], lo: [1, 2], hi: [3, 4], color: '#000' }, id, id, true)).toBe(
      'M0.0,3.0L1.0,4.0L1.0,2.0L0.0,1.0Z',
    );
  });
  it('ticks: 1-2-5 per decade on narrow log ranges, round numbers on linear ones', () => {
    expect(logTicks(0.15, 12)).toEqual([0.2, 0.5, 1, 2, 5, 10]);
    expect(logTicks(1e-6, 1e3)).toEqual(
      [1e-6, 1e-5, 1e-4, 0.001, 0.01, 0.1, 1, 10, 100, 1000].filter((_, i) => i % 2 === 0),
    );
    expect(linearTicks(0, 200, 4)).toEqual([0, 50, 100, 150, 200]);
  });
});

describe('x-axis growth', () => {
  it('niceStepEnd jumps through 1-2-5 steps and stops at the run length', async () => {
    const { niceStepEnd } = await import('../../src/ui/lib/seriesDomain');
    expect(niceStepEnd(0, 500)).toBe(10);
    expect(niceStepEnd(12, 500)).toBe(20);
    expect(niceStepEnd(151, 500)).toBe(200);
    expect(niceStepEnd(201, 500)).toBe(200);
    expect(niceStepEnd(202, 500)).toBe(500);
    expect(niceStepEnd(501, 500)).toBe(500);
    expect(niceStepEnd(34, 100_000)).toBe(50);
  });
});

describe('fmt: one number format for every label and tick', () => {
  it('is scientific without "+" for |x| ≥ 1e4 or < 1e-3, plain otherwise', () => {
    expect([1e13, 2.5e4, 1e4, 9999, 2000, 12.5, 0.01, 0.001, 9.99e-4, 1e-4, -3e7, 0].map(fmt)).toEqual([
      '1e13',
      '2.5e4',
      '1e4',
      '9999',
      '2000',
      '12.5',
      '0.01',
      '0.001',
      '9.99e-4',
      '1e-4',
      '-3e7',
      '0',
    ]);
    // No "k"/"M" suffixes, no "e+".
    expect([1e5, 1e6, 1e7, 1e9, 1e20].map(fmt).join(' ')).toBe('1e5 1e6 1e7 1e9 1e20');
  });
});
