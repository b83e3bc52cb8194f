/**
 * Lean steps of the four learned optimizers for meta-training on wasm/cpu: the same math as
 * src/core/learned/{dmOptimizer,rnnprop,hyperAdam,vhAdam}.ts (docs/algorithms.md §2–§4), built
 * from the lean nodes (ops.ts, cell.ts): fast-path matMul gradients, LSTM gates without
 * concat/split, tanh as 2σ(2x) − 1 (fastTanh; not VHAdam, see cell.ts), RNNprop's input layer
 * on the two relative-gradient columns without their [N, 2] concat, AdamCell rates as two
 * affine2 nodes instead of a [m̄, s̄] concat and a [β | γ] split. Inputs computed from g only
 * (LogAndSign, relative gradients, ĝ) are constants of the meta-gradient and keep their plain
 * ops. No chart probes (the meta-trainer does not read them); aux carries what the
 * meta-objectives read.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { concatCols, leanWasmKernels } from '../../kernels/leanWasm';
import type { DmArchitecture, RnnpropArchitecture } from '../../learned/catalog';
import {
  ADAM_CELL_EPS,
  type AdamCellState,
  COL_NORM_EPS,
  capRate,
  colNorm,
} from '../../learned/hyperAdamCells';
import type { MetaParams } from '../../learned/metaParams';
import { logAndSignCols, relativeGradientCols } from '../../learned/preprocess';
import type { FlatState, LearnedOptimizer } from '../../learned/types';
import { adamCellStateOf, vhAdamState } from '../../learned/vhadam/state';
import { fusedAdamAndCombine } from '../fused/hyperKinds';
import { fusedNodesActive } from '../fused/path';
import { adamLayout, wasmAdamAndCombine } from './adamWasm';
import { leanLstmCell, leanLstmStack } from './cell';
import { leanColNorm } from './colNormWasm';
import { affine2, colsDense, leanDense, leanTanh } from './ops';

type Step = LearnedOptimizer['step'];

function lstmLayers(w: MetaParams, n: number) {
  return Array.from({ length: n }, (_, l) => ({
    kernel: w.get(`lstm${l}/kernel`),
    bias: w.get(`lstm${l}/bias`),
  }));
}

export function leanDmStep(a: DmArchitecture, w: MetaParams): Step {
  const layers = lstmLayers(w, a.layers);
  return (g, state, _t, scale) => {
    const x = a.preprocessP > 0 ? concatCols(...logAndSignCols(g, a.preprocessP)) : g;
    const r = leanLstmStack(x, { h: state.h, c: state.c }, layers, true);
    const out = leanDense(r.out, w.get('out/kernel'), w.get('out/bias'));
    return { delta: tf.mul(out, tf.scalar(scale)), state: { h: r.state.h, c: r.state.c }, aux: {} };
  };
}

export function leanRnnpropStep(a: RnnpropArchitecture, w: MetaParams): Step {
  const layers = lstmLayers(w, a.layers);
  return (g, state, t, scale) => {
    const rel = relativeGradientCols(g, state.m[0], state.v[0], t, a.beta1, a.beta2, a.eps);
    const inp = tf.elu(colsDense(rel.cols[0], rel.cols[1], w.get('in/kernel'), w.get('in/bias')));
    const r = leanLstmStack(inp, { h: state.h, c: state.c }, layers, true);
    const y = leanTanh(leanDense(r.out, w.get('out/kernel'), w.get('out/bias')));
    return {
      delta: tf.mul(y, tf.scalar(-scale)),
      state: { h: r.state.h, c: r.state.c, m: [rel.m], v: [rel.v] },
      aux: {},
    };
  };
}

/** HyperAdam's AdamCell + WeightCell (hyperAdamCells.ts), lean: returns μ = Σ_j ρ^j M^j. */
export function leanAdamAndCombine(g: Tensor, s: Tensor, st: AdamCellState, w: MetaParams) {
  if (leanWasmKernels(adamLayout(st.m, s))) return wasmAdamAndCombine(g, s, st, w); // adamWasm.ts
  if (fusedNodesActive()) return fusedAdamAndCombine(g, s, st, w); // WGSL (fused/hyperKinds.ts)
  const J = st.m.shape[1] as number;
  const k = w.get('adam/kernel');
  const b = w.get('adam/bias');
  const mBar = colNorm(st.m);
  const sBar = colNorm(s);
  const rate = (col: number) =>
    capRate(
      tf.sigmoid(
        affine2(
          mBar,
          sBar,
          tf.slice(k, [0, col], [J, J]),
          tf.slice(k, [J, col], [J, J]),
          tf.slice(b, [col], [J]),
        ),
      ),
    );
  const beta = rate(0);
  const gamma = rate(J);
  const one = tf.scalar(1);
  const oneMinusB = tf.sub(one, beta);
  const oneMinusG = tf.sub(one, gamma);
  const m = tf.add(tf.mul(beta, st.m), tf.mul(oneMinusB, g));
  const v = tf.add(tf.mul(gamma, st.v), tf.mul(oneMinusG, tf.square(g)));
  const bh = tf.add(tf.mul(beta, st.bh), oneMinusB);
  const gh = tf.add(tf.mul(gamma, st.gh), oneMinusG);
  const eps = tf.scalar(ADAM_CELL_EPS);
  const moments = tf.div(tf.div(m, tf.add(bh, eps)), tf.sqrt(tf.add(tf.div(v, tf.add(gh, eps)), eps)));
  const rho = tf.elu(leanDense(s, w.get('weight/kernel'), w.get('weight/bias')));
  return { m, v, bh, gh, mu: tf.sum(tf.mul(rho, moments), 1, true) };
}

