/**
 * The fused LSTM cell: the lean cell's two tape nodes (src/core/meta/lean/cell.ts, same inputs,
 * outputs and gradients; docs/algorithms.md §2.2) with WGSL kernels inside (cellGpu.ts,
 * cellShaders.ts):
 *   state:   c' = σ(z_f + 1)·c + σ(z_i)·tanh(z_j)    saves x, h, c, K, A = [σ_i, tanh z_j, σ_f]
 *   output:  h' = σ(z_o)·tanh(c')                    saves x, h, c', K, A = σ_o
 * z = x·K_x + h·K_h + b. Each node: 1 dispatch forward, 3 backward (rows: dz, dx, dh, dc;
 * partial and final sums: dK, db). Saved tensors are clones (no copy on webgpu). tanh is the
 * exact one (no fast variant needed on the GPU).
 */
import type { GradSaveFunc, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { LstmWeights } from '../../learned/lstm';
import { cellBackward, cellForward } from './cellGpu';
import type { CellNode } from './cellShaders';

const node = (kind: CellNode) =>
  tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const [x, h, c, kernel, bias, save] = args as [Tensor, Tensor, Tensor, Tensor, Tensor, GradSaveFunc];
    const shape = { node: kind, inp: x.shape[1] as number, hidden: h.shape[1] as number };
    const { out, saved } = cellForward(shape, x, h, c, kernel, bias);
    save([x, h, c, kernel, saved]);
    return {
      value: out,
      gradFunc: (d: Tensor, s: Tensor[]) =>
        cellBackward(shape, d, { x: s[0], h: s[1], c: s[2], kernel: s[3], saved: s[4] }),
    };
  });

const STATE = node('state');
const OUTPUT = node('output');

/** One fused LSTM cell step for all rows: x [N, in], h, c [N, H] (webgpu backend only). */
export function fusedLstmCell(x: Tensor, h: Tensor, c: Tensor, w: LstmWeights): { h: Tensor; c: Tensor } {
  const cNext = STATE(x, h, c, w.kernel, w.bias);
  return { h: OUTPUT(x, h, cNext, w.kernel, w.bias), c: cNext };
}
