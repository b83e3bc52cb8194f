/**
 * The lean LSTM cell: the math of src/core/learned/lstm.ts (docs/algorithms.md §2.2) as ONE
 * tape node (tf.customGrad) with a hand-written backward pass:
 *   z_k = x·K[0:in, k] + h·K[in:, k] + b_k   k ∈ {i, j, f, o}   (column blocks of K; no concat)
 *   c'  = σ(z_f + 1)·c + σ(z_i)·tanh(z_j),   h' = σ(z_o)·tanh(c')
 * Output: h' and c' stacked, [2, N, H] (a single-output node), sliced along the contiguous
 * axis 0. Saved for the backward pass: x, h, c and the five activations σ_i, tanh z_j, σ_f,
 * σ_o, tanh c' (tfjs copies every saved tensor; the plain ops save ~3× as many). Backward,
 * given dh' and dc'_out:
 *   dc' = dc'_out + dh'·σ_o(1 − tanh²c'),  dz_o = dh'·tanh c'·σ_o(1−σ_o)
 *   dz_i = dc'·tanh z_j·σ_i(1−σ_i),  dz_j = dc'·σ_i(1 − tanh²z_j),  dz_f = dc'·c·σ_f(1−σ_f)
 *   dc = dc'·σ_f,  dx = Σ_k dz_k·K_x,kᵀ,  dh = Σ_k dz_k·K_h,kᵀ,
 *   dK = [xᵀ·dz_k ; hᵀ·dz_k]_k,  db = [Σ_rows dz_k]_k
 * Every product is a plain matMul on explicit transposes (the XNNPACK fast path on wasm).
 * tanh is tf.tanh (2σ(2x) − 1 is cheaper on wasm but loses ~1e-4 relative accuracy near 0,
 * which VHAdam's column normalisation of h amplifies).
 */
import type { GradSaveFunc, Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { LstmState, LstmWeights } from '../../learned/lstm';
import { FORGET_BIAS } from '../../learned/lstm';

const mm = (a: Tensor, b: Tensor): Tensor => tf.matMul(a as Tensor2D, b as Tensor2D);
const tr = (a: Tensor): Tensor => tf.transpose(a as Tensor2D);
const dSigmoid = (s: Tensor) => tf.mul(s, tf.sub(tf.scalar(1), s));
const dTanh = (t: Tensor) => tf.sub(tf.scalar(1), tf.square(t));

/** Column blocks K_x,k [in, H], K_h,k [H, H] and b_k [H] of the TF-layout kernel. */
function blocks(k: Tensor, b: Tensor, inp: number, H: number) {
  return [0, 1, 2, 3].map((g) => ({
    kx: tf.slice(k, [0, g * H], [inp, H]),
    kh: tf.slice(k, [inp, g * H], [H, H]),
    b: tf.slice(b, [g * H], [H]),
  }));
}

const fusedCell = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
  const [x, h, c, kernel, bias, save] = args as [Tensor, Tensor, Tensor, Tensor, Tensor, GradSaveFunc];
  const inp = x.shape[1] as number;
  const H = h.shape[1] as number;
  const bl = blocks(kernel, bias, inp, H);
  const z = bl.map((k) => tf.add(tf.add(mm(x, k.kx), mm(h, k.kh)), k.b));
  const si = tf.sigmoid(z[0]);
  const tj = tf.tanh(z[1]);
  const sf = tf.sigmoid(tf.add(z[2], tf.scalar(FORGET_BIAS)));
  const so = tf.sigmoid(z[3]);
  const cNext = tf.add(tf.mul(sf, c), tf.mul(si, tj));
  const tc = tf.tanh(cNext);
  save([x, h, c, kernel, si, tj, sf, so, tc]);
  return {
    value: tf.stack([tf.mul(so, tc), cNext]),
    gradFunc: (dy: Tensor, saved: Tensor[]) => {
      const [sx, sh, sc, sk, gi, gj, gf, go, gc] = saved;
      const [dhOut, dcOut] = tf.unstack(dy);
      const dc = tf.add(dcOut, tf.mul(dhOut, tf.mul(go, dTanh(gc))));
      const dz = [
        tf.mul(dc, tf.mul(gj, dSigmoid(gi))),
        tf.mul(dc, tf.mul(gi, dTanh(gj))),
        tf.mul(dc, tf.mul(sc, dSigmoid(gf))),
        tf.mul(dhOut, tf.mul(gc, dSigmoid(go))),
      ];
      const kb = blocks(sk, tf.zeros([4 * H]), inp, H);
      const xT = tr(sx);
      const hT = tr(sh);
      const dx = tf.addN(dz.map((d, g) => mm(d, tr(kb[g].kx))));
      const dh = tf.addN(dz.map((d, g) => mm(d, tr(kb[g].kh))));
      const dK = tf.concat(
        [
          tf.concat(
            dz.map((d) => mm(xT, d)),
            1,
          ),
          tf.concat(
            dz.map((d) => mm(hT, d)),
            1,
          ),
        ],
        0,
      );
      const db = tf.concat(dz.map((d) => tf.sum(d, 0)));
      return [dx, dh, tf.mul(dc, gf), dK, db];
    },
  };
});

/** One lean LSTM cell step for all rows: x [N, in], h, c [N, H]. */
export function leanLstmCell(x: Tensor, h: Tensor, c: Tensor, w: LstmWeights): { h: Tensor; c: Tensor } {
  const [hNext, cNext] = tf.unstack(fusedCell(x, h, c, w.kernel, w.bias));
  return { h: hNext, c: cNext };
}

/** A stack of lean LSTM layers (layer l's h' is layer l+1's x). */
export function leanLstmStack(
  x: Tensor,
  state: LstmState,
  layers: LstmWeights[],
): { out: Tensor; state: LstmState } {
  const h: Tensor[] = [];
  const c: Tensor[] = [];
  let inp = x;
  layers.forEach((w, l) => {
    const r = leanLstmCell(inp, state.h[l], state.c[l], w);
    h.push(r.h);
    c.push(r.c);
    inp = r.h;
  });
  return { out: inp, state: { h, c } };
}
