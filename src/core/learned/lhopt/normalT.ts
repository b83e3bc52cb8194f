/**
 * Φ(z) and logit(Φ(z)) on tensors, elementwise: the same formulas as normal.ts (docs/algorithms.md §5.1).
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { ERFC_COEFFS, LOGIT_MAX } from './normal';

function polyT(t: Tensor): Tensor {
  let acc: Tensor = tf.scalar(ERFC_COEFFS[ERFC_COEFFS.length - 1]);
  for (let i = ERFC_COEFFS.length - 2; i >= 0; i--) acc = tf.add(tf.scalar(ERFC_COEFFS[i]), tf.mul(t, acc));
  return acc;
}

function logUpperTailT(absZ: Tensor): Tensor {
  const x = tf.mul(absZ, tf.scalar(Math.SQRT1_2));
  const t = tf.reciprocal(tf.add(tf.scalar(1), tf.mul(tf.scalar(0.5), x)));
  return tf.add(tf.sub(tf.add(tf.scalar(Math.log(0.5)), tf.log(t)), tf.square(x)), polyT(t));
}

/** Φ(z) elementwise. */
export function phiT(z: Tensor): Tensor {
  const tail = tf.exp(logUpperTailT(tf.abs(z)));
  return tf.where(tf.greaterEqual(z, tf.scalar(0)), tf.sub(tf.scalar(1), tail), tail);
}

/** logit(Φ(z)) elementwise, clipped to ±LOGIT_MAX. */
export function logitPhiT(z: Tensor): Tensor {
  const lt = logUpperTailT(tf.abs(z));
  const v = tf.sub(tf.log(tf.sub(tf.scalar(1), tf.exp(lt))), lt);
  return tf.mul(tf.sign(z), tf.minimum(v, tf.scalar(LOGIT_MAX)));
}
