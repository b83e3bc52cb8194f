/**
 * The cost estimate for PPO training of LHOPT before Start (docs/lhopt.md): iterations ×
 * inner steps per iteration × seconds per inner step. An iteration's inner steps: every
 * episode's mean length (outer × inner, midpoints of the recipe's ranges) plus its share of the
 * environment's Adam baseline (one run per baseline lr, once per envReuse episodes).
 * Seconds per step: from the last run in this browser (its episodes/s, stored), else a basis
 * measured with the CLI (cpu backend, 2-core machine lightly loaded: 0.74 episodes/s at the
 * default recipe's 280 steps per episode → about 5 ms per step).
 */
import type { PpoRecipe } from '../../core/meta/ppo/recipe';

export const PPO_DEFAULT_S_PER_STEP = 0.005;
const KEY = 'optimizer-playground.ppoSecondsPerStep';

/** Inner steps per episode, the baseline's share included. */
export function ppoStepsPerEpisode(r: PpoRecipe): number {
  const T = ((r.minOuter + r.maxOuter) / 2) * ((r.minInner + r.maxInner) / 2);
  return T + (r.baselineLrs.length * T) / r.envReuse;
}

export function ppoEstimateSeconds(r: PpoRecipe, secondsPerStep: number | null): number {
  return (
    r.iterations * r.episodesPerIteration * ppoStepsPerEpisode(r) * (secondsPerStep ?? PPO_DEFAULT_S_PER_STEP)
  );
}

/** The last run's seconds per step (null: none recorded or no storage). */
export function lastPpoSecondsPerStep(): number | null {
  try {
    const v = Number(globalThis.localStorage?.getItem(KEY));
    return Number.isFinite(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

/** Record a run's measured speed (episodes/s at recipe r). */
export function recordPpoSpeed(r: PpoRecipe, episodesPerSec: number): void {
  if (!(episodesPerSec > 0)) return;
  try {
    globalThis.localStorage?.setItem(KEY, String(1 / (episodesPerSec * ppoStepsPerEpisode(r))));
  } catch {
    // no storage (private mode): the default basis stays
  }
}
