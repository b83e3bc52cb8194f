/**
 * LHOPT actions (docs/algorithms.md §5.3) and reward (§5.5): multipliers, logit shifts and
 * bounds by hand; initial-value noise ranges; the power-law fit recovers a known curve; the
 * speedup and its clipping.
 */
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/experiment/rng';
import { applyAction, HEADS, NOOP, noisyInitial } from '../../src/core/learned/lhopt/actions';
import { HYPER_BOUNDS, HYPER_KEYS, INITIAL_HYPER, logit, sigmoid } from '../../src/core/learned/lhopt/hyper';
import { fitPowerLaw, fitSteps, powerLaw, speedupReward } from '../../src/core/meta/ppo/reward';

describe('actions', () => {
  it('scale the multiplicative heads, shift the clip logit, clamp to bounds', () => {
    // lr ×1.414, 1−β1 ×2, 1−β2 ×0.5, ε ×1, λ ×2, clip logit +0.3
    const h = applyAction(INITIAL_HYPER, [5, 2, 0, 1, 2, 3]);
    expect(h.lr).toBeCloseTo(1.414e-3, 12);
    expect(h.ombeta1).toBeCloseTo(0.2, 12);
    expect(h.ombeta2).toBeCloseTo(5e-3, 12);
    expect(h.eps).toBe(1e-6);
    expect(h.weightDecay).toBeCloseTo(0.02, 12);
    expect(h.clip).toBeCloseTo(sigmoid(logit(0.8) + 0.3), 12);
    expect(applyAction(INITIAL_HYPER, NOOP)).toEqual(INITIAL_HYPER);
    // 1−β2 = 0.08 ×2 hits its bound 0.1; lr 0.8 ×2 hits 1
    const c = applyAction({ ...INITIAL_HYPER, lr: 0.8, ombeta2: 0.08 }, [6, 1, 2, 1, 1, 2]);
    expect(c.lr).toBe(1);
    expect(c.ombeta2).toBe(0.1);
    expect(() => applyAction(INITIAL_HYPER, [7, 1, 1, 1, 1, 2])).toThrow(/head 'lr' choice 7/);
  });

  it('initial-value noise stays within its ranges and the bounds', () => {
    const rng = makeRng(5);
    let lrMin = 1;
    let lrMax = 0;
    for (let i = 0; i < 400; i++) {
      const { hyper, noise } = noisyInitial(INITIAL_HYPER, rng);
      expect(noise).toHaveLength(HEADS.length);
      lrMin = Math.min(lrMin, hyper.lr / INITIAL_HYPER.lr);
      lrMax = Math.max(lrMax, hyper.lr / INITIAL_HYPER.lr);
      expect(Math.abs(noise[1])).toBeLessThanOrEqual(Math.log(10) + 1e-12);
      expect(Math.abs(noise[5])).toBeLessThanOrEqual(1);
      for (const k of HYPER_KEYS) {
        expect(hyper[k]).toBeGreaterThanOrEqual(HYPER_BOUNDS[k][0]);
        expect(hyper[k]).toBeLessThanOrEqual(HYPER_BOUNDS[k][1]);
      }
    }
    expect(lrMin).toBeGreaterThanOrEqual(0.01);
    expect(lrMin).toBeLessThan(0.03);
    expect(lrMax).toBeLessThanOrEqual(100);
    expect(lrMax).toBeGreaterThan(30);
  });
});

describe('reward', () => {
  const T = 280;
  const truth = { a: 0.2, b: 3, c: 0.7, err: 0 };
  const ts = [0, ...fitSteps(T)];
  const ls = ts.map((t) => powerLaw(truth, t));

  it('fits a + b(t+1)^−c to 15 points of a known curve', () => {
    expect(fitSteps(T)).toEqual([20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 220, 240, 260, 280]);
    const f = fitPowerLaw(ts, ls);
    expect(f.a).toBeCloseTo(0.2, 3);
    expect(f.b).toBeCloseTo(3, 2);
    expect(f.c).toBeCloseTo(0.7, 3);
  });

  it('speedup = steps the baseline needs / T, capped at 2×, reward = clip(log speedup, ±3)', () => {
    const f = fitPowerLaw(ts, ls);
    const half = speedupReward(f, powerLaw(truth, T / 2), T);
    expect(half.speedup).toBeCloseTo(0.5, 3);
    expect(half.reward).toBeCloseTo(Math.log(0.5), 3);
    const same = speedupReward(f, powerLaw(truth, T), T);
    expect(same.reward).toBeCloseTo(0, 3);
    expect(speedupReward(f, 0.21, T)).toEqual({ speedup: 2, reward: Math.log(2) }); // beyond 2T
    expect(speedupReward(f, 0.1, T).speedup).toBe(2); // below the asymptote
    expect(speedupReward(f, 10, T).reward).toBe(-3); // worse than the start
    expect(speedupReward(f, Number.NaN, T)).toEqual({ speedup: 0, reward: -3 });
  });
});