export function leanHyperAdamStep(w: MetaParams): Step {
  const lstm = { kernel: w.get('lstm0/kernel'), bias: w.get('lstm0/bias') };
  return (g, state, _t, scale) => {
    const gHat = tf.mul(g, tf.rsqrt(tf.add(tf.sum(tf.square(g)), tf.scalar(COL_NORM_EPS))));
    const inp = tf.elu(leanDense(gHat, w.get('pre/kernel'), w.get('pre/bias')));
    const r = leanLstmCell(inp, state.h[0], state.c[0], lstm, true);
    const cell = leanAdamAndCombine(g, r.h, adamCellStateOf(state), w);
    return {
      delta: tf.mul(cell.mu, tf.scalar(-scale)),
      state: { h: [r.h], c: [r.c], m: [cell.m], v: [cell.v], bh: [cell.bh], gh: [cell.gh] },
      aux: { mean: cell.mu },
    };
  };
}

/** VHAdam's mean and log-variance (vhAdam.ts), lean; the caller samples. */
export function leanVhAdamCore(
  a: { beta1: number; beta2: number; eps: number; varInputs?: string },
  w: MetaParams,
): (g: Tensor, state: FlatState, t: number) => { mu: Tensor; logVar: Tensor; state: FlatState } {
  const lstm = { kernel: w.get('lstm0/kernel'), bias: w.get('lstm0/bias') };
  const kX = a.varInputs === 'h+x' ? w.get('var/kernelX') : null;
  return (g, state, t) => {
    const rel = relativeGradientCols(g, state.pm[0], state.pv[0], t, a.beta1, a.beta2, a.eps);
    const inp = tf.elu(colsDense(rel.cols[0], rel.cols[1], w.get('in/kernel'), w.get('in/bias')));
    const r = leanLstmCell(leanColNorm(inp), leanColNorm(state.h[0]), state.c[0], lstm);
    const cell = leanAdamAndCombine(g, r.h, adamCellStateOf(state), w);
    const logVarH = leanDense(r.h, w.get('var/kernel'), w.get('var/bias'));
    // varInputs 'h+x' (vhadam/index.ts): + |x|·w_x, |x| constants of the meta-gradient.
    const [x0, x1] = rel.cols;
    const logVar = kX ? tf.add(logVarH, colsDense(tf.abs(x0), tf.abs(x1), kX, tf.zeros([1]))) : logVarH;
    return { mu: cell.mu, logVar, state: vhAdamState(rel, r, cell) };
  };
}
