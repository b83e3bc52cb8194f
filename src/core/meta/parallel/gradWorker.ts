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
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { makeRng, type Rng } from '../../experiment/rng';
import { type Architecture, DEFAULT_ARCHITECTURES, type Recipe } from '../../learned/catalog';
import { initLearned } from '../../learned/factory';
import { learnedInit } from '../../learned/rule';
import type { LearnedOptimizer } from '../../learned/types';
import { noiseSeedOf, type VhAdamOptimizer } from '../../learned/vhadam';
import type { VhAdamArchitecture } from '../../learned/vhadam/meta';
import type { OptState } from '../../optim/types';
import type { TaskOptions } from '../../tasks/catalog';
import { ensureGradients } from '../../tasks/gradients';
import { createTask, type TaskEnv } from '../../tasks/registry';
import type { Batch, Task } from '../../tasks/types';
import { withPath } from '../lean/wrap';
import { type MetaObjective, OBJECTIVES } from '../objectives';
import { makeProblem, type TrainingProblem } from '../problem';
import { runUnroll } from '../unroll';

export interface WorkerResult {
  metaLoss: number;
  /** ∂L/∂φ per variable, in the weight-definition order; null when non-finite. */
  grads: Float32Array[] | null;
  /** f_t(θ_t) over the unroll. */
  losses: Float32Array;
}

interface Run {
  index: number;
  task: Task;
  ownsTask: boolean;
  problem: TrainingProblem;
  rng: Rng;
  params: Tensor[];
  state: OptState;
  next: number;
}

export class GradWorker {
  readonly recipe: Recipe;
  readonly opt: LearnedOptimizer;
  private readonly stepOpt: LearnedOptimizer;
  private readonly objective: MetaObjective;
  private readonly env: TaskEnv;
  private shared: Task | null = null;
  private run: Run | null = null;

  private constructor(recipe: Recipe, opt: LearnedOptimizer, env: TaskEnv) {
    this.recipe = recipe;
    this.opt = opt;
    this.stepOpt = withPath(opt, recipe.path);
    this.objective = OBJECTIVES[recipe.objective];
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

  private async startRun(k: number): Promise<Run> {
    this.endRun();
    const rng = makeRng(this.recipe.seed).fork(`run${k}`);
    const { id, options } = this.recipe.task;
    const perRun = id !== 'mnist-mlp';
    let task: Task;
    if (perRun)
      task = await createTask(id, options as Partial<TaskOptions>, this.env, rng.fork('data').int(2 ** 31));
    else {
      this.shared ??= await createTask(id, options as Partial<TaskOptions>, this.env, this.recipe.seed);
      task = this.shared;
    }
    const problem = makeProblem(task, this.recipe.tricks, rng.fork('problem'));
    const params = problem.init();
    const state = tf.tidy(
      () => learnedInit(this.stepOpt, params) as unknown as tf.TensorContainer,
    ) as unknown as OptState;
    const a = this.opt.architecture as VhAdamArchitecture;
    if (a.kind === 'vhadam') (this.stepOpt as VhAdamOptimizer).resetNoise(noiseSeedOf(a.noiseSeed, k));
    return { index: k, task, ownsTask: perRun, problem, rng: rng.fork('batches'), params, state, next: 0 };
  }

  private endRun(): void {
    const r = this.run;
    if (!r) return;
    tf.dispose([...r.params, ...Object.values(r.state.slots).flat()]);
    r.problem.dispose();
    if (r.ownsTask) r.task.dispose();
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
    if (run.next !== u) throw new Error(`worker: run ${k} is at unroll ${run.next}, asked for ${u}`);
    const batches: Batch[] = [];
    for (let i = 0; i < this.recipe.unroll; i++) batches.push(run.task.nextBatch(run.rng));
    let res: ReturnType<typeof runUnroll>;
    try {
      res = runUnroll({
        opt: this.stepOpt,
        scale: this.opt.architecture.outputScale,
        problem: run.problem,
        objective: this.objective,
        vars,
        params: run.params,
        state: run.state,
        batches,
        horizon: this.recipe.steps,
      });
    } finally {
      for (const b of batches) if (b) tf.dispose(Object.values(b));
    }
    const gradList = vars.map((v) => res.grads[v.name] ?? tf.zerosLike(v));
    const grads = await Promise.all(gradList.map((g) => g.data() as Promise<Float32Array>));
    const metaLoss = (await res.metaLoss.data())[0];
    const losses = (await res.losses.data()) as Float32Array;
    tf.dispose([res.metaLoss, res.losses, ...gradList, ...Object.values(res.grads)]);
    tf.dispose([...run.params, ...Object.values(run.state.slots).flat()]);
    run.params = res.params;
    run.state = res.state;
    run.next++;
    const finite = Number.isFinite(metaLoss) && grads.every((g) => g.every(Number.isFinite));
    if (!finite || run.next >= this.recipe.steps / this.recipe.unroll) this.endRun();
    return { metaLoss, grads: finite ? grads : null, losses };
  }

  dispose(): void {
    this.endRun();
    this.shared?.dispose();
    this.shared = null;
    this.opt.dispose();
  }
}
