/**
 * Data-parallel BPTT (leader.ts) behind the OuterTrainer interface (outer.ts), for hosts that
 * only see OuterTrainer (meta/session.ts, the Meta-train tab): K workers, each a GradSource
 * the host spawns (Web Workers in the tab; remote.ts is the protocol), compute one unroll's
 * meta-gradient each on their own runs; the leader averages and applies Adam (same numbers as
 * `meta-train --workers K` for the same seed, K and backend). One iteration = K unrolls.
 * exactState()/restoreExact() checkpoint it at run boundaries (exactState.ts 'bptt-parallel');
 * interrupt() terminates the workers mid-unroll (Stop), keeping φ and Adam as they were.
 */
import type { Architecture, Recipe } from '../../learned/catalog';
import { DEFAULT_ARCHITECTURES } from '../../learned/catalog';
import { initLearned } from '../../learned/factory';
import type { LearnedOptimizer } from '../../learned/types';
import {
  captureWeights,
  type ExactTrainerState,
  type ParallelExactState,
  restoreWeights,
} from '../exactState';
import type { IterationReport, OuterTrainer, TrainerCheckpoint } from '../outer';
import { WORKERS_MAX } from '../startOptions';
import { DataParallelTrainer, type GradSource } from './leader';

/** Starts one worker ready for `recipe` (the host's: a Web Worker, a worker thread…). */
export type SpawnGradSource = (recipe: Recipe, architecture: Architecture) => Promise<GradSource>;

export class ParallelOuterTrainer implements OuterTrainer<Recipe> {
  private constructor(private readonly t: DataParallelTrainer) {}

  /** K workers from `spawn` (all started before the first iteration; a failed start frees the others). */
  static async create(
    recipe: Recipe,
    K: number,
    spawn: SpawnGradSource,
    architecture?: Architecture,
  ): Promise<ParallelOuterTrainer> {
    if (!Number.isInteger(K) || K < 1 || K > WORKERS_MAX)
      throw new Error(`workers: ${K} is not valid; allowed range is [1, ${WORKERS_MAX}] (integer)`);
    const arch = architecture ?? DEFAULT_ARCHITECTURES[recipe.kind];
    const started = await Promise.allSettled(Array.from({ length: K }, () => spawn(recipe, arch)));
    const sources = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await Promise.all(sources.map((s) => s.dispose()));
      throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
    }
    return new ParallelOuterTrainer(
      new DataParallelTrainer(recipe, initLearned(arch, recipe.seed, recipe.init), sources),
    );
  }

  get recipe(): Recipe {
    return this.t.recipe;
  }
  get opt(): LearnedOptimizer {
    return this.t.opt;
  }
  get iteration(): number {
    return this.t.iteration;
  }
  get skipped(): number {
    return this.t.skipped;
  }
  get lastMetaLoss(): number | null {
    return this.t.lastMetaLoss;
  }
  get done(): boolean {
    return this.t.done;
  }
  get workers(): number {
    return this.t.workers.length;
  }

  async iterate(): Promise<IterationReport> {
    const r = await this.t.iterate();
    return {
      iteration: r.iteration,
      run: r.run,
      unroll: r.unroll,
      metaLoss: r.metaLoss,
      losses: r.losses,
      skipped: r.skipped,
    };
  }

  checkpoint(): TrainerCheckpoint {
    return { iteration: this.t.iteration };
  }

  async exactState(): Promise<ParallelExactState | null> {
    const state = this.t.state();
    if (!state) return null;
    const weights = await captureWeights(this.t.opt.weights.list());
    return {
      trainer: 'bptt-parallel',
      iteration: state.iteration,
      architecture: this.t.opt.architecture,
      weights,
      state,
    };
  }

  restoreExact(s: ExactTrainerState): void {
    if (s.trainer !== 'bptt-parallel')
      throw new Error(`checkpoint: a '${s.trainer}' trainer's state, not data-parallel BPTT's`);
    restoreWeights(this.t.opt.weights.list(), s.weights);
    this.t.restore(s.state);
  }

  interrupt(): void {
    this.t.abort();
  }

  disposeTraining(): void {
    void this.t.disposeWorkers();
  }

  dispose(): void {
    this.disposeTraining();
    this.t.opt.dispose();
  }
}
