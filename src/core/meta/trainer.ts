/**
 * Meta-training by truncated BPTT (docs/algorithms.md §2.3, §3.3, §8): the recipe (data) drives
 *   for run = 0, 1, …:   fresh optimizee problem (θ₀, tricks' constants, batches from the seed)
 *     for u = 0..steps/unroll − 1:   one unroll of `unroll` steps → L(φ) → one Adam step on φ
 *   θ and the optimizer state carry over between a run's unrolls but the gradient does not.
 * One call to `iterate()` = one meta-iteration = one unroll + one meta-update, so hosts can
 * pause, resume and stop between iterations. A non-finite meta-loss or meta-gradient (or one
 * whose per-tensor Σg² overflows float32, |g| ≳ 1e19) skips the update and restarts the run
 * (counted in `skipped`).
 * Randomness: φ₀ from fork('learned-init'); run k from fork(`run${k}`) (task data for
 * quick tasks, θ₀, tricks, batches). Meta-optimizer: tf.train.adam(metaLr, 0.9, 0.999, 1e-8) on
 * the meta-gradient, clipped to recipe.clipNorm where set (clipNorm.ts).
 * The 'bptt' outer trainer (outer.ts OuterTrainer; its recipe: trainers/bptt.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Architecture } from '../learned/descriptor';
import { initLearned } from '../learned/factory';
import { learnedMetaOf } from '../learned/kinds';
import type { LearnedOptimizer } from '../learned/types';
import { ensureGradients } from '../tasks/gradients';
import type { TaskEnv } from '../tasks/registry';
import { clipFactor } from './clipNorm';
import {
  captureAdam,
  captureWeights,
  type ExactTrainerState,
  restoreAdam,
  restoreWeights,
} from './exactState';
import { withPath } from './lean/wrap';
import { type MetaObjective, OBJECTIVES } from './objectives';
import type {
  IterateOptions,
  IterationReport,
  OuterTrainer,
  OuterTrainerFactory,
  TrainerCheckpoint,
} from './outer';
import {
  carry,
  closeRun,
  disposeSharedTask,
  type MetaRun,
  newSharedTask,
  openRun,
  type SharedTask,
  unrollContext,
  unrollOnce,
} from './runs';
import type { BpttRecipe } from './trainers/bpttRecipe';

export type { IterationReport } from './outer';

type Recipe = BpttRecipe;

export class BpttTrainer implements OuterTrainer<BpttRecipe> {
  readonly recipe: Recipe;
  readonly opt: LearnedOptimizer;
  /** opt, or its lean view when recipe.path = 'lean' (what the unroll runs). */
  private readonly stepOpt: LearnedOptimizer;
  readonly objective: MetaObjective;
  private readonly env: TaskEnv;
  private readonly metaOpt: tf.AdamOptimizer;
  private readonly shared: SharedTask = newSharedTask();
  private run: MetaRun | null = null;
  private runsStarted = 0;
  iteration = 0;
  skipped = 0;
  lastMetaLoss: number | null = null;
  private disposed = false;

  private constructor(recipe: Recipe, opt: LearnedOptimizer, env: TaskEnv) {
    this.recipe = recipe;
    this.opt = opt;
    this.stepOpt = withPath(opt, recipe.path);
    this.env = env;
    this.objective = OBJECTIVES[recipe.objective];
    this.metaOpt = tf.train.adam(recipe.metaLr, 0.9, 0.999, 1e-8);
  }

  /**
   * A trainer for `recipe`, from seeded φ₀ or continuing `opt` (which it then owns).
   * `startIteration` (resume): meta-iterations already done on `opt`; counting continues from
   * there up to recipe.iterations (the total), and runs continue at index ⌈start/unrollsPerRun⌉
   * so a resumed session sees fresh problems. (The meta-Adam moments start afresh.)
   */
  static async create(
    recipe: Recipe,
    env: TaskEnv,
    opt?: LearnedOptimizer,
    architecture?: Architecture,
    startIteration = 0,
  ): Promise<BpttTrainer> {
    await ensureGradients();
    const arch = architecture ?? learnedMetaOf(recipe.kind)?.defaultArchitecture;
    if (!arch) throw new Error(`recipe.kind: unknown learned kind '${recipe.kind}'`);
    if (opt && opt.kind !== recipe.kind)
      throw new Error(`recipe.kind '${recipe.kind}' but the weights are '${opt.kind}'`);
    if (!Number.isInteger(startIteration) || startIteration < 0)
      throw new Error(`startIteration: must be an integer ≥ 0; got ${startIteration}`);
    const o = opt ?? initLearned(arch, recipe.seed, recipe.init);
    const t = new BpttTrainer(recipe, o, env);
    t.iteration = startIteration;
    t.runsStarted = Math.ceil(startIteration / t.unrollsPerRun);
    return t;
  }

  checkpoint(): TrainerCheckpoint {
    return { iteration: this.iteration };
  }

  /** The exact state (exactState.ts), only at a run boundary (null inside a run). */
  async exactState(): Promise<ExactTrainerState | null> {
    if (this.run || this.disposed) return null;
    return {
      trainer: 'bptt',
      iteration: this.iteration,
      runsStarted: this.runsStarted,
      skipped: this.skipped,
      lastMetaLoss: this.lastMetaLoss,
      architecture: this.opt.architecture,
      weights: await captureWeights(this.opt.weights.list()),
      adam: await captureAdam(this.metaOpt),
    };
  }

  /** Continue from an exact state (a trainer fresh from the same recipe, before any iteration). */
  restoreExact(s: ExactTrainerState): void {
    if (s.trainer !== 'bptt') throw new Error(`checkpoint: a '${s.trainer}' trainer's state`);
    if (this.run || this.iteration !== 0) throw new Error('checkpoint: restore into a fresh trainer only');
    restoreWeights(this.opt.weights.list(), s.weights);
    restoreAdam(this.metaOpt, s.adam);
    this.iteration = s.iteration;
    this.runsStarted = s.runsStarted;
    this.skipped = s.skipped;
    this.lastMetaLoss = s.lastMetaLoss;
  }

  get done(): boolean {
    return this.iteration >= this.recipe.iterations;
  }

  get unrollsPerRun(): number {
    return Math.floor(this.recipe.steps / this.recipe.unroll);
  }

  private endRun(): void {
    if (this.run) closeRun(this.run);
    this.run = null;
  }

  /** One unroll and one meta-update (abandoned unchanged at a Stop: outer.ts IterateOptions). */
  async iterate(opts: IterateOptions = {}): Promise<IterationReport> {
    if (this.disposed) throw new Error('meta-trainer disposed');
    this.run ??= await openRun(this.recipe, this.env, this.stepOpt, this.runsStarted++, this.shared);
    const run = this.run;
    const vars = this.opt.weights.list();
    const res = unrollOnce(run, unrollContext(this.recipe, this.opt, this.stepOpt), opts.stop);
    const gradList = res.grads;
    // Σg² per tensor: the finiteness check and the norm for clipping, in one readback.
    const sq = tf.tidy(() => tf.stack(gradList.map((g) => tf.sum(tf.square(g)))));
    const [metaLoss, losses, sqs] = await Promise.all([
      res.metaLoss.data(),
      res.losses.data() as Promise<Float32Array>,
      sq.data(),
    ]);
    const sumSq = Array.from(sqs).reduce((a, b) => a + b, 0);
    const finite = Number.isFinite(metaLoss[0]) && Number.isFinite(sumSq);
    if (finite) this.applyMeta(vars, gradList, clipFactor(sumSq, this.recipe.clipNorm));
    tf.dispose([res.metaLoss, res.losses, sq, ...gradList]);
    carry(run, res);
    const report: IterationReport = {
      iteration: ++this.iteration,
      run: run.index,
      unroll: run.unroll - 1,
      metaLoss: metaLoss[0],
      losses,
      skipped: !finite,
      gradNorm: Math.sqrt(sumSq),
    };
    if (finite) this.lastMetaLoss = metaLoss[0];
    else this.skipped++;
    if (!finite || run.unroll >= this.unrollsPerRun) this.endRun();
    return report;
  }

  /**
   * One meta-Adam step; tensors with recipe.lrScale[name] = s then move s times as far
   * (φ ← φ₀ + s·(φ₁ − φ₀): the step of Adam with lr s·metaLr, its moments unchanged).
   * `clip` (< 1 where recipe.clipNorm cut the gradient): Adam receives clip·g.
   */
  private applyMeta(vars: tf.Variable[], grads: tf.Tensor[], clip: number): void {
    const names = this.opt.weights.names();
    const scaled = vars.flatMap((v, i) => {
      const s = this.recipe.lrScale?.[names[i]] ?? 1;
      return s === 1 ? [] : [{ v, s, before: tf.clone(v) }];
    });
    const gs = clip === 1 ? grads : grads.map((g) => tf.mul(g, clip));
    this.metaOpt.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: gs[i] })));
    if (gs !== grads) tf.dispose(gs);
    for (const { v, s, before } of scaled) {
      tf.tidy(() => v.assign(tf.add(before, tf.mul(tf.sub(v, before), s))));
      before.dispose();
    }
  }

  /** Free everything except the learned optimizer (which the caller may keep using). */
  disposeTraining(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.endRun();
    disposeSharedTask(this.shared);
    this.metaOpt.dispose();
  }

  /** Free everything, the learned optimizer included. */
  dispose(): void {
    this.disposeTraining();
    this.opt.dispose();
  }
}

/** Kept for callers of the concrete class (tests, CLI): truncated BPTT. */
export const MetaTrainer = BpttTrainer;
export type MetaTrainer = BpttTrainer;

/** The 'bptt' entry of the outer-trainer registry (trainers/catalog.ts, loaded lazily). */
export const bpttFactory: OuterTrainerFactory<BpttRecipe> = {
  create: (recipe, env, init = {}) =>
    BpttTrainer.create(recipe, env, init.opt, init.architecture, init.from?.iteration ?? 0),
};
