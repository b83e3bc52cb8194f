/**
 * Lean building blocks for the meta-training unroll on wasm/cpu (docs/meta-training-profile.md).
 * Each is ONE tape node (tf.customGrad) with a hand-written gradient, so the tape keeps fewer
 * intermediate tensors and the backward pass runs fewer, faster kernels:
 *   leanMatMul(a, b)          = a·b;   da = dy·transpose(b),  db = transpose(a)·dy
 *     (explicit transposes: tfjs's own matMul gradient calls the transposeA/transposeB forms,
 *      which XNNPACK does not accelerate on wasm: ~12× slower than a plain product)
 *   affine2(x, h, Kx, Kh, b)  = x·Kx + h·Kh + b   (an LSTM gate with no [x, h] concat)
 * The values equal the plain ops' up to float rounding; the gradients are the exact ones.
 */
import type { GradSaveFunc, Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

const mm = (a: Tensor, b: Tensor): Tensor => tf.matMul(a as Tensor2D, b as Tensor2D);
const tr = (a: Tensor): Tensor => tf.transpose(a as Tensor2D);

const matMulGrad = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
  const [a, b, save] = args as [Tensor, Tensor, GradSaveFunc];
  save([a, b]);
  return {
    value: mm(a, b),
    gradFunc: (dy: Tensor, saved: Tensor[]) => {
      const [sa, sb] = saved;
      return [mm(dy, tr(sb)), mm(tr(sa), dy)];
    },
  };
});

/** a·b for 2-D a [N, k], b [k, m], with the fast-path gradient. */
export function leanMatMul(a: Tensor, b: Tensor): Tensor {
  return matMulGrad(a, b);
}

const affine2Grad = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
  const [x, h, kx, kh, b, save] = args as [Tensor, Tensor, Tensor, Tensor, Tensor, GradSaveFunc];
  save([x, h, kx, kh]);
  return {
    value: tf.add(tf.add(mm(x, kx), mm(h, kh)), b),
    gradFunc: (dy: Tensor, saved: Tensor[]) => {
      const [sx, sh, skx, skh] = saved;
      return [mm(dy, tr(skx)), mm(dy, tr(skh)), mm(tr(sx), dy), mm(tr(sh), dy), tf.sum(dy, 0)];
    },
  };
});

/** x·Kx + h·Kh + b: x [N, a], h [N, c], Kx [a, m], Kh [c, m], b [m]. */
export function affine2(x: Tensor, h: Tensor, kx: Tensor, kh: Tensor, b: Tensor): Tensor {
  return affine2Grad(x, h, kx, kh, b);
}

/** x·K + b with the fast-path gradient (b: [m]). */
export function leanDense(x: Tensor, k: Tensor, b: Tensor): Tensor {
  return tf.add(leanMatMul(x, k), b);
}
