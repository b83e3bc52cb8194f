/**
 * Data-parallel meta-training (docs/algorithms.md §8): K workers (gradWorker.ts — in this thread,
 * or worker_threads / Web Workers behind the same GradSource interface) each compute the
 * meta-gradient of one unroll on their own sampled problems; the leader averages them and
 * applies one Adam step to φ (adam.ts):
 *   g = (1/|F|)·Σ_{w ∈ F} ∂L_w/∂φ,   F = the workers whose unroll was finite (in worker order)
 *   g ← g·min(1, clipNorm/‖g‖) where recipe.clipNorm is set (clipNorm.ts)
 * One meta-iteration = one unroll on every live worker + one meta-update. All workers move in
 * lockstep through runs of U = steps/unroll unrolls: at iteration i (counted from the last run
 * boundary) worker w is at unroll u of its run k = run·K + w. A worker whose unroll is
 * non-finite sits out until the next boundary (its run is dropped); if no worker is finite the
 * update is skipped. Deterministic for a given seed, K and backend (fixed reduction order).
 * At a run boundary the whole state is `TrainerState` (state.ts): resume = same numbers.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Recipe } from '../../learned/catalog';
import type { LearnedOptimizer } from '../../learned/types';
import { clipFactor, sumSquares } from '../clipNorm';
import { metaLrs } from '../trainers/bpttRecipe';
import { type AdamState, adamInit, adamStep } from './adam';
import type { WorkerResult } from './gradWorker';
import type { TrainerState } from './state';

export interface GradSource {
  step(phi: Float32Array[], run: number, unroll: number): Promise<WorkerResult>;
  /**
   * Stop now (a Web Worker: terminate it): a step in flight rejects with StopRequested and
   * the source is finished (its runs are gone). Sources that cannot (in this thread) omit it.
   */
  abort?(): void;
  dispose(): void | Promise<void>;
}

export interface ParallelReport {
  iteration: number;
  run: number;
  unroll: number;
  /** Mean meta-loss over the finite workers (NaN if none). */
  metaLoss: number;
  /** Worker 0's unroll losses (or the first live worker's). */
  losses: Float32Array;
  skipped: boolean;
  /** Workers that computed this iteration. */
  live: number;
  /** The mean meta-gradient's global L2 norm before clipping (NaN if skipped; clipNorm.ts). */
  gradNorm: number;
}

export class DataParallelTrainer {
  readonly recipe: Recipe;
  readonly opt: LearnedOptimizer;
  readonly workers: GradSource[];
  private readonly phi: Float32Array[];
  private adam: AdamState;
  iteration: number;
  /** Current run counter (each worker's run index is run·K + w). */
  run: number;
  /** Unroll index within the current run (0 = at a boundary). */
  unroll = 0;
  skipped = 0;
  /** Unrolls computed (all workers). */
  unrolls = 0;
  lastMetaLoss: number | null = null;
  private dead: boolean[];

  /**
   * `opt` holds φ (kept in sync after every update; the caller owns it). `state` resumes
   * exactly; without it, counting starts at `startIteration` with the run sequence continuing
   * at ⌈startIteration/U⌉ (as MetaTrainer does for weights saved without a state).
   */
  constructor(
    recipe: Recipe,
    opt: LearnedOptimizer,
    workers: GradSource[],
    state?: TrainerState,
    startIteration = 0,
  ) {
    if (workers.length < 1) throw new Error('workers: need at least 1');
    this.recipe = recipe;
    this.opt = opt;
    this.workers = workers;
    this.phi = opt.weights.list().map((v) => v.dataSync().slice() as Float32Array);
    this.dead = workers.map(() => false);
    if (state) {
      if (state.workers !== workers.length)
        throw new Error(`workers: the saved state was trained with ${state.workers}; got ${workers.length}`);
      if (state.seed !== recipe.seed)
        throw new Error(`seed: the saved state has ${state.seed}; got ${recipe.seed}`);
      this.adam = state.adam;
      this.iteration = state.iteration;
      this.run = state.run;
      this.skipped = state.skipped;
      this.unrolls = state.unrolls;
      this.lastMetaLoss = state.lastMetaLoss;
    } else {
      this.adam = adamInit(this.phi.map((p) => p.length));
      this.iteration = startIteration;
      this.run = Math.ceil(startIteration / this.unrollsPerRun);
    }
  }

  get unrollsPerRun(): number {
    return Math.floor(this.recipe.steps / this.recipe.unroll);
  }

  get done(): boolean {
    return this.iteration >= this.recipe.iterations;
  }

  get atBoundary(): boolean {
    return this.unroll === 0;
  }

