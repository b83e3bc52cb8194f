/**
 * Two interleaved spirals (docs/algorithms.md §7.3). For n points per class: u ~ U[0, 1),
 * φ = 3π√u, r = φ; class 0 at (r cos φ, r sin φ) + N(0, noise²) per coordinate, class 1 at the
 * negated point (own noise); inputs divided by 3π so they lie in about [−1, 1]. A training set
 * and an equally large held-out set (for evalLoss) are drawn from the task seed.
 * Model: MLP 2 → width (×depth, activation) → 2, Glorot-normal weights (std √(2/(fan_in+fan_out))),
 * zero biases; mean softmax cross-entropy. `decision` gives P(class 1) = softmax(logits)₁ over any
 * inputs, for the decision-boundary map (run/boundary.ts). Minibatches: batchSize points drawn uniformly with
 * replacement from the training set by the batch stream, assembled in JS and uploaded once per
 * step (shared by every run).
 */

import type { Scalar } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../experiment/rng';
import type { TaskOptions } from './catalog';
import { accuracy, mlpForward, mlpInit, mlpSizes, oneHotOf, softmaxCrossEntropy } from './tfUtil';
import type { Task } from './types';

export interface SpiralData {
  /** Interleaved x, y per point, 2n points. */
  points: Float32Array;
  labels: Uint8Array;
}

/** The raw spiral points (pure JS, deterministic given the rng). */
export function makeSpirals(rng: Rng, perClass: number, noise: number): SpiralData {
  const n = 2 * perClass;
  const points = new Float32Array(2 * n);
  const labels = new Uint8Array(n);
  const scale = 1 / (3 * Math.PI);
  for (let i = 0; i < perClass; i++) {
    const phi = 3 * Math.PI * Math.sqrt(rng.next());
    const x = phi * Math.cos(phi);
    const y = phi * Math.sin(phi);
    const a = 2 * i;
    const b = 2 * i + 1;
    points[2 * a] = (x + noise * rng.normal()) * scale;
    points[2 * a + 1] = (y + noise * rng.normal()) * scale;
    labels[a] = 0;
    points[2 * b] = (-x + noise * rng.normal()) * scale;
    points[2 * b + 1] = (-y + noise * rng.normal()) * scale;
    labels[b] = 1;
  }
  return { points, labels };
}

export function createSpiralsTask(options: TaskOptions, dataRng: Rng): Task {
  const o = options as TaskOptions<'spirals'>;
  const train = makeSpirals(dataRng.fork('train'), o.pointsPerClass, o.noise);
  const test = makeSpirals(dataRng.fork('test'), o.pointsPerClass, o.noise);
  const n = 2 * o.pointsPerClass;
  const xTest = tf.tensor2d(test.points, [n, 2]);
  const yTest = oneHotOf(test.labels, 2);
  const sizes = mlpSizes(2, o.width, o.depth, 2);
  return {
    id: 'spirals',
    init: (rng) => mlpInit(rng, sizes, (a, b) => Math.sqrt(2 / (a + b)), 0),
    nextBatch(rng) {
      const x = new Float32Array(2 * o.batchSize);
      const labels = new Uint8Array(o.batchSize);
      for (let r = 0; r < o.batchSize; r++) {
        const i = rng.int(n);
        x[2 * r] = train.points[2 * i];
        x[2 * r + 1] = train.points[2 * i + 1];
        labels[r] = train.labels[i];
      }
      return { x: tf.tensor2d(x, [o.batchSize, 2]), y: oneHotOf(labels, 2) };
    },
    loss(params, batch) {
      if (!batch) throw new Error('spirals: loss needs a minibatch');
      return softmaxCrossEntropy(mlpForward(params, batch.x, o.activation), batch.y);
    },
    decision: {
      points: train.points,
      labels: train.labels,
      extent: extentOf(train.points),
      predict: (params, xy) =>
        tf.tidy(() =>
          tf.reshape(tf.slice(tf.softmax(mlpForward(params, xy, o.activation)), [0, 1], [-1, 1]), [-1]),
        ),
    },
    evalLoss: (params) => softmaxCrossEntropy(mlpForward(params, xTest, o.activation), yTest) as Scalar,
    evalAccuracy: (params) => accuracy(mlpForward(params, xTest, o.activation), yTest),
    dispose() {
      tf.dispose([xTest, yTest]);
    },
  };
}

/** Half-width of a square around the origin holding every point, 10% margin, rounded up to 0.1. */
function extentOf(points: Float32Array): number {
  let m = 0;
  for (const v of points) m = Math.max(m, Math.abs(v));
  return Math.ceil(m * 1.1 * 10) / 10;
}
