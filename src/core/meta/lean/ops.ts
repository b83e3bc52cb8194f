/**
 * Lean building blocks for the meta-training unroll on wasm/cpu (docs/meta-training-profile.md).
 * Each is ONE tape node (tf.customGrad) with a hand-written gradient, so the tape keeps fewer
 * intermediate tensors and the backward pass runs fewer, faster kernels:
 *   every product's gradient: da = dy·transpose(b), db = transpose(a)·dy
 *     (explicit transposes: tfjs's own matMul gradient calls the transposeA/transposeB forms,
 *      which XNNPACK does not accelerate on wasm: ~12× slower than a plain product)
 *   affine2(x, h, Kx, Kh, b)  = x·Kx + h·Kh + b   (an LSTM gate with no [x, h] concat)
 *   leanDense(x, K, b)        = x·K + b;  db = 1ᵀ·dy (colSum: a product, not a reduction)
 * The values equal the plain ops' up to float rounding; the gradients are the exact ones.
 */
import type { GradSaveFunc, Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

export const mm = (a: Tensor, b: Tensor): Tensor => tf.matMul(a as Tensor2D, b as Tensor2D);
export const tr = (a: Tensor): Tensor => tf.transpose(a as Tensor2D);
/**
 * Column sums of dy [N, m] as [m]: 1ᵀ·dy, a plain product (XNNPACK) — ~2.5× faster on wasm
 * than tf.sum(dy, 0), which transposes before reducing. The bias gradients use it.
 */
export const colSum = (dy: Tensor): Tensor =>
  tf.reshape(mm(tf.ones([1, dy.shape[0] as number]), dy), [dy.shape[1] as number]);

const affine2Grad = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
  const [x, h, kx, kh, b, save] = args as [Tensor, Tensor, Tensor, Tensor, Tensor, GradSaveFunc];
  save([x, h, kx, kh]);
  return {
    value: tf.add(tf.add(mm(x, kx), mm(h, kh)), b),
    gradFunc: (dy: Tensor, saved: Tensor[]) => {
      const [sx, sh, skx, skh] = saved;
      return [mm(dy, tr(skx)), mm(dy, tr(skh)), mm(tr(sx), dy), mm(tr(sh), dy), colSum(dy)];
    },
  };
});

/** x·Kx + h·Kh + b: x [N, a], h [N, c], Kx [a, m], Kh [c, m], b [m]. */
export function affine2(x: Tensor, h: Tensor, kx: Tensor, kh: Tensor, b: Tensor): Tensor {
  return affine2Grad(x, h, kx, kh, b);
}

const denseGrad = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
  const [x, k, b, save] = args as [Tensor, Tensor, Tensor, GradSaveFunc];
  save([x, k]);
  return {
    value: tf.fused.matMul({ a: x as Tensor2D, b: k as Tensor2D, bias: b }),
    gradFunc: (dy: Tensor, [sx, sk]: Tensor[]) => [mm(dy, tr(sk)), mm(tr(sx), dy), colSum(dy)],
  };
});

/** x·K + b as one node (the bias fused into the product; fast-path gradients; b: [m]). */
export function leanDense(x: Tensor, k: Tensor, b: Tensor): Tensor {
  return denseGrad(x, k, b);
}

const leanTanhGrad = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
  const [x, save] = args as [Tensor, GradSaveFunc];
  const y = fastTanh(x);
  save([y]);
  return {
    value: y,
    gradFunc: (dy: Tensor, [sy]: Tensor[]) => tf.mul(dy, tf.sub(tf.scalar(1), tf.square(sy))),
  };
});

/**
 * tanh(x) as 2σ(2x) − 1: four kernels that XNNPACK vectorises (~1 ms for [15910, 20] on wasm)
 * where tf.tanh is a scalar std::tanh loop (~6 ms). Absolute error ~1e-7 (σ(2x) rounds near
 * ½), so relative error grows near 0: fine where the result feeds sums (DM, RNNprop,
 * HyperAdam: lean = autodiff to 1e-4), not where a column normalisation rescales small
 * values (VHAdam keeps tf.tanh). docs/meta-training-profile.md.
 */
export function fastTanh(x: Tensor): Tensor {
  return tf.sub(tf.mul(tf.sigmoid(tf.mul(x, tf.scalar(2))), tf.scalar(2)), tf.scalar(1));
}

/** tanh as one tape node: forward fastTanh, backward dy·(1 − y²). */
export function leanTanh(x: Tensor): Tensor {
  return leanTanhGrad(x);
}

const colsDenseGrad = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
  const [a, b, k, bias, save] = args as [Tensor, Tensor, Tensor, Tensor, GradSaveFunc];
  const m = k.shape[1] as number;
  save([a, b]);
  const row = (r: number) => tf.slice(k, [r, 0], [1, m]);
  return {
    value: tf.add(tf.add(mm(a, row(0)), mm(b, row(1))), bias),
    gradFunc: (dy: Tensor, [sa, sb]: Tensor[]) => [
      tf.zerosLike(sa),
      tf.zerosLike(sb),
      tf.concat([mm(tr(sa), dy), mm(tr(sb), dy)], 0),
      colSum(dy),
    ],
  };
});

/**
 * [a, b]·K + bias for two CONSTANT columns a, b [N, 1] (inputs computed from g only: RNNprop's
 * relative gradients, DM's LogAndSign) and K [2, m]: no [N, 2] concat (a per-row JavaScript
 * loop on wasm); a and b get zero gradients (they are constants of the meta-gradient).
 */
export function colsDense(a: Tensor, b: Tensor, k: Tensor, bias: Tensor): Tensor {
  return colsDenseGrad(a, b, k, bias);
}
