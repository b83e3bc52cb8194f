/**
 * Gradient preprocessing of the learned optimizers, per coordinate, batched over rows.
 *
 * LogAndSign (Andrychowicz et al. 2016 App. A; docs/algorithms.md §2.2), p > 0:
 *   (log|g| / p, sign g)   if |g| ≥ e^{−p}
 *   (−1, e^{p}·g)          otherwise
 * computed in the branch-free form (max(log(|g| + ε)/p, −1), clip(g·e^{p}, −1, 1)), ε = 1e-30
 * (only guards log 0; float32 keeps it). Examples, p = 10: 1e-3 → (−0.6907755, 1),
 * 1e-6 → (−1, 0.0220265).
 *
 * RNNprop relative gradients (Lv et al. 2017; §3.1), with β1, β2, ε and 1-based t:
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  m̂ = m/(1−β1^t),  v̂ = v/(1−β2^t)
 *   d = √v̂ + ε,  x = [g/d, m̂/d]
 * At t = 1, m̂ = g and v̂ = g², so x ≈ (sign g, sign g).
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

const LOG_EPS = 1e-30;

/** g: [N, 1] (one row per coordinate) → [N, 2]. */
export function logAndSign(g: Tensor, p: number): Tensor {
  return tf.concat(logAndSignCols(g, p), 1);
}

/** LogAndSign's two [N, 1] columns, unconcatenated (the lean meta-training path reads them). */
export function logAndSignCols(g: Tensor, p: number): [Tensor, Tensor] {
  const logPart = tf.maximum(
    tf.div(tf.log(tf.add(tf.abs(g), tf.scalar(LOG_EPS))), tf.scalar(p)),
    tf.scalar(-1),
  );
  const signPart = tf.clipByValue(tf.mul(g, tf.scalar(Math.exp(p))), -1, 1);
  return [logPart, signPart];
}

export interface RelativeGradient {
  x: Tensor;
  m: Tensor;
  v: Tensor;
}

/** relativeGradient with x as its two [N, 1] columns (the lean meta-training path reads them). */
export function relativeGradientCols(
  g: Tensor,
  m: Tensor,
  v: Tensor,
  t: number,
  beta1: number,
  beta2: number,
  eps: number,
): { cols: [Tensor, Tensor]; m: Tensor; v: Tensor } {
  const mNew = tf.add(tf.mul(m, tf.scalar(beta1)), tf.mul(g, tf.scalar(1 - beta1)));
  const vNew = tf.add(tf.mul(v, tf.scalar(beta2)), tf.mul(tf.square(g), tf.scalar(1 - beta2)));
  const mHat = tf.div(mNew, tf.scalar(1 - beta1 ** t));
  const vHat = tf.div(vNew, tf.scalar(1 - beta2 ** t));
  const d = tf.add(tf.sqrt(vHat), tf.scalar(eps));
  return { cols: [tf.div(g, d), tf.div(mHat, d)], m: mNew, v: vNew };
}

/** g, m, v: [N, 1] → x [N, 2] and the new moments. */
export function relativeGradient(...args: Parameters<typeof relativeGradientCols>): RelativeGradient {
  const r = relativeGradientCols(...args);
  return { x: tf.concat(r.cols, 1), m: r.m, v: r.v };
}
