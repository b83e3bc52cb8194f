/**
 * Small building blocks shared by the hand-designed update rules. Everything here runs on
 * tensors (no per-coordinate JS loops) and creates new tensors without disposing inputs, so it
 * is safe inside the caller's tf.tidy.
 */

import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { Hyper, HyperName } from './catalog';

/** A hyperparameter that must be present and finite; throws a message naming rule and field. */
export function need(hp: Hyper, name: HyperName, ruleId: string): number {
  const x = hp[name];
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new Error(`${ruleId}.${name}: missing or not a finite number (got ${String(x)})`);
  }
  return x;
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

/** Decoupled decay: θ(1 − αλ) (returns the params unchanged when αλ = 0). */
export function decoupledDecay(params: Tensor[], lr: number, weightDecay: number): Tensor[] {
  if (lr * weightDecay === 0) return params;
  const factor = tf.scalar(1 - lr * weightDecay);
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
