/**
 * PPO progress history for the Meta-train tab (LHOPT): each progress event that carries a new
 * iteration's `extra` adds one point (mean reward, mean speedup, policy entropy) and records
 * the run's speed for the next estimate (ppoEstimate.ts). Pure; no tfjs.
 */
import type { PpoRecipe } from '../../core/meta/ppo/recipe';
import type { MetaProgress } from '../../core/meta/protocol';
import type { MetaStore, PpoPoint } from './metaStore';
import { recordPpoSpeed } from './ppoEstimate';

/** The store fields to change for this progress event ({} when nothing new). */
export function appendPpo(s: Pick<MetaStore, 'ppo' | 'form'>, p: MetaProgress): Partial<MetaStore> {
  const x = p.extra;
  if (!x || typeof x.meanReward !== 'number' || p.iteration < 1) return {};
  const last = s.ppo[s.ppo.length - 1];
  if (last && last.it >= p.iteration) return {};
  if (s.form.recipe.trainer === 'ppo' && typeof x.episodesPerSec === 'number')
    recordPpoSpeed(s.form.recipe as unknown as PpoRecipe, x.episodesPerSec);
  const point: PpoPoint = {
    it: p.iteration,
    reward: x.meanReward,
    speedup: x.meanSpeedup ?? Number.NaN,
    entropy: x.entropy ?? Number.NaN,
  };
  return { ppo: [...s.ppo, point] };
}
