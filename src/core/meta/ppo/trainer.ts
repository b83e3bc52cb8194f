/**
 * PPO meta-training of the LHOPT policy (docs/algorithms.md §5.4–5.6). One `iterate()` =
 *   episodesPerIteration episodes: each on an environment (task family, options, seed,
 *   episode length) drawn from the recipe's distribution and reused envReuse times (its Adam
 *   baseline run once), with initial-value noise on the hyperparameters, actions sampled from
 *   the policy; the input normaliser learns from every observation;
 *   then `epochs` passes of PPO (ppo.ts) over those episodes, Adam(lr, 0.9, 0.999) on the
 *   policy's weights.
 * Randomness: policy φ₀ from fork('policy-init'); environment e from fork(`env${e}`); episode
 * i's noise and actions from fork(`episode${i}`); PPO's shuffles from fork(`ppo${iteration}`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { makeRng } from '../../experiment/rng';
import { noisyInitial } from '../../learned/lhopt/actions';
import { lhoptPolicyShape } from '../../learned/lhopt/controller';
import { INITIAL_HYPER } from '../../learned/lhopt/hyper';
import { emptyNorm, type NormStats } from '../../learned/lhopt/normalizer';
import { OBS_SIZE } from '../../learned/lhopt/observation';
import { Policy } from '../../learned/lhopt/policy';
import { ensureGradients } from '../../tasks/gradients';
import { createTask, type TaskEnv } from '../../tasks/registry';
import type { Task } from '../../tasks/types';
import { type Baseline, type EpisodeResult, runBaseline, runEpisode } from './episode';
import { ppoUpdate, type Trajectory } from './ppo';
import type { PpoRecipe } from './recipe';
import { drawTask, type TaskDraw } from './taskDist';

export interface PpoReport {
  iteration: number;
  episodes: number;
  meanReward: number;
  meanSpeedup: number;
  /** This iteration's episodes' speedups (for a histogram). */
  speedups: number[];
  entropy: number;
  policyLoss: number;
  valueLoss: number;
  /** Episodes per second of wall time in this iteration. */
  episodesPerSec: number;
  seconds: number;
}

interface Env {
  index: number;
  draw: TaskDraw;
  task: Task;
  seed: number;
  baseline: Baseline;
  uses: number;
}

export class PpoTrainer {
  readonly policy: Policy;
  norm: NormStats;
  iteration = 0;
  episodes = 0;
  private readonly optimizer: tf.Optimizer;
  private env: Env | null = null;
  private envCount = 0;
  history: PpoReport[] = [];

  constructor(
    readonly recipe: PpoRecipe,
    private readonly taskEnv: TaskEnv,
    start?: { policy: Policy; fresh?: boolean; iteration?: number; episodes?: number; envCount?: number },
  ) {
    this.policy =
      start?.policy ?? Policy.init(lhoptPolicyShape(recipe.hidden), makeRng(recipe.seed).fork('policy-init'));
    this.norm = start && !start.fresh ? start.policy.readNorm() : emptyNorm(OBS_SIZE);
    this.iteration = start?.iteration ?? 0;
    this.episodes = start?.episodes ?? 0;
    this.envCount = start?.envCount ?? 0;
    this.optimizer = tf.train.adam(recipe.lr, 0.9, 0.999, 1e-8);
  }

  private async nextEnv(): Promise<Env> {
    if (this.env && this.env.uses < this.recipe.envReuse) return this.env;
    this.env?.task.dispose();
    const index = this.envCount++;
    const rng = makeRng(this.recipe.seed).fork(`env${index}`);
    const draw = drawTask(this.recipe.families, this.recipe, rng);
    const seed = rng.int(2 ** 31);
    const task = await createTask(draw.family, draw.options, this.taskEnv, seed);
    const baseline = runBaseline(task, seed, draw.outer * draw.inner, this.recipe.baselineLrs);
    this.env = { index, draw, task, seed, baseline, uses: 0 };
    return this.env;
  }

  /** One episode with sampled actions (advances the counters). */
  async episode(): Promise<EpisodeResult> {
    await ensureGradients();
    const env = await this.nextEnv();
    env.uses++;
    const rng = makeRng(this.recipe.seed).fork(`episode${this.episodes++}`);
    const init = this.recipe.initialNoise
      ? noisyInitial(INITIAL_HYPER, rng)
      : { hyper: { ...INITIAL_HYPER }, noise: new Array(6).fill(0) };
    const res = runEpisode(
      this.policy,
      this.norm,
      {
        task: env.task,
        seed: env.seed,
        outer: env.draw.outer,
        inner: env.draw.inner,
        preset: this.recipe.preset,
        ...init,
      },
      env.baseline,
      rng,
      true,
    );
    this.norm = res.norm;
    return res;
  }

  async iterate(): Promise<PpoReport> {
    const t0 = Date.now();
    const trajs: Trajectory[] = [];
    const results: EpisodeResult[] = [];
    for (let i = 0; i < this.recipe.episodesPerIteration; i++) {
      const r = await this.episode();
      results.push(r);
      trajs.push(r.traj);
    }
    const stats = ppoUpdate(
      this.policy,
      this.optimizer,
      trajs,
      this.recipe,
      makeRng(this.recipe.seed).fork(`ppo${this.iteration}`),
    );
    this.iteration++;
    const seconds = (Date.now() - t0) / 1000;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
    const report: PpoReport = {
      iteration: this.iteration,
      episodes: this.episodes,
      meanReward: mean(results.map((r) => r.reward)),
      meanSpeedup: mean(results.map((r) => r.speedup)),
      speedups: results.map((r) => r.speedup),
      entropy: stats.entropy,
      policyLoss: stats.policyLoss,
      valueLoss: stats.valueLoss,
      episodesPerSec: results.length / Math.max(seconds, 1e-9),
      seconds,
    };
    this.history.push(report);
    return report;
  }

  /** Copy the normaliser statistics into the policy's weights (before saving them). */
  syncNorm(): void {
    this.policy.writeNorm(this.norm);
  }

  /** Counters to resume from. */
  progress(): { iteration: number; episodes: number; envCount: number } {
    return { iteration: this.iteration, episodes: this.episodes, envCount: this.envCount };
  }

  dispose(): void {
    this.env?.task.dispose();
    this.env = null;
    this.optimizer.dispose();
  }
}
