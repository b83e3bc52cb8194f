/**
 * The coordinatewise LSTM shared by every coordinate, run as ONE batched op over all N
 * coordinates, never a per-coordinate loop. Standard LSTM, no peepholes, TF/Sonnet gate
 * order and forget bias (docs/algorithms.md §2.2):
 *   [i, j, f, o] = [x, h] · K + b            K: [in + H, 4H], b: [4H]  (TF layout, as saved)
 *   c' = σ(f + 1)·c + σ(i)·tanh(j)
 *   h' = σ(o)·tanh(c')
 * Layout: one ROW per coordinate — x: [N, in], h, c: [N, H]. The gates are computed as four
 * products with column blocks of K (tiny slices of φ) rather than by splitting the [N, 4H]
 * product (a strided copy of N·4H floats). Multi-layer: layer l's h' is layer l+1's x.
 */
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

import { FORGET_BIAS } from './weightDefs';

export { FORGET_BIAS };

export interface LstmWeights {
  kernel: Tensor;
  bias: Tensor;
}

export interface LstmState {
  h: Tensor[];
  c: Tensor[];
}

/** One LSTM cell step for all rows at once. */
export function lstmCell(x: Tensor, h: Tensor, c: Tensor, w: LstmWeights): { h: Tensor; c: Tensor } {
  const xh = tf.concat([x, h], 1) as Tensor2D;
  const ks = tf.split(w.kernel, 4, 1);
  const bs = tf.split(w.bias, 4, 0);
  const gate = (k: number) => tf.add(tf.matMul(xh, ks[k] as Tensor2D), bs[k]);
  const [i, j, f, o] = [0, 1, 2, 3].map(gate);
  const cNext = tf.add(
    tf.mul(tf.sigmoid(tf.add(f, tf.scalar(FORGET_BIAS))), c),
    tf.mul(tf.sigmoid(i), tf.tanh(j)),
  );
  const hNext = tf.mul(tf.sigmoid(o), tf.tanh(cNext));
  return { h: hNext, c: cNext };
}

export type LstmCellFn = typeof lstmCell;

/**
 * A stack of LSTM layers; returns the top layer's output and every layer's new state. `cell`
 * is the step of one layer (the meta-trainer's lean path passes its custom-gradient cell).
 */
export function lstmStack(
  x: Tensor,
  state: LstmState,
  layers: LstmWeights[],
  cell: LstmCellFn = lstmCell,
): { out: Tensor; state: LstmState } {
  const h: Tensor[] = [];
  const c: Tensor[] = [];
  let inp = x;
  layers.forEach((w, l) => {
    const r = cell(inp, state.h[l], state.c[l], w);
    h.push(r.h);
    c.push(r.c);
    inp = r.h;
  });
  return { out: inp, state: { h, c } };
}

/** Zero state for N coordinates ([N, H] per layer). */
export function zeroLstmState(n: number, layers: number, hidden: number): LstmState {
  return {
    h: Array.from({ length: layers }, () => tf.zeros([n, hidden])),
    c: Array.from({ length: layers }, () => tf.zeros([n, hidden])),
  };
}
