/**
 * The DMOptimizer quadratic (docs/algorithms.md §2.4, §7.2): `problems` independent 10-dim problems
 *   f(θ) = (1/P) Σ_p ‖W_p θ_p − y_p‖²,   W_p ∈ R^{10×10}, y_p ∈ R^10, entries U[0, 1)
 * from the task seed; θ0 ~ N(0, 0.01²) from the init stream. Deterministic (no minibatches).
 */

import type { Scalar } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { normalArray, type Rng, uniformArray } from '../experiment/rng';
import type { TaskOptions } from './catalog';
import type { Task } from './types';

export const DM_DIM = 10;
export const DM_INIT_STD = 0.01;

export function createDmQuadraticTask(options: TaskOptions, dataRng: Rng): Task {
  const p = (options as TaskOptions<'dm-quadratic'>).problems;
  const w = tf.tensor3d(uniformArray(dataRng, p * DM_DIM * DM_DIM), [p, DM_DIM, DM_DIM]);
  const y = tf.tensor2d(uniformArray(dataRng, p * DM_DIM), [p, DM_DIM]);
  const invP = tf.scalar(1 / p);
  return {
    id: 'dm-quadratic',
    init: (rng) => [tf.tensor2d(normalArray(rng, p * DM_DIM, DM_INIT_STD), [p, DM_DIM])],
    nextBatch: () => null,
    loss(params) {
      const wt = tf.reshape(tf.matMul(w, tf.reshape(params[0], [p, DM_DIM, 1])), [p, DM_DIM]);
      return tf.mul(tf.sum(tf.square(tf.sub(wt, y))), invP) as Scalar;
    },
    dispose() {
      tf.dispose([w, y, invP]);
    },
  };
}
