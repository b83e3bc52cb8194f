/**
 * The trainer a Meta-train session runs for its start options: with `workers` K ≥ 1, a BPTT
 * recipe and a host that can spawn workers (the tab's Web Workers), data-parallel BPTT
 * (parallel/outerParallel.ts); with a PPO recipe and a host that can spawn episode workers,
 * the 'ppo' trainer with its episodes rolled out in K workers (ppo/rollout.ts); otherwise the
 * recipe's outer trainer in this thread. K = 1 runs in a worker too, so that the session's
 * thread stays free and Stop can terminate the unroll in flight (a synchronous tfjs unroll
 * cannot be interrupted from inside its own thread); its numbers are `meta-train --workers 1`'s.
 */
import type { Architecture, Recipe as LearnedRecipe } from '../learned/catalog';
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
  architecture?: Architecture,
): Promise<OuterTrainer<Recipe>> {
  const K = o.workers ?? 1;
  if (spawn && o.recipe.trainer === 'bptt')
    return (await ParallelOuterTrainer.create(
      o.recipe as LearnedRecipe,
      K,
      spawn,
      architecture,
    )) as unknown as OuterTrainer<Recipe>;
  const t = await createOuterTrainer(o.recipe, env, { architecture });
  const ppo = ppoInnerOf(t);
  if (spawnEpisodes && ppo) {
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

/** Workers the trainer runs (1 unless data-parallel or PPO in workers). */
export const workersOf = (t: OuterTrainer<Recipe> | null): number =>
  t instanceof ParallelOuterTrainer ? t.workers : (ppoInnerOf(t)?.workers ?? 1);
