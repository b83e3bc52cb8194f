/**
 * colNorm (learned/hyperAdamCells.ts: x·(Σ_rows x² + 1e-16)^{−1/2} per column, docs/algorithms.md
 * §4.1) for the lean path: on wasm with the kernels on, ONE tape node whose forward and backward
 * are each one generated two-pass kernel (kernels/leanWasmColNorm.ts) instead of ~5 tfjs ops
 * forward (a column sum transposes first) and ~8 backward; elsewhere the tfjs ops.
 * Saved: y (a copy) and r [w] (owned: tapeNode.ts).
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import { type LeanWasmLayout, leanWasmKernels, runLeanWasm } from '../../kernels/leanWasm';
import { colNorm } from '../../learned/hyperAdamCells';
import { tapeNode } from './tapeNode';

export function leanColNorm(x: Tensor): Tensor {
  const n = x.shape[0] as number;
  const w = x.shape[1] as number;
  const l: LeanWasmLayout = { kind: 'colnorm', w };
  if (!leanWasmKernels(l)) return colNorm(x);
  return tapeNode([x], (save, own) => {
    const [y, r] = runLeanWasm(l, 'colNormFwd', n, [x], [[n, w], [w]]);
    save([y]);
    own([r]);
    return {
      outputs: [y],
      grads: ([dy], [sy, sr]) => runLeanWasm(l, 'colNormBwd', n, [sy, dy, sr], [[n, w]]),
    };
  })[0];
}
