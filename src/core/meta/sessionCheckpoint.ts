/**
 * The Meta-train session's checkpoints (issue 16): at a run boundary of an exact-state trainer
 * (BPTT in this thread, data-parallel BPTT with K workers, PPO: exactState.ts) the session
 * writes φ, the meta-optimizer, the run counter, the iteration and the charts' histories to
 * its CheckpointStore (IndexedDB in the browser, atomic: checkpointStore.ts); after a reload,
 * `trainerFromCheckpoint` rebuilds the trainer (with the checkpoint's K workers) and it
 * continues exactly where the checkpoint was taken.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TaskEnv } from '../tasks/registry';
import { CHECKPOINT_VERSION, type CheckpointStore, type MetaCheckpoint } from './checkpointStore';
import { createOuterTrainer } from './createTrainer';
import type { OuterTrainer } from './outer';
import type { SpawnGradSource } from './parallel/outerParallel';
import type { SpawnEpisodeSource } from './ppo/remoteEpisodes';
import type { MetaEval, MetaEvent, MetaStartOptions } from './protocol';
import { createSessionTrainer } from './sessionTrainer';
import { parseStartOptions } from './startOptions';
import type { Recipe } from './trainers/catalog';

/** Write a checkpoint if the trainer can give its exact state now; the iteration saved, or null. */
export async function writeCheckpoint(
  store: CheckpointStore,
  trainer: OuterTrainer<Recipe>,
  h: {
    options: MetaStartOptions;
    losses: number[];
    evals: MetaEval[];
    extras: (Record<string, number> | null)[];
    elapsed: number;
  },
): Promise<number | null> {
  const state = trainer.exactState ? await trainer.exactState() : null;
  if (!state) return null;
  const ck: MetaCheckpoint = {
    version: CHECKPOINT_VERSION,
    savedAt: Date.now(),
    options: h.options,
    state,
    losses: h.losses.slice(0, state.iteration),
    evals: h.evals.filter((e) => e.iteration <= state.iteration),
    extras: h.extras.slice(0, state.iteration),
    elapsed: h.elapsed,
    backend: tf.getBackend(),
  };
  await store.save(ck);
  return state.iteration;
}

/**
 * A trainer continuing `ck` exactly (throws naming what does not fit): the trainer that wrote
 * it — in this thread ('bptt'), or with the checkpoint's K workers from the host's spawn
 * functions ('bptt-parallel', 'ppo').
 */
export async function trainerFromCheckpoint(
  ck: MetaCheckpoint,
  env: TaskEnv,
  spawn?: SpawnGradSource,
  spawnEpisodes?: SpawnEpisodeSource,
): Promise<OuterTrainer<Recipe>> {
  const r = parseStartOptions(ck.options);
  if (!r.ok) throw new Error(`checkpoint: ${r.errors.join('; ')}`);
  const architecture = ck.state.architecture;
  if (ck.state.trainer === 'bptt-parallel' && !spawn)
    throw new Error('checkpoint: data-parallel meta-training needs workers, which this host cannot start');
  const trainer =
    ck.state.trainer === 'bptt'
      ? await createOuterTrainer(r.value.recipe, env, { architecture })
      : await createSessionTrainer(r.value, env, spawn, spawnEpisodes, architecture);
  try {
    if (!trainer.restoreExact)
      throw new Error(`checkpoint: the '${r.value.recipe.trainer}' trainer cannot resume exactly`);
    trainer.restoreExact(ck.state);
    return trainer;
  } catch (e) {
    trainer.dispose();
    throw e;
  }
}

/**
 * Write a checkpoint when the trainer can give its exact state now: the event to emit and the
 * iteration to count the next one from (null: not at a run boundary). A failure (a quota
 * error, a failing put) becomes an event with the browser's message; the next attempt is at
 * the next run boundary.
 */
export async function checkpointIfDue(
  store: CheckpointStore,
  trainer: OuterTrainer<Recipe>,
  options: MetaStartOptions,
  history: { losses: number[]; evals: MetaEval[]; extras: (Record<string, number> | null)[] },
  elapsed: number,
): Promise<{ event: MetaEvent; savedAt: number } | null> {
  try {
    const at = await writeCheckpoint(store, trainer, { options, ...history, elapsed });
    return at === null ? null : { event: { type: 'checkpoint', iteration: at }, savedAt: at };
  } catch (e) {
    const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const error = `checkpoint at iteration ${trainer.iteration} not saved (${why})`;
    return { event: { type: 'checkpoint', error }, savedAt: trainer.iteration };
  }
}
