/**
 * PPO progress history for the Meta-train tab (LHOPT): each progress event that carries a new
 * iteration's `extra` adds one point (mean reward, mean speedup, policy entropy) and records
 * the run's speed for the next estimate (ppoEstimate.ts); a resumed checkpoint sends its
 * history at once ('extras' event: ppoPointsOf). Pure; no tfjs.
 */
import type { PpoRecipe } from '../../core/meta/ppo/recipe';
import type { MetaProgress } from '../../core/meta/protocol';
import type { MetaStore, PpoPoint } from './metaStore';
import { recordPpoSpeed } from './ppoEstimate';

const pointOf = (it: number, x: Record<string, number>): PpoPoint => ({
  it,
  reward: x.meanReward,
  speedup: x.meanSpeedup ?? Number.NaN,
  entropy: x.entropy ?? Number.NaN,
});

/** The points of a resumed checkpoint's history (iterations from, from+1, …; null: none). */
export function ppoPointsOf(from: number, values: (Record<string, number> | null)[]): PpoPoint[] {
  return values.flatMap((x, i) => (x && typeof x.meanReward === 'number' ? [pointOf(from + i, x)] : []));
}

/** The store fields to change for this progress event ({} when nothing new). */
export function appendPpo(s: Pick<MetaStore, 'ppo' | 'form'>, p: MetaProgress): Partial<MetaStore> {
  const x = p.extra;
  if (!x || typeof x.meanReward !== 'number' || p.iteration < 1) return {};
  const last = s.ppo[s.ppo.length - 1];
  if (last && last.it >= p.iteration) return {};
  if (s.form.recipe.trainer === 'ppo' && typeof x.episodesPerSec === 'number')
    recordPpoSpeed(s.form.recipe as unknown as PpoRecipe, x.episodesPerSec);
  return { ppo: [...s.ppo, pointOf(p.iteration, x)] };
}
