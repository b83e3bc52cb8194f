import { describe, expect, it } from 'vitest';
import { defaultSpec } from '../../src/core/experiment/schema';
import { defaultGrid } from '../../src/core/run/grid';
import { finalWindow, speedupOverAdam, stepsToReach, type TunedAdam } from '../../src/core/run/speedup';
import { bestPoint, scoreSweep, sweepEntries, sweepGrid } from '../../src/core/run/sweep';

describe('sweep grid and scoring', () => {
  it('geometric grid from 1e-4 to 1 in 9 points, rounded to 4 digits; linear when asked or when from ≤ 0', () => {
    expect(sweepGrid(1e-4, 1, 9)).toEqual([1e-4, 3.162e-4, 1e-3, 3.162e-3, 0.01, 0.03162, 0.1, 0.3162, 1]);
    expect(sweepGrid(0, 0.9, 4)).toEqual([0, 0.3, 0.6, 0.9]);
    expect(sweepGrid(0.1, 0.3, 3, false)).toEqual([0.1, 0.2, 0.3]);
    expect(() => sweepGrid(1, 2, 0)).toThrow('sweep: points must be an integer in [1, 25]');
  });

  it("'log1m' is geometric in 1 − x (β 0.9 → 0.99 → 0.999 → 0.9999), rounded on the distance to 1", () => {
    expect(sweepGrid(0.9, 0.9999, 4, 'log1m')).toEqual([0.9, 0.99, 0.999, 0.9999]);
    expect(sweepGrid(0.5, 0.999, 3, 'log1m')).toEqual([0.5, 0.97764, 0.999]);
    expect(sweepGrid(0.9, 0.9, 1, 'log1m')).toEqual([0.9]);
    expect(sweepGrid(0.1, 0.3, 3, 'linear')).toEqual([0.1, 0.2, 0.3]);
    expect(() => sweepGrid(0.9, 1, 3, 'log1m')).toThrow(
      'sweep: from and to must be below 1 on a log grid of 1 − x',
    );
  });

  it('default grid per field: log for lr/ε/weight decay, log of 1 − x for decay rates', () => {
    expect(defaultGrid('lr')).toEqual({ from: 1e-4, to: 1, scale: 'log' });
    expect(defaultGrid('eps').scale).toBe('log');
    expect(defaultGrid('weightDecay').scale).toBe('log');
    for (const n of ['beta1', 'beta2', 'beta3', 'momentum', 'rho', 'alpha'] as const) {
      const g = defaultGrid(n);
      expect(g.scale).toBe('log1m');
      expect(sweepGrid(g.from, g.to, 9, g.scale).every((v) => v > 0 && v < 1)).toBe(true);
    }
  });

  it('bad grid values name the point, the field and its allowed range', () => {
    const req = {
      spec: defaultSpec(),
      entry: { id: 'adam', hyper: {} },
      param: 'lr' as const,
      values: [0.1, 20],
    };
    expect(() => sweepEntries(req)).toThrow(
      'sweep point 2 (lr=20): adam.lr: out of range; allowed range is [1e-7, 10]',
    );
  });

  it('final = mean of the last 10% per seed, then mean ± std; any diverged seed marks the point', () => {
    // 20 values per seed: the last 10% is the last 2.
    const r = scoreSweep(
      'lr',
      [0.1, 1, 10],
      [
        [Float32Array.from([...Array(18).fill(5), 2, 4]), Float32Array.from([...Array(18).fill(5), 4, 6])],
        [Float32Array.from([...Array(18).fill(5), 1, 1]), Float32Array.from([...Array(18).fill(5), 1, 3])],
        [
          Float32Array.from([...Array(18).fill(5), 0, Number.NaN]),
          Float32Array.from([...Array(20).fill(0.1)]),
        ],
      ],
    );
    expect(r.points[0]).toEqual({ value: 0.1, final: { mean: 4, std: Math.SQRT2 }, diverged: false });
    expect(r.points[1].final.mean).toBe(1.5);
    expect(r.points[2].diverged).toBe(true);
    expect(r.best).toBe(1);
    expect(bestPoint(r.points.map((p) => ({ ...p, diverged: true })))).toBe(null);
  });
});

describe('speedup over tuned Adam', () => {
  const adam = (curve: number[]): TunedAdam => ({
    lr: 0.01,
    curve: Float32Array.from(curve),
    steps: 10,
    sweep: { param: 'lr', points: [], best: 0.01, curves: [], seedCurves: [] },
  });

  it('first step whose trailing window mean reaches the target', () => {
    expect(stepsToReach([5, 4, 3, 2, 1], 2.5, 2)).toBe(3); // (3+2)/2 = 2.5
    expect(stepsToReach([5, 4, 3], 0, 1)).toBe(-1);
    expect(finalWindow(10)).toBe(1);
    expect(finalWindow(99)).toBe(10);
  });

  it('Adam needing 2× the steps gives 2; never reaching gives the horizon as a lower bound; diverged gives null', () => {
    // Run: 11 losses (10 steps), final = last value (window 1) = 1.
    const run = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1.5, 1];
    const a = adam([10, 9.5, 9, 8.5, 8, 7.5, 7, 6.5, 6, 5.5, 5, 4.5, 4, 3.5, 3, 2.5, 2, 1.5, 1.2, 1.1, 1]);
    expect(speedupOverAdam(run, a)).toEqual({ value: 2, atLeast: false });
    expect(speedupOverAdam([10, 5, 3, 2, 1.5, 1.2, 1, 0.9, 0.8, 0.7, 0.6], a)).toEqual({
      value: 2,
      atLeast: true,
    });
    expect(speedupOverAdam([10, 20, Number.NaN], a)).toBe(null);
    // Adam already there at step 1: a slow run gets 0.1.
    expect(speedupOverAdam(run, adam([10, 0.5, 0.5]))).toEqual({ value: 0.1, atLeast: false });
  });
});
