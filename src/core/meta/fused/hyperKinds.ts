/**
 * HyperAdam's and VHAdam's steps on the fused WebGPU path: the lean steps (lean/kinds.ts,
 * lean/wrap.ts; same math, docs/algorithms.md §4.1, §4.2) with the AdamCell + WeightCell +
 * combine (+ VHAdam's VarBlock, with varInputs 'h+x' its |x|·w_x term as the node's additive
 * input ℓ₀, and its reparameterised sample) as ONE fused node
 * (hyperCell.ts: 2 dispatches forward, 4 backward) in place of ~25 tfjs ops and their
 * gradients. The LSTM, the input layers and the inputs computed from g alone keep the lean
 * nodes. VHAdam draws ξ_k = randomNormal(seed = noiseSeedOf(base, k)) exactly as the lean
 * wrapper and vhAdam.ts do, so the three paths sample the same numbers.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type AdamCellState, COL_NORM_EPS, colNorm } from '../../learned/hyperAdamCells';
import type { MetaParams } from '../../learned/metaParams';
import { relativeGradientCols } from '../../learned/preprocess';
import type { FlatState, LearnedOptimizer } from '../../learned/types';
import { noiseSeedOf, type VhAdamOptimizer } from '../../learned/vhadam';
import type { VhAdamArchitecture } from '../../learned/vhadam/meta';
import { leanLstmCell } from '../lean/cell';
import { colsDense, leanDense } from '../lean/ops';
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

const cellState = (st: FlatState): AdamCellState => ({ m: st.m[0], v: st.v[0], bh: st.bh[0], gh: st.gh[0] });

/** HyperAdam's step (leanHyperAdamStep with the fused cell). */
export function fusedHyperAdamStep(w: MetaParams): LearnedOptimizer['step'] {
  const lstm = { kernel: w.get('lstm0/kernel'), bias: w.get('lstm0/bias') };
  return (g, state, _t, scale) => {
    const gHat = tf.mul(g, tf.rsqrt(tf.add(tf.sum(tf.square(g)), tf.scalar(COL_NORM_EPS))));
    const inp = tf.elu(leanDense(gHat, w.get('pre/kernel'), w.get('pre/bias')));
    const r = leanLstmCell(inp, state.h[0], state.c[0], lstm, true);
    const cell = fusedAdamAndCombine(g, r.h, cellState(state), w);
    return {
      delta: tf.mul(cell.mu, tf.scalar(-scale)),
      state: { h: [r.h], c: [r.c], m: [cell.m], v: [cell.v], bh: [cell.bh], gh: [cell.gh] },
      aux: { mean: cell.mu },
    };
  };
}

/** VHAdam on the fused path: lean/wrap.ts's leanVhAdam with the fused cell + VarBlock. */
export function fusedVhAdam(opt: VhAdamOptimizer): VhAdamOptimizer {
  const a = opt.architecture as VhAdamArchitecture;
  if (a.kind !== 'vhadam') throw new Error('fusedVhAdam: not a vhadam optimizer');
  const w = opt.weights;
  const lstm = { kernel: w.get('lstm0/kernel'), bias: w.get('lstm0/bias') };
  const kX = a.varInputs === 'h+x' ? w.get('var/kernelX') : null;
  let base = a.noiseSeed;
  let draws = 0;
  return {
    kind: 'vhadam',
    architecture: a,
    weights: w,
    get sampling() {
      return opt.sampling;
    },
    set sampling(v: boolean) {
      opt.sampling = v;
    },
    resetNoise(seed) {
      if (seed !== undefined) base = seed >>> 0;
      draws = 0;
    },
    initState: (n) => opt.initState(n),
    step(g, state, t, scale, hp) {
      const rel = relativeGradientCols(g, state.pm[0], state.pv[0], t, a.beta1, a.beta2, a.eps);
      const inp = tf.elu(colsDense(rel.cols[0], rel.cols[1], w.get('in/kernel'), w.get('in/bias')));
      const r = leanLstmCell(colNorm(inp), colNorm(state.h[0]), state.c[0], lstm);
      const sample = hp?.sample !== undefined ? hp.sample !== 0 : opt.sampling;
      const shape = [g.shape[0] as number, 1];
      const xi = sample
        ? tf.randomNormal(shape, 0, 1, 'float32', noiseSeedOf(base, draws++))
        : tf.zeros(shape);
      // varInputs 'h+x' (vhadam/index.ts): ℓ₀ = |x|·w_x, |x| constants of the meta-gradient.
      const [x0, x1] = rel.cols;
      const lv0 = kX ? colsDense(tf.abs(x0), tf.abs(x1), kX, tf.zeros([1])) : tf.zeros(shape);
      const cell = fusedVarCell(g, r.h, cellState(state), w, xi, lv0);
      const next: FlatState = {
        pm: [rel.m],
        pv: [rel.v],
        h: [r.h],
        c: [r.c],
        m: [cell.m],
        v: [cell.v],
        bh: [cell.bh],
        gh: [cell.gh],
      };
      return {
        delta: tf.mul(cell.d, tf.scalar(-scale)),
        state: next,
        aux: { logVar: cell.logVar, mean: cell.mu },
      };
    },
    dispose: () => {},
  };
}
