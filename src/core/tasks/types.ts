import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import type { Rng } from '../experiment/rng';

/** A minibatch: named tensors (e.g. x, y), or null for deterministic tasks. */
export type Batch = Record<string, Tensor> | null;

/**
 * An optimizee. Everything random comes from the Rng it is given, so a seed reproduces it.
 * `loss` must be differentiable w.r.t. params with tf.grads and must not dispose its inputs.
 */
export interface Task {
  id: string;
  /** Initial parameters (new tensors owned by the caller). */
  init(rng: Rng): Tensor[];
  /** Next minibatch (new tensors owned by the caller; dispose after use). */
  nextBatch(rng: Rng): Batch;
  loss(params: Tensor[], batch: Batch): Scalar;
  /** Loss on held-out data, if the task has any. */
  evalLoss?(params: Tensor[]): Scalar;
  /** Classification tasks: fraction of the held-out set classified correctly. */
  evalAccuracy?(params: Tensor[]): Scalar;
  /** 2-D classification tasks (spirals): what a decision-boundary map needs (run/boundary.ts). */
  decision?: DecisionSource;
  /** Release task-owned data (datasets, matrices). */
  dispose(): void;
}

/** A 2-D binary classifier's data and prediction, for drawing its decision boundary. */
export interface DecisionSource {
  /** Training points, interleaved x, y (read-only: copy before transferring). */
  points: Float32Array;
  labels: Uint8Array;
  /** The square [−extent, extent]² that holds the data (with a margin). */
  extent: number;
  /** P(class 1) at each row of xy [m, 2]: a [m] tensor (caller disposes). */
  predict(params: Tensor[], xy: Tensor): Tensor;
}
