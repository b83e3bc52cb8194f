/**
 * The lean LSTM cell on wasm as ONE tape node with two outputs (h', c'), its elementwise work
 * in generated SIMD kernels (kernels/leanWasmCode.ts cellFwd/cellBwd), its products on XNNPACK
 * (docs/meta-training-profile.md "Round 3"). Same math as cell.ts (docs/algorithms.md §2.2):
 *   forward:  xh = [x | h] (pack kernel),  Z = xh·K + b  (one fused matMul, [N, 4H]),
 *             h', c', A = cellFwd(Z, c)    A = [σ_i, tanh z_j, σ_f, σ_o, tanh c', c]
 *   saved:    K (a copy), and xhᵀ, A without a copy (tapeNode.ts own)
 *   backward: dZ, dc = cellBwd(A, dh', dc')
 *             [dx | dh] = dZ·Kᵀ (one product, then the split kernel),  dK = xhᵀ·dZ,  db = 1ᵀ·dZ
 * Every product is a plain matMul on explicit transposes (the XNNPACK fast path).
 */
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type LeanWasmLayout, runLeanWasm } from '../../kernels/leanWasm';
import { colSum, mm, tr } from './ops';
import { tapeNode } from './tapeNode';

/** The wasm layout of an LSTM cell over x [N, in], h [N, H]. */
export const lstmLayout = (x: Tensor, h: Tensor): LeanWasmLayout => ({
  kind: 'lstm',
  inp: x.shape[1] as number,
  hidden: h.shape[1] as number,
});

/** One LSTM cell step for all rows as the wasm node: x [N, in], h, c [N, H]. */
export function wasmLstmCell(
  x: Tensor,
  h: Tensor,
  c: Tensor,
  kernel: Tensor,
  bias: Tensor,
): { h: Tensor; c: Tensor } {
  const l = lstmLayout(x, h);
  const n = x.shape[0] as number;
  const inp = x.shape[1] as number;
  const H = h.shape[1] as number;
  const [h1, c1] = tapeNode([x, h, c, kernel, bias], (save, own) => {
    const [xh] = runLeanWasm(l, 'pack', n, [x, h], [[n, inp + H]]);
    const z = tf.fused.matMul({ a: xh as Tensor2D, b: kernel as Tensor2D, bias });
    const [hn, cn, act] = runLeanWasm(
      l,
      'cellFwd',
      n,
      [z, c],
      [
        [n, H],
        [n, H],
        [n, 6 * H],
      ],
    );
    save([kernel]);
    own([tr(xh), act]);
    return {
      outputs: [hn, cn],
      grads: ([dh, dc], [k, xhT, a]) => {
        const [dz, dcPrev] = runLeanWasm(
          l,
          'cellBwd',
          n,
          [a, dh, dc],
          [
            [n, 4 * H],
            [n, H],
          ],
        );
        const dxh = mm(dz, tr(k));
        const [dx, dhPrev] = runLeanWasm(
          l,
          'split',
          n,
          [dxh],
          [
            [n, inp],
            [n, H],
          ],
        );
        return [dx, dhPrev, dcPrev, mm(xhT, dz), colSum(dz)];
      },
    };
  });
  return { h: h1, c: c1 };
}
