/**
 * PPO episode rollouts, in this thread or in K workers (docs/algorithms.md §5.4–5.6; the
 * data-parallel layout of §8 applied to episodes). An iteration's episodes e₀ … e₀+E−1 are
 * split into K contiguous chunks, one per worker; every worker rolls its chunk out with the
 * SAME policy weights φ and the SAME frozen input normaliser (the leader's, at the start of
 * the iteration), and returns each episode's trajectory and raw observations; the leader folds
 * the raw observations into the normaliser in episode order (trainer.ts). An episode is a pure
 * function of (seed, episode index, φ, normaliser): environment ⌊i / envReuse⌋ from
 * fork(`env${⌊i/envReuse⌋}`) (its Adam baseline run once per worker that needs it), noise and
 * actions from fork(`episode${i}`). So the numbers do not depend on K, only on the seed.
 */
import type { Variable } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { makeRng } from '../../experiment/rng';
import { noisyInitial } from '../../learned/lhopt/actions';
import { lhoptPolicyShape } from '../../learned/lhopt/controller';
import { INITIAL_HYPER } from '../../learned/lhopt/hyper';
import type { NormStats } from '../../learned/lhopt/normalizer';
import { Policy } from '../../learned/lhopt/policy';
import { ensureGradients } from '../../tasks/gradients';
import { createTask, type TaskEnv } from '../../tasks/registry';
import type { Task } from '../../tasks/types';
import { type Baseline, runBaseline, runEpisode } from './episode';
import type { Trajectory } from './ppo';
import type { PpoRecipe } from './recipe';
import { drawTask, type TaskDraw } from './taskDist';

/** What a worker sends back for one episode (plain data: structured-clone safe). */
export interface EpisodeOut {
  index: number;
  traj: Trajectory;
  /** Raw observations, one per decision (for the leader's normaliser). */
  raw: number[][];
  reward: number;
  speedup: number;
  finalLoss: number;
}

/** Rolls out episodes; `phi` = the policy's trainable weights (null: already current). */
export interface EpisodeSource {
  run(phi: Float32Array[] | null, norm: NormStats, indices: number[]): Promise<EpisodeOut[]>;
  /** Stop now (a worker: terminate it); a run in flight rejects with StopRequested. */
  abort?(): void;
  dispose(): void | Promise<void>;
}

interface Env {
  index: number;
  draw: TaskDraw;
  task: Task;
  seed: number;
  baseline: Baseline;
}

/** The environment index of episode i. */
export const envOf = (recipe: PpoRecipe, episode: number): number => Math.floor(episode / recipe.envReuse);

/** Split [first, first+n) into k contiguous chunks (the first n mod k one longer). */
export function chunks(first: number, n: number, k: number): number[][] {
  const out: number[][] = [];
  let at = first;
  for (let w = 0; w < k; w++) {
    const len = Math.floor(n / k) + (w < n % k ? 1 : 0);
    out.push(Array.from({ length: len }, (_, j) => at + j));
    at += len;
  }
  return out;
}

export class EpisodeRunner implements EpisodeSource {
  private env: Env | null = null;

  constructor(
    readonly recipe: PpoRecipe,
    private readonly taskEnv: TaskEnv,
    readonly policy: Policy,
    private readonly ownsPolicy = false,
  ) {}

  /** A runner with its own policy copy (a worker's): weights arrive with every run(). */
  static standalone(recipe: PpoRecipe, taskEnv: TaskEnv): EpisodeRunner {
    const p = Policy.init(lhoptPolicyShape(recipe.hidden), makeRng(recipe.seed).fork('policy-init'));
    return new EpisodeRunner(recipe, taskEnv, p, true);
  }

  private async envFor(index: number): Promise<Env> {
    if (this.env?.index === index) return this.env;
    this.env?.task.dispose();
    this.env = null;
    const rng = makeRng(this.recipe.seed).fork(`env${index}`);
    const draw = drawTask(this.recipe.families, this.recipe, rng);
    const seed = rng.int(2 ** 31);
    const task = await createTask(draw.family, draw.options, this.taskEnv, seed);
    const baseline = runBaseline(task, seed, draw.outer * draw.inner, this.recipe.baselineLrs);
    this.env = { index, draw, task, seed, baseline };
    return this.env;
  }

  private setWeights(phi: Float32Array[]): void {
    const vars: Variable[] = this.policy.trainable();
    if (phi.length !== vars.length)
      throw new Error(`episode worker: ${phi.length} weight tensors, want ${vars.length}`);
    tf.tidy(() => {
      vars.forEach((v, i) => {
        v.assign(tf.tensor(phi[i], v.shape));
      });
    });
  }

  async run(phi: Float32Array[] | null, norm: NormStats, indices: number[]): Promise<EpisodeOut[]> {
    await ensureGradients();
    if (phi) this.setWeights(phi);
    const out: EpisodeOut[] = [];
    for (const index of indices) {
      const env = await this.envFor(envOf(this.recipe, index));
      const rng = makeRng(this.recipe.seed).fork(`episode${index}`);
      const init = this.recipe.initialNoise
        ? noisyInitial(INITIAL_HYPER, rng)
        : { hyper: { ...INITIAL_HYPER }, noise: new Array(6).fill(0) };
      const spec = {
        task: env.task,
        seed: env.seed,
        outer: env.draw.outer,
        inner: env.draw.inner,
        preset: this.recipe.preset,
        ...init,
      };
      const r = runEpisode(this.policy, norm, spec, env.baseline, rng, false);
      out.push({
        index,
        traj: r.traj,
        raw: r.raw,
        reward: r.reward,
        speedup: r.speedup,
        finalLoss: r.finalLoss,
      });
    }
    return out;
  }

  dispose(): void {
    this.env?.task.dispose();
    this.env = null;
    if (this.ownsPolicy) this.policy.dispose();
  }
}
