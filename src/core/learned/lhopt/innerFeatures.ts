/**
 * LHOPT's 13 per-tensor inner features (docs/algorithms.md §5.1), on the device. For one
 * parameter tensor P (before the update) with clipped gradient g, bias-corrected momentum m̂,
 * denominator √v̂ (CIAO: u), pre-lr update upd (weight decay included) and its lr after the
 * trust ratio lr_P:
 *   0 did_grad_clip            (global, 0/1)
 *   1 mean[√v̂ > ε]
 *   2 mean log(|upd| + 1e-8)
 *   3 log‖m̂‖ − log‖g‖                      (log_two_regimes_scale)
 *   4 log(lr_P·‖upd‖) − log‖P‖              (log_adam_update_norm_over_param_norm)
 *   5 log‖m̂‖ − log‖m̂ − g‖                  (log_noise_scale)
 *   6 cos(g, m̂)   7 cos(g, P)   8 cos(g, upd)      cos = a·b / max(‖a‖‖b‖, 1e-8)
 *   9 log‖P‖ − log‖upd‖                     (log_lamb)
 *  10 logit Φ(cos(g, m̂)·√dim)   11 logit Φ(cos(g, upd)·√dim)   12 Φ(cos(g, P)·√dim)
 * Every log adds 1e-8 inside. The caller averages them over tensors, feature steps and the
 * outer step.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { N_INNER } from './layout';
import { logitPhiT, phiT } from './normalT';

export interface TensorFeatureInputs {
  g: Tensor;
  mHat: Tensor;
  sqrtVHat: Tensor;
  upd: Tensor;
  p: Tensor;
  /** lr_P, a scalar tensor. */
  lrP: Tensor;
  eps: number;
  /** Global 0/1 scalar. */
  didClip: Tensor;
}

const TINY = 1e-8;
const logN = (norm: Tensor) => tf.log(tf.add(norm, tf.scalar(TINY)));
const norm = (x: Tensor) => tf.sqrt(tf.sum(tf.square(x)));
const cos = (a: Tensor, b: Tensor, na: Tensor, nb: Tensor) =>
  tf.div(tf.sum(tf.mul(a, b)), tf.maximum(tf.mul(na, nb), tf.scalar(TINY)));

/**
 * The 13 features of one tensor as a [13] tensor, except that entries 10–12 hold the
 * z-scores cos·√dim: `finishFeatures` maps them through logit Φ / Φ for all tensors at once.
 */
export function tensorFeaturesRaw(x: TensorFeatureInputs): Tensor {
  const nG = norm(x.g);
  const nM = norm(x.mHat);
  const nU = norm(x.upd);
  const nP = norm(x.p);
  const cGM = cos(x.g, x.mHat, nG, nM);
  const cGP = cos(x.g, x.p, nG, nP);
  const cGU = cos(x.g, x.upd, nG, nU);
  const rootDim = tf.scalar(Math.sqrt(x.g.size));
  const f = [
    x.didClip,
    tf.mean(tf.cast(tf.greater(x.sqrtVHat, tf.scalar(x.eps)), 'float32')),
    tf.mean(tf.log(tf.add(tf.abs(x.upd), tf.scalar(TINY)))),
    tf.sub(logN(nM), logN(nG)),
    tf.sub(logN(tf.mul(x.lrP, nU)), logN(nP)),
    tf.sub(logN(nM), logN(norm(tf.sub(x.mHat, x.g)))),
    cGM,
    cGP,
    cGU,
    tf.sub(logN(nP), logN(nU)),
    tf.mul(cGM, rootDim),
    tf.mul(cGU, rootDim),
    tf.mul(cGP, rootDim),
  ];
  return tf.stack(f.map((t) => tf.reshape(t, [])));
}

/** Rows of tensorFeaturesRaw [P, 13] → the mean over tensors of the 13 features, [13]. */
export function finishFeatures(rows: Tensor): Tensor {
  const [head, zLogit, zPhi] = tf.split(rows, [10, 2, 1], 1);
  return tf.mean(tf.concat([head, logitPhiT(zLogit), phiT(zPhi)], 1), 0);
}

/** The 13 features of one tensor, as a [13] tensor. */
export function tensorFeatures(x: TensorFeatureInputs): Tensor {
  return finishFeatures(tf.reshape(tensorFeaturesRaw(x), [1, N_INNER]));
}
