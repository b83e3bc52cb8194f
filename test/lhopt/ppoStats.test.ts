/**
 * The Meta-train tab's PPO pieces: the histogram bins the episode speedups (e^−3 … 2) as
 * labelled; the estimate before Start; the reward history and the recorded speed.
 */
import { describe, expect, it, vi } from 'vitest';
import { defaultPpoRecipe } from '../../src/core/meta/ppo/recipe';
import type { PpoPoint } from '../../src/ui/meta/metaStore';
import { speedupHistogram } from '../../src/ui/meta/PpoStats';
import {
  lastPpoSecondsPerStep,
  PPO_DEFAULT_S_PER_STEP,
  ppoEstimateSeconds,
  ppoStepsPerEpisode,
} from '../../src/ui/meta/ppoEstimate';
import { appendPpo, ppoPointsOf } from '../../src/ui/meta/ppoHistory';

describe('speedupHistogram', () => {
  it('counts each speedup in its bin [0, .1) [.1, .25) [.25, .5) [.5, .8) [.8, 1.25) [1.25, 2]', () => {
    expect(speedupHistogram([0.0498, 0.1, 0.3, 0.49, 0.8, 1, 1.3, 2, 2])).toEqual([1, 1, 2, 0, 2, 3]);
    expect(speedupHistogram([])).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('PPO tab: estimate and history', () => {
  const r = defaultPpoRecipe();

  it('estimate = iterations × episodes × (T + baseline share) × s/step', () => {
    // Defaults: outer 12–20 (16), inner 8–12 (10): T = 160; baseline 3 lrs × 160 / envReuse 4 = 120.
    expect(ppoStepsPerEpisode(r)).toBe(280);
    expect(ppoEstimateSeconds(r, null)).toBeCloseTo(100 * 8 * 280 * PPO_DEFAULT_S_PER_STEP, 9);
    expect(ppoEstimateSeconds({ ...r, iterations: 2 }, 0.01)).toBeCloseTo(2 * 8 * 280 * 0.01, 9);
  });

  it('appends one point per new iteration and records the speed for the next estimate', () => {
    const store = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
    });
    const s = { ppo: [] as PpoPoint[], form: { recipe: r } } as unknown as Parameters<typeof appendPpo>[0];
    const progress = (iteration: number, extra?: Record<string, number>) => ({
      state: 'running' as const,
      iteration,
      iterations: 10,
      elapsed: 1,
      eta: null,
      skipped: 0,
      ...(extra ? { extra } : {}),
    });
    expect(appendPpo(s, progress(1))).toEqual({});
    const a = appendPpo(
      s,
      progress(1, { meanReward: -2, meanSpeedup: 0.2, entropy: 6, episodesPerSec: 0.5 }),
    );
    expect(a.ppo).toEqual([{ it: 1, reward: -2, speedup: 0.2, entropy: 6 }]);
    expect(lastPpoSecondsPerStep()).toBeCloseTo(1 / (0.5 * 280), 12);
    expect(appendPpo({ ...s, ppo: a.ppo ?? [] }, progress(1, { meanReward: 0 }))).toEqual({});
    vi.unstubAllGlobals();
  });

  it('a resumed checkpoint’s history becomes one point per iteration that has scalars', () => {
    const x = (r: number) => ({ meanReward: r, meanSpeedup: 0.1, entropy: 7, episodesPerSec: 1 });
    expect(ppoPointsOf(1, [x(-3), null, x(-1)])).toEqual([
      { it: 1, reward: -3, speedup: 0.1, entropy: 7 },
      { it: 3, reward: -1, speedup: 0.1, entropy: 7 },
    ]);
    expect(ppoPointsOf(5, [{ loss: 1 }])).toEqual([]); // not PPO's scalars
  });
});
