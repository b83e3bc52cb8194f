/**
 * Small meta-training recipes for the MetaSession / worker tests (cpu, a few seconds each), and
 * waiting for a session's events.
 */
import { parseRecipe, type Recipe } from '../../src/core/learned/catalog';
import { parsePpoRecipe } from '../../src/core/meta/ppo/recipe';
import type { MetaStartOptions } from '../../src/core/meta/protocol';
import type { Recipe as TrainerRecipe } from '../../src/core/meta/trainers/catalog';

/** BPTT of the DM optimizer on 2 DM quadratics, 6 steps in unrolls of 3, lean path. */
export function tinyBpttRecipe(over: { iterations: number; seed: number }): Recipe {
  const r = parseRecipe({
    kind: 'dmoptimizer',
    task: { id: 'dm-quadratic', options: { problems: 2 } },
    steps: 6,
    unroll: 3,
    iterations: over.iterations,
    metaLr: 1e-2,
    seed: over.seed,
    path: 'lean',
  });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
}

/** LHOPT PPO on short quadratic episodes (fields besides iterations and episodes per iteration). */
export const TINY_PPO = {
  families: ['quadratic'],
  envReuse: 2,
  minOuter: 3,
  maxOuter: 4,
  minInner: 4,
  maxInner: 8,
  epochs: 1,
  minibatch: 2,
  baselineLrs: [0.01, 0.1],
};

/** Start options of a TINY_PPO recipe with `workers` episode workers, no evaluation. */
export function tinyPpoStart(
  over: { iterations?: number; episodesPerIteration: number },
  workers: number,
): MetaStartOptions {
  const r = parsePpoRecipe({ ...TINY_PPO, ...over });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return { recipe: r.value as unknown as TrainerRecipe, evalEvery: 0, evalRuns: 1, adamLr: 0.01, workers };
}

/** Resolves once f() holds (polling every 2 ms); throws after `ms`. */
export async function until(f: () => boolean, ms = 120_000): Promise<void> {
  const t0 = Date.now();
  while (!f()) {
    if (Date.now() - t0 > ms) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 2));
  }
}
