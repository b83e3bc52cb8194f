/**
 * HyperAdam's and VHAdam's pieces on the 'fused' unroll path (webgpu; fused/path.ts): the lean
 * steps (lean/kinds.ts, lean/wrap.ts; same math, docs/algorithms.md §4.1, §4.2) with the
 * AdamCell + WeightCell + combine (+ VHAdam's VarBlock — with varInputs 'h+x' its |x|·w_x term
 * as the node's additive input ℓ₀ — and its reparameterised sample) as ONE fused node
 * (hyperCell.ts: 2 dispatches forward, 4 backward) in place of ~45 tfjs kernels forward and
 * ~90 backward. The LSTM cell is the fused one (fused/cell.ts) while the fused nodes are
 * active; the input layers and the inputs computed from g alone keep the lean nodes. VHAdam's
 * ξ_k = randomNormal(seed = noiseSeedOf(base, k)) comes from the caller's stream, as on the
 * lean and autodiff paths, so all three sample the same numbers.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type AdamCellState, colNorm } from '../../learned/hyperAdamCells';
import type { LstmWeights } from '../../learned/lstm';
import type { MetaParams } from '../../learned/metaParams';
import { relativeGradientCols } from '../../learned/preprocess';
import type { FlatState } from '../../learned/types';
import type { VhAdamArchitecture } from '../../learned/vhadam/meta';
import { adamCellStateOf, vhAdamState } from '../../learned/vhadam/state';
import { leanLstmCell } from '../lean/cell';
import { colsDense } from '../lean/ops';
import { fusedHyperCell } from './hyperCell';

const cellParams = (w: MetaParams) => [
  w.get('adam/kernel'),
  w.get('adam/bias'),
  w.get('weight/kernel'),
  w.get('weight/bias'),
];

/** leanAdamAndCombine's signature and values, one fused node: returns m, v, β̂, γ̂ and μ. */
export function fusedAdamAndCombine(g: Tensor, s: Tensor, st: AdamCellState, w: MetaParams) {
  const d = { J: st.m.shape[1] as number, H: s.shape[1] as number, V: false };
  const [m, v, bh, gh, mu] = fusedHyperCell(d, [g, s, st.m, st.v, st.bh, st.gh], cellParams(w));
  return { m, v, bh, gh, mu };
}

/** The same plus VHAdam's VarBlock: log σ² = s·w_var + b_var + ℓ₀ and d = μ + e^{½ log σ²}ξ. */
export function fusedVarCell(
  g: Tensor,
  s: Tensor,
  st: AdamCellState,
  w: MetaParams,
  xi: Tensor,
  lv0: Tensor,
) {
  const d = { J: st.m.shape[1] as number, H: s.shape[1] as number, V: true };
  const params = [...cellParams(w), w.get('var/kernel'), w.get('var/bias')];
  const [m, v, bh, gh, mu, logVar, sample] = fusedHyperCell(
    d,
    [g, s, st.m, st.v, st.bh, st.gh, xi, lv0],
    params,
  );
  return { m, v, bh, gh, mu, logVar, d: sample };
}

/**
 * VHAdam's step on the fused path (lean/wrap.ts's leanVhAdam calls it while the fused nodes are
 * active): the lean core (lean/kinds.ts leanVhAdamCore; its LSTM cell is the fused one then)
 * with the fused cell + VarBlock + sample. `seed`: the ξ draw's seed, noiseSeedOf(base, k) of
 * the caller's stream; null when not sampling (ξ = 0: d = μ).
 */
export function fusedVhAdamStep(
  a: VhAdamArchitecture,
  w: MetaParams,
  lstm: LstmWeights,
  args: { g: Tensor; state: FlatState; t: number; scale: number; seed: number | null },
) {
  const { g, state, t, scale, seed } = args;
  const rel = relativeGradientCols(g, state.pm[0], state.pv[0], t, a.beta1, a.beta2, a.eps);
  const inp = tf.elu(colsDense(rel.cols[0], rel.cols[1], w.get('in/kernel'), w.get('in/bias')));
  const r = leanLstmCell(colNorm(inp), colNorm(state.h[0]), state.c[0], lstm);
  const shape = [g.shape[0] as number, 1];
  const xi = seed === null ? tf.zeros(shape) : tf.randomNormal(shape, 0, 1, 'float32', seed);
  // varInputs 'h+x' (vhadam/index.ts): ℓ₀ = |x|·w_x, |x| constants of the meta-gradient.
  const [x0, x1] = rel.cols;
  const lv0 =
    a.varInputs === 'h+x'
      ? colsDense(tf.abs(x0), tf.abs(x1), w.get('var/kernelX'), tf.zeros([1]))
      : tf.zeros(shape);
  const cell = fusedVarCell(g, r.h, adamCellStateOf(state), w, xi, lv0);
  return {
    delta: tf.mul(cell.d, tf.scalar(-scale)),
    state: vhAdamState(rel, r, cell),
    aux: { logVar: cell.logVar, mean: cell.mu },
  };
}
