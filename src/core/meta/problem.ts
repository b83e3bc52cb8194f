/**
 * The optimizee a learned optimizer is meta-trained on: a Task plus RNNprop's training tricks
 * (Lv et al. 2017; docs/algorithms.md §3.2), both switchable, drawn fresh for every run:
 *   random scaling (r > 0):   f̃(θ) = f(c ⊙ θ),  θ̃₀ = θ₀ / c,  c_i = exp(U[−r, r]) per coordinate
 *   convex combination:       F(θ, z) = f̃(θ) + (1/20)·Σ_i clip((c2_i·z_i − a_i)², 0, 10),
 *                             z ∈ R^20, z₀ = 0, a_i ~ U[−1, 1], c2_i = exp(U[−1, 1]) when
 *                             scaling is on (r = 1 for the convex term), else 1.
 * The extra z is appended as the last parameter tensor, so the optimizer updates it too.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type Rng, uniformArray } from '../experiment/rng';
import type { Batch, Task } from '../tasks/types';

export const CONVEX_DIM = 20;
export const CONVEX_CLIP = 10;
export const CONVEX_SCALING = 1;

export interface Tricks {
  randomScaling: number;
  convexCombination: boolean;
}

export const NO_TRICKS: Tricks = { randomScaling: 0, convexCombination: false };

export interface TrainingProblem {
  /** θ₀ for this run (owned by the problem until taken; dispose() frees what is left). */
  init(): Tensor[];
  /** Differentiable loss of all parameters (task params, then z if any). */
  loss(params: Tensor[], batch: Batch): Scalar;
  /** Loss of the underlying task only (for reporting), same parameters. */
  taskLoss(params: Tensor[], batch: Batch): Scalar;
  dispose(): void;
}

function expUniform(rng: Rng, n: number, r: number): Float32Array {
  const u = uniformArray(rng, n, -r, r);
  for (let i = 0; i < n; i++) u[i] = Math.exp(u[i]);
  return u;
}

/** One run's problem: draws the task's θ₀ and the tricks' constants from `rng`. */
export function makeProblem(task: Task, tricks: Tricks, rng: Rng): TrainingProblem {
  const theta0 = task.init(rng.fork('theta0'));
  const r = tricks.randomScaling;
  const scales =
    r > 0 ? theta0.map((t, i) => tf.tensor(expUniform(rng.fork(`scale${i}`), t.size, r), t.shape)) : null;
  const cc = tricks.convexCombination;
  const a = cc ? tf.tensor1d(uniformArray(rng.fork('convex-a'), CONVEX_DIM, -1, 1)) : null;
  const c2 = cc && r > 0 ? tf.tensor1d(expUniform(rng.fork('convex-c'), CONVEX_DIM, CONVEX_SCALING)) : null;
  const nTask = theta0.length;
  const own: Tensor[] = [...theta0, ...(scales ?? []), ...(a ? [a] : []), ...(c2 ? [c2] : [])];

  const scaled = (params: Tensor[]) =>
    scales ? params.slice(0, nTask).map((p, i) => tf.mul(p, scales[i])) : params.slice(0, nTask);
  const taskLoss = (params: Tensor[], batch: Batch) => task.loss(scaled(params), batch);
  return {
    init() {
      return tf.tidy(() => {
        const th = scales ? theta0.map((t, i) => tf.div(t, scales[i])) : theta0.map((t) => tf.clone(t));
        return cc ? [...th, tf.zeros([CONVEX_DIM])] : th;
      });
    },
    loss(params, batch) {
      const f = taskLoss(params, batch);
      if (!cc || !a) return f;
      const z = c2 ? tf.mul(params[nTask], c2) : params[nTask];
      const conv = tf.mean(tf.clipByValue(tf.square(tf.sub(z, a)), 0, CONVEX_CLIP));
      return tf.add(f, conv) as Scalar;
    },
    taskLoss,
    dispose() {
      tf.dispose(own);
    },
  };
}
