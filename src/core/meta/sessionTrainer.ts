/**
 * The trainer a Meta-train session runs for its start options: with `workers` K ≥ 2, a BPTT
 * recipe and a host that can spawn workers (the tab's Web Workers), data-parallel BPTT
 * (parallel/outerParallel.ts); otherwise the recipe's outer trainer in this thread.
 */
import type { Recipe as LearnedRecipe } from '../learned/catalog';
import type { TaskEnv } from '../tasks/registry';
import { createOuterTrainer } from './createTrainer';
import type { OuterTrainer } from './outer';
import { ParallelOuterTrainer, type SpawnGradSource } from './parallel/outerParallel';
import type { MetaStartOptions } from './protocol';
import type { Recipe } from './trainers/catalog';

export async function createSessionTrainer(
  o: MetaStartOptions,
  env: TaskEnv,
  spawn?: SpawnGradSource,
): Promise<OuterTrainer<Recipe>> {
  const K = o.workers ?? 1;
  if (K > 1 && spawn && o.recipe.trainer === 'bptt')
    return (await ParallelOuterTrainer.create(
      o.recipe as LearnedRecipe,
      K,
      spawn,
    )) as unknown as OuterTrainer<Recipe>;
  return createOuterTrainer(o.recipe, env);
}

/** Workers the trainer runs (1 unless data-parallel). */
export const workersOf = (t: OuterTrainer<Recipe> | null): number =>
  t instanceof ParallelOuterTrainer ? t.workers : 1;
