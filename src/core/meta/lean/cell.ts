/**
 * The lean LSTM cell: the math of src/core/learned/lstm.ts (docs/algorithms.md §2.2) as TWO
 * tape nodes (tf.customGrad) with hand-written backward passes:
 *   z_k = x·K[0:in, k] + h·K[in:, k] + b_k   k ∈ {i, j, f, o}   (column blocks of K; no concat)
 *   cellState:   c' = σ(z_f + 1)·c + σ(z_i)·tanh(z_j)         (gates i, j, f)
 *   cellOutput:  h' = σ(z_o)·tanh(c')                          (gate o; reads c')
 * Two single-output nodes, not one [h', c'] node: a stacked output would need a slice per
 * output, and tfjs-wasm's Slice copies its whole input first. Saved for the backward pass
 * (tfjs copies every saved tensor; the plain ops save ~3× as many): x, h, c, K, σ_i, tanh z_j,
 * σ_f, and x, h, K, σ_o, tanh c'. Backward, with dc' the total gradient reaching c':
 *   cellOutput: dz_o = dh'·tanh c'·σ_o(1−σ_o),  dc' += dh'·σ_o(1 − tanh²c')
 *   cellState:  dz_i = dc'·tanh z_j·σ_i(1−σ_i), dz_j = dc'·σ_i(1 − tanh²z_j),
 *               dz_f = dc'·c·σ_f(1−σ_f),  dc = dc'·σ_f
 *   both:       dx = Σ_k dz_k·K_x,kᵀ,  dh = Σ_k dz_k·K_h,kᵀ,  dK = [xᵀ·dz_k ; hᵀ·dz_k]_k,
 *               db = [Σ_rows dz_k]_k   (zeros in the other node's blocks; tfjs adds the two)
 * Every product is a plain matMul on explicit transposes (the XNNPACK fast path on wasm).
 * Forward: each gate is one fused matMul with its bias (σ(z_f + 1) folds the 1 into b_f) plus
 * one product for h. tanh is fastTanh (2σ(2x) − 1, ops.ts) when `fast`, else tf.tanh: fastTanh
 * loses ~1e-4 relative accuracy near 0, which VHAdam's column normalisation of h amplifies,
 * so VHAdam passes fast = false.
 */
import type { GradSaveFunc, Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { leanWasmKernels } from '../../kernels/leanWasm';
import type { LstmState, LstmWeights } from '../../learned/lstm';
import { FORGET_BIAS, lstmStack } from '../../learned/lstm';
import { fusedLstmCell } from '../fused/cell';
import { fusedNodesActive } from '../fused/path';
import { lstmLayout, wasmLstmCell } from './cellWasm';
import { colSum, fastTanh, mm, tr } from './ops';

const dSigmoid = (s: Tensor) => tf.mul(s, tf.sub(tf.scalar(1), s));
const dTanh = (t: Tensor) => tf.sub(tf.scalar(1), tf.square(t));

/** z = x·K_x + b + h·K_h for one gate's blocks (the bias fused into the first product). */
const gateSum = (x: Tensor, h: Tensor, kx: Tensor, kh: Tensor, b: Tensor): Tensor =>
  tf.add(tf.fused.matMul({ a: x as Tensor2D, b: kx as Tensor2D, bias: b }), mm(h, kh));

/** Column blocks K_x,k [in, H], K_h,k [H, H] and b_k [H] of the TF-layout kernel. */
function blocks(k: Tensor, b: Tensor, inp: number, H: number) {
  return [0, 1, 2, 3].map((g) => ({
    kx: tf.slice(k, [0, g * H], [inp, H]),
    kh: tf.slice(k, [inp, g * H], [H, H]),
    b: tf.slice(b, [g * H], [H]),
  }));
}

/** The full-size kernel gradient from the blocks' gradients (zeros where a node has none). */
function kernelGrad(xT: Tensor, hT: Tensor, dz: (Tensor | null)[], inp: number, H: number) {
  const col = (a: Tensor, rows: number) => dz.map((d) => (d ? mm(a, d) : tf.zeros([rows, H])));
  return tf.concat([tf.concat(col(xT, inp), 1), tf.concat(col(hT, H), 1)], 0);
}

function inputGrads(dz: (Tensor | null)[], kb: ReturnType<typeof blocks>) {
  const live = dz
    .map((d, g) => ({ d, k: kb[g] }))
    .filter((e): e is { d: Tensor; k: (typeof kb)[0] } => e.d !== null);
  const sum = (ts: Tensor[]) => (ts.length === 1 ? ts[0] : tf.addN(ts));
  return { dx: sum(live.map((e) => mm(e.d, tr(e.k.kx)))), dh: sum(live.map((e) => mm(e.d, tr(e.k.kh)))) };
}

const biasGrad = (dz: (Tensor | null)[], H: number) =>
  tf.concat(dz.map((d) => (d ? colSum(d) : tf.zeros([H]))));

/** c' = σ(z_f + 1)·c + σ(z_i)·tanh(z_j): gates i, j, f. */
const cellState = (tanh: (x: Tensor) => Tensor) =>
  tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const [x, h, c, kernel, bias, save] = args as [Tensor, Tensor, Tensor, Tensor, Tensor, GradSaveFunc];
    const inp = x.shape[1] as number;
    const H = h.shape[1] as number;
    const bl = blocks(kernel, bias, inp, H);
    const z = (g: number, b: Tensor = bl[g].b) => gateSum(x, h, bl[g].kx, bl[g].kh, b);
    const si = tf.sigmoid(z(0));
    const tj = tanh(z(1));
    const sf = tf.sigmoid(z(2, tf.add(bl[2].b, tf.scalar(FORGET_BIAS))));
    save([x, h, c, kernel, si, tj, sf]);
    return {
      value: tf.add(tf.mul(sf, c), tf.mul(si, tj)),
      gradFunc: (dc: Tensor, saved: Tensor[]) => {
        const [sx, sh, sc, sk, gi, gj, gf] = saved;
        const dz = [
          tf.mul(dc, tf.mul(gj, dSigmoid(gi))),
          tf.mul(dc, tf.mul(gi, dTanh(gj))),
          tf.mul(dc, tf.mul(sc, dSigmoid(gf))),
          null,
        ];
        const kb = blocks(sk, tf.zeros([4 * H]), inp, H);
        const { dx, dh } = inputGrads(dz, kb);
        return [dx, dh, tf.mul(dc, gf), kernelGrad(tr(sx), tr(sh), dz, inp, H), biasGrad(dz, H)];
      },
    };
  });

