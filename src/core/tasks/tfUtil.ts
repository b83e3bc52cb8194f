/**
 * Tensor helpers shared by the task implementations: a stop-gradient, gradient noise that
 * leaves the loss value untouched, activations, a plain MLP and softmax cross-entropy.
 * Functional tfjs-core ops only; nothing here disposes its inputs.
 */

import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { normalArray, type Rng } from '../experiment/rng';
import type { Activation } from './catalog';

/** Identity in the forward pass, zero gradient (tfjs has no tf.stopGradient). */
export const stopGradient: (x: Tensor) => Tensor = tf.customGrad((...inputs) => {
  const x = inputs[0] as Tensor;
  return { value: tf.clone(x), gradFunc: (dy: Tensor) => tf.zerosLike(dy) };
});

/**
 * Add σ·ξ to the gradient of `loss` w.r.t. θ without changing its value:
 *   loss + (σξᵀθ − stop(σξᵀθ))   — the bracket is exactly 0 in value, σξ in gradient.
 * `xi` has θ's shape (N(0, 1) draws from the batch); σ = 0 returns `loss` itself.
 */
export function withGradientNoise(
  loss: Scalar,
  theta: Tensor,
  xi: Tensor | undefined,
  sigma: number,
): Scalar {
  if (!xi || sigma === 0) return loss;
  const dot = tf.mul(tf.sum(tf.mul(xi, theta)), tf.scalar(sigma));
  return tf.add(loss, tf.sub(dot, stopGradient(dot))) as Scalar;
}

/** A batch of standard-normal noise of the given size (for gradient-noise tasks). */
export function noiseBatch(rng: Rng, shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(normalArray(rng, n), shape);
}

export function activate(x: Tensor, act: Activation): Tensor {
  switch (act) {
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'relu':
      return tf.relu(x);
    case 'elu':
      return tf.elu(x);
    case 'tanh':
      return tf.tanh(x);
  }
}

/** Layer sizes of an MLP: nIn → width (×depth) → nOut. */
export function mlpSizes(nIn: number, width: number, depth: number, nOut: number): number[] {
  return [nIn, ...Array.from({ length: depth }, () => width), nOut];
}

/**
 * MLP parameters [W1, b1, W2, b2, …] (W: [in, out], b: [out]). `std(fanIn, fanOut)` gives the
 * N(0, std²) of each weight matrix; biases use `biasStd` (0 ⇒ zeros).
 */
export function mlpInit(
  rng: Rng,
  sizes: number[],
  std: (fanIn: number, fanOut: number) => number,
  biasStd: number,
): Tensor[] {
  const params: Tensor[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [a, b] = [sizes[l], sizes[l + 1]];
    params.push(tf.tensor2d(normalArray(rng, a * b, std(a, b)), [a, b]));
    params.push(biasStd > 0 ? tf.tensor1d(normalArray(rng, b, biasStd)) : tf.zeros([b]));
  }
  return params;
}

/** Logits of the MLP: activation on every hidden layer, none on the output. */
export function mlpForward(params: Tensor[], x: Tensor, act: Activation): Tensor {
  let h = x;
  for (let l = 0; l < params.length; l += 2) {
    const z = tf.add(tf.matMul(h as tf.Tensor2D, params[l] as tf.Tensor2D), params[l + 1]);
    h = l + 2 < params.length ? activate(z, act) : z;
  }
  return h;
}

/** Mean softmax cross-entropy of logits [B, K] against one-hot targets [B, K]. */
export function softmaxCrossEntropy(logits: Tensor, oneHot: Tensor): Scalar {
  const logp = tf.logSoftmax(logits);
  return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logp), 1))) as Scalar;
}

/** One-hot float32 matrix [n, k] from integer labels. */
/** Fraction of rows whose largest logit is the labelled class (held-out accuracy). */
export function accuracy(logits: Tensor, oneHot: Tensor): Scalar {
  return tf.tidy(
    () => tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(oneHot, 1)), 'float32')) as Scalar,
  );
}

export function oneHotOf(labels: ArrayLike<number>, k: number): Tensor {
  const out = new Float32Array(labels.length * k);
  for (let i = 0; i < labels.length; i++) out[i * k + labels[i]] = 1;
  return tf.tensor2d(out, [labels.length, k]);
}