  async iterate(): Promise<ParallelReport> {
    const K = this.workers.length;
    const u = this.unroll;
    const live = this.workers.map((_, w) => !this.dead[w]);
    const results = await Promise.all(
      this.workers.map((src, w) =>
        live[w] ? src.step(this.phi, this.run * K + w, u) : Promise.resolve(null),
      ),
    );
    const ok = results.filter((r): r is WorkerResult & { grads: Float32Array[] } => r?.grads != null);
    results.forEach((r, w) => {
      if (r && r.grads == null) this.dead[w] = true;
    });
    this.unrolls += results.filter((r) => r).length;
    const report: ParallelReport = {
      iteration: this.iteration + 1,
      run: this.run,
      unroll: u,
      metaLoss: ok.length ? ok.reduce((s, r) => s + r.metaLoss, 0) / ok.length : Number.NaN,
      losses: (results.find((r) => r) as WorkerResult).losses,
      skipped: ok.length === 0,
      live: results.filter((r) => r).length,
      gradNorm: Number.NaN,
    };
    if (ok.length) {
      const mean = this.phi.map((p, i) => {
        const g = new Float64Array(p.length);
        for (const r of ok) {
          const gi = r.grads[i];
          for (let j = 0; j < g.length; j++) g[j] += gi[j];
        }
        for (let j = 0; j < g.length; j++) g[j] /= ok.length;
        return g;
      });
      const sumSq = sumSquares(mean);
      report.gradNorm = Math.sqrt(sumSq);
      const clip = clipFactor(sumSq, this.recipe.clipNorm);
      if (clip !== 1) for (const g of mean) for (let j = 0; j < g.length; j++) g[j] *= clip;
      adamStep(this.phi, mean, this.adam, metaLrs(this.recipe, this.opt.weights.names()));
      this.opt.weights.list().forEach((v, i) => {
        tf.tidy(() => v.assign(tf.tensor(this.phi[i], v.shape)));
      });
      this.lastMetaLoss = report.metaLoss;
    } else this.skipped++;
    this.iteration++;
    this.unroll++;
    if (this.unroll >= this.unrollsPerRun || this.dead.every((d) => d)) {
      this.unroll = 0;
      this.run++;
      this.dead = this.dead.map(() => false);
    }
    return report;
  }

  /**
   * Abandon the iteration in flight (Stop within a second): the workers are terminated, so
   * iterate() rejects with StopRequested before it changed anything — φ, Adam and the
   * counters stay as of the last completed iteration. The workers are gone afterwards.
   */
  abort(): void {
    for (const w of this.workers) w.abort?.();
  }

  /**
   * Continue from an exact state (state()'s, e.g. from a checkpoint) into this fresh trainer:
   * φ is read back from `opt` (the caller restored it first).
   */
  restore(st: TrainerState): void {
    if (this.iteration !== 0 || this.unrolls !== 0)
      throw new Error('checkpoint: restore into a fresh trainer only');
    if (st.workers !== this.workers.length)
      throw new Error(`workers: the checkpoint was trained with ${st.workers}; got ${this.workers.length}`);
    if (st.seed !== this.recipe.seed)
      throw new Error(`seed: the checkpoint has ${st.seed}; got ${this.recipe.seed}`);
    const sizes = this.phi.map((p) => p.length);
    if (
      st.adam.m.length !== sizes.length ||
      sizes.some((n, i) => st.adam.m[i].length !== n || st.adam.v[i].length !== n)
    )
      throw new Error('checkpoint: the meta-Adam moments do not match the weights');
    this.opt.weights.list().forEach((v, i) => {
      this.phi[i].set(v.dataSync());
    });
    const copy = (a: Float64Array[]) => a.map((x) => Float64Array.from(x));
    this.adam = { t: st.adam.t, m: copy(st.adam.m), v: copy(st.adam.v) };
    this.iteration = st.iteration;
    this.run = st.run;
    this.skipped = st.skipped;
    this.unrolls = st.unrolls;
    this.lastMetaLoss = st.lastMetaLoss;
  }

  /** The exact state (only at a run boundary; null elsewhere). */
  state(): TrainerState | null {
    if (!this.atBoundary) return null;
    const copy = (a: Float64Array[]) => a.map((x) => x.slice());
    return {
      iteration: this.iteration,
      run: this.run,
      workers: this.workers.length,
      seed: this.recipe.seed,
      skipped: this.skipped,
      unrolls: this.unrolls,
      lastMetaLoss: this.lastMetaLoss,
      adam: { t: this.adam.t, m: copy(this.adam.m), v: copy(this.adam.v) },
    };
  }

  async disposeWorkers(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.dispose()));
  }
}

/** A GradWorker in this thread as a GradSource. */
export function inThread(w: { step: GradSource['step']; dispose(): void }): GradSource {
  return { step: (phi, run, u) => w.step(phi, run, u), dispose: () => w.dispose() };
}