/** h' = σ(z_o)·tanh(c'): gate o. */
const cellOutput = (tanh: (x: Tensor) => Tensor) =>
  tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const [x, h, cNext, kernel, bias, save] = args as [Tensor, Tensor, Tensor, Tensor, Tensor, GradSaveFunc];
    const inp = x.shape[1] as number;
    const H = h.shape[1] as number;
    const o = blocks(kernel, bias, inp, H)[3];
    const so = tf.sigmoid(gateSum(x, h, o.kx, o.kh, o.b));
    const tc = tanh(cNext);
    save([x, h, kernel, so, tc]);
    return {
      value: tf.mul(so, tc),
      gradFunc: (dh: Tensor, saved: Tensor[]) => {
        const [sx, sh, sk, go, gc] = saved;
        const dz = [null, null, null, tf.mul(dh, tf.mul(gc, dSigmoid(go)))];
        const kb = blocks(sk, tf.zeros([4 * H]), inp, H);
        const g = inputGrads(dz, kb);
        return [
          g.dx,
          g.dh,
          tf.mul(dh, tf.mul(go, dTanh(gc))),
          kernelGrad(tr(sx), tr(sh), dz, inp, H),
          biasGrad(dz, H),
        ];
      },
    };
  });

const NODES = {
  exact: { state: cellState(tf.tanh), output: cellOutput(tf.tanh) },
  fast: { state: cellState(fastTanh), output: cellOutput(fastTanh) },
};

/** One lean LSTM cell step for all rows: x [N, in], h, c [N, H]; `fast`: tanh as fastTanh. */
export function leanLstmCell(
  x: Tensor,
  h: Tensor,
  c: Tensor,
  w: LstmWeights,
  fast = false,
): { h: Tensor; c: Tensor } {
  if (fusedNodesActive()) return fusedLstmCell(x, h, c, w); // WGSL nodes (path 'fused', webgpu)
  // wasm: one node with generated SIMD kernels (cellWasm.ts; accurate tanh, so `fast` is moot).
  if (leanWasmKernels(lstmLayout(x, h))) return wasmLstmCell(x, h, c, w.kernel, w.bias);
  const n = fast ? NODES.fast : NODES.exact;
  const cNext = n.state(x, h, c, w.kernel, w.bias);
  return { h: n.output(x, h, cNext, w.kernel, w.bias), c: cNext };
}

/** A stack of lean LSTM layers (lstm.ts's lstmStack with the lean cell). */
export function leanLstmStack(
  x: Tensor,
  state: LstmState,
  layers: LstmWeights[],
  fast = false,
): { out: Tensor; state: LstmState } {
  return lstmStack(x, state, layers, (xi, h, c, w) => leanLstmCell(xi, h, c, w, fast));
}
