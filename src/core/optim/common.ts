/**
 * Small building blocks shared by the hand-designed update rules. Everything here runs on
 * tensors (no per-coordinate JS loops) and creates new tensors without disposing inputs, so it
 * is safe inside the caller's tf.tidy.
 */

import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

/** The decoupled weight-decay factor 1 − α·λ (AdamW, AdaMod); 1 means no decay. */
export function decayFactor(lr: number, weightDecay: number): number {
  return 1 - lr * weightDecay;
}

/**
 * The code-form step-size scalar of AdaBound and AdaMod, both bias corrections folded in:
 * c_t = α·√(1−β2^t)/(1−β1^t) (docs/algorithms.md §1).
 */
export function codeFormStepSize(lr: number, beta1: number, beta2: number, t: number): number {
  return (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
}

/** One zero tensor per parameter, same shape and dtype. */
export function zerosLikeAll(params: Tensor[]): Tensor[] {
  return params.map((p) => tf.zerosLike(p));
}

/** Coupled L2: g + λθ (returns the gradients unchanged when λ = 0). */
export function coupledDecay(grads: Tensor[], params: Tensor[], weightDecay: number): Tensor[] {
  if (weightDecay === 0) return grads;
  const lam = tf.scalar(weightDecay);
  return grads.map((g, i) => tf.add(g, tf.mul(params[i], lam)));
}

/** Decoupled decay: θ·decay with decay = 1 − αλ (decayFactor; params unchanged when it is 1). */
export function decoupledDecay(params: Tensor[], decay: number): Tensor[] {
  if (decay === 1) return params;
  const factor = tf.scalar(decay);
  return params.map((p) => tf.mul(p, factor));
}

/** Exponential moving average β·old + (1−β)·x for each pair. */
export function ema(old: Tensor[], xs: Tensor[], beta: number): Tensor[] {
  const b = tf.scalar(beta);
  const c = tf.scalar(1 - beta);
  return old.map((o, i) => tf.add(tf.mul(o, b), tf.mul(xs[i], c)));
}

/** EMA of squares: β·old + (1−β)·x². */
export function emaSquare(old: Tensor[], xs: Tensor[], beta: number): Tensor[] {
  return ema(
    old,
    xs.map((x) => tf.square(x)),
    beta,
  );
}

/** θ − step for each pair. */
export function subtractAll(params: Tensor[], steps: Tensor[]): Tensor[] {
  return params.map((p, i) => tf.sub(p, steps[i]));
}
