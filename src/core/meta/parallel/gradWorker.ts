/**
 * One data-parallel meta-training worker (docs/algorithms.md §8; the leader is leader.ts): it
 * holds its own copy of the learned optimizer and its own optimizee runs, and for a given φ
 * computes ONE truncated-BPTT unroll's meta-loss and meta-gradient ∂L/∂φ (runUnroll, on the
 * recipe's path). It never updates φ.
 * Runs are named by the leader: global run index k (worker w of K gets k = j·K + w for its j-th
 * run) and unroll index u within the run; u = 0 starts run k afresh, from the same seeded
 * streams as MetaTrainer (fork(`run${k}`): task data for quick tasks, θ₀ and the tricks, the
 * batches), so a worker's numbers depend only on (seed, k, u, φ). VHAdam's noise stream is
 * rewound at every run start to noiseSeedOf(architecture.noiseSeed, k), so runs on different
 * workers never share ξ draws and resuming at a run boundary replays them exactly.
 * A non-finite meta-loss or meta-gradient returns grads = null and ends the run (the leader
 * skips this worker until its next run).
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Architecture, DEFAULT_ARCHITECTURES, type Recipe } from '../../learned/catalog';
import { initLearned } from '../../learned/factory';
import type { LearnedOptimizer } from '../../learned/types';
import { noiseSeedOf, type VhAdamOptimizer } from '../../learned/vhadam';
import type { VhAdamArchitecture } from '../../learned/vhadam/meta';
import { ensureGradients } from '../../tasks/gradients';
import type { TaskEnv } from '../../tasks/registry';
import { withPath } from '../lean/wrap';
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
} from '../runs';

export interface WorkerResult {
  metaLoss: number;
  /** ∂L/∂φ per variable, in the weight-definition order; null when non-finite. */
  grads: Float32Array[] | null;
  /** f_t(θ_t) over the unroll. */
  losses: Float32Array;
}

export class GradWorker {
  readonly recipe: Recipe;
  readonly opt: LearnedOptimizer;
  private readonly stepOpt: LearnedOptimizer;
  private readonly env: TaskEnv;
  private readonly shared: SharedTask = newSharedTask();
  private run: MetaRun | null = null;

  private constructor(recipe: Recipe, opt: LearnedOptimizer, env: TaskEnv) {
    this.recipe = recipe;
    this.opt = opt;
    this.stepOpt = withPath(opt, recipe.path);
    this.env = env;
  }

  static async create(recipe: Recipe, env: TaskEnv, architecture?: Architecture): Promise<GradWorker> {
    await ensureGradients();
    return new GradWorker(
      recipe,
      initLearned(architecture ?? DEFAULT_ARCHITECTURES[recipe.kind], recipe.seed),
      env,
    );
  }

  private async startRun(k: number): Promise<MetaRun> {
    this.endRun();
    const run = await openRun(this.recipe, this.env, this.stepOpt, k, this.shared);
    const a = this.opt.architecture as VhAdamArchitecture;
    if (a.kind === 'vhadam') (this.stepOpt as VhAdamOptimizer).resetNoise(noiseSeedOf(a.noiseSeed, k));
    return run;
  }

  private endRun(): void {
    if (this.run) closeRun(this.run);
    this.run = null;
  }

  /** One unroll u of run k at meta-parameters φ (one Float32Array per variable, in order). */
  async step(phi: Float32Array[], k: number, u: number): Promise<WorkerResult> {
    const vars = this.opt.weights.list();
    if (phi.length !== vars.length)
      throw new Error(`worker: ${phi.length} φ tensors for ${vars.length} variables`);
    vars.forEach((v, i) => {
      tf.tidy(() => v.assign(tf.tensor(phi[i], v.shape)));
    });
    if (u === 0 || !this.run || this.run.index !== k) this.run = await this.startRun(k);
    const run = this.run;
    if (run.unroll !== u) throw new Error(`worker: run ${k} is at unroll ${run.unroll}, asked for ${u}`);
    const res = unrollOnce(run, unrollContext(this.recipe, this.opt, this.stepOpt));
    const grads = await Promise.all(res.grads.map((g) => g.data() as Promise<Float32Array>));
    const metaLoss = (await res.metaLoss.data())[0];
    const losses = (await res.losses.data()) as Float32Array;
    tf.dispose([res.metaLoss, res.losses, ...res.grads]);
    carry(run, res);
    const finite = Number.isFinite(metaLoss) && grads.every((g) => g.every(Number.isFinite));
    if (!finite || run.unroll >= this.recipe.steps / this.recipe.unroll) this.endRun();
    return { metaLoss, grads: finite ? grads : null, losses };
  }

  dispose(): void {
    this.endRun();
    disposeSharedTask(this.shared);
    this.opt.dispose();
  }
}
