/**
 * The trainer a Meta-train session runs for its start options: with `workers` K ≥ 2, a BPTT
 * recipe and a host that can spawn workers (the tab's Web Workers), data-parallel BPTT
 * (parallel/outerParallel.ts); with K ≥ 2, a PPO recipe and a host that can spawn episode
 * workers, the 'ppo' trainer with its episodes rolled out in K workers (ppo/rollout.ts);
 * otherwise the recipe's outer trainer in this thread.
 */
import type { Recipe as LearnedRecipe } from '../learned/catalog';
import type { TaskEnv } from '../tasks/registry';
import { createOuterTrainer } from './createTrainer';
import type { OuterTrainer } from './outer';
import { ParallelOuterTrainer, type SpawnGradSource } from './parallel/outerParallel';
import { ppoInnerOf } from './ppo/outer';
import type { SpawnEpisodeSource } from './ppo/remoteEpisodes';
import type { MetaStartOptions } from './protocol';
import type { Recipe } from './trainers/catalog';
import { pathInUse, pathLabel } from './unrollPath';

export async function createSessionTrainer(
  o: MetaStartOptions,
  env: TaskEnv,
  spawn?: SpawnGradSource,
  spawnEpisodes?: SpawnEpisodeSource,
): Promise<OuterTrainer<Recipe>> {
  const K = o.workers ?? 1;
  if (K > 1 && spawn && o.recipe.trainer === 'bptt')
    return (await ParallelOuterTrainer.create(
      o.recipe as LearnedRecipe,
      K,
      spawn,
    )) as unknown as OuterTrainer<Recipe>;
  const t = await createOuterTrainer(o.recipe, env);
  const ppo = ppoInnerOf(t);
  if (K > 1 && spawnEpisodes && ppo) {
    try {
      ppo.setSources(await Promise.all(Array.from({ length: K }, () => spawnEpisodes(ppo.recipe))));
    } catch (e) {
      t.dispose();
      throw e;
    }
  }
  return t;
}

/** The BPTT unroll path that runs on `backend` ('fused (WGSL)', 'lean (fused needs WebGPU)', …). */
export const pathOf = (t: OuterTrainer<Recipe> | null, backend: string): string | undefined =>
  t?.recipe.trainer === 'bptt' ? pathLabel(pathInUse(t.recipe.path, backend)) : undefined;

/** Workers the trainer runs (1 unless data-parallel). */
export const workersOf = (t: OuterTrainer<Recipe> | null): number =>
  t instanceof ParallelOuterTrainer ? t.workers : (ppoInnerOf(t)?.workers ?? 1);
