/**
 * RNNprop (Lv, Jiang, Li 2017; docs/algorithms.md §3.1), coordinatewise, β1 = β2 = 0.95, ε = 1e-8:
 *   m ← β1m + (1−β1)g,  v ← β2v + (1−β2)g²,  m̂ = m/(1−β1^t),  v̂ = v/(1−β2^t)
 *   x = [g, m̂]/(√v̂ + ε)                      ("relative gradients")
 *   a = ELU(x·W_in + b_in)                   (FC 2 → 20)
 *   (o, h') = LSTM_layers(a, h)              (2 layers × 20, forget bias +1)
 *   y = tanh(o·w + b),  θ ← θ − α·y          (α = 0.1, so |Δθ_i| ≤ α)
 * Meta-parameters (60 + 3280 + 3280 + 21 = 6641), init and the descriptor: meta.ts.
 * Fused WebGPU step: fused.ts.
 * State per coordinate: m, v (1 each) and h, c per layer (80): 82 floats.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { LearnedKind } from '../kind';
import { lstmStack, zeroLstmState } from '../lstm';
import type { MetaParams } from '../metaParams';
import { relativeGradient } from '../preprocess';
import type { FlatState, LearnedOptimizer } from '../types';
import { rnnpropFused } from './fused';
import { type RnnpropArchitecture, rnnpropMeta } from './meta';

export function createRnnprop(a: RnnpropArchitecture, weights: MetaParams): LearnedOptimizer {
  const inK = weights.get('in/kernel');
  const inB = weights.get('in/bias');
  const layers = Array.from({ length: a.layers }, (_, l) => ({
    kernel: weights.get(`lstm${l}/kernel`),
    bias: weights.get(`lstm${l}/bias`),
  }));
  const outK = weights.get('out/kernel');
  const outB = weights.get('out/bias');
  return {
    kind: 'rnnprop',
    architecture: a,
    weights,
    initState(n) {
      const s = zeroLstmState(n, a.layers, a.hidden);
      return { h: s.h, c: s.c, m: [tf.zeros([n, 1])], v: [tf.zeros([n, 1])] };
    },
    step(g, state: FlatState, t, scale) {
      const rel = relativeGradient(g, state.m[0], state.v[0], t, a.beta1, a.beta2, a.eps);
      const inp = tf.elu(tf.add(tf.matMul(rel.x as tf.Tensor2D, inK as tf.Tensor2D), inB));
      const r = lstmStack(inp, { h: state.h, c: state.c }, layers);
      const y: Tensor = tf.tanh(tf.add(tf.matMul(r.out as tf.Tensor2D, outK as tf.Tensor2D), outB));
      return {
        delta: tf.mul(y, tf.scalar(-scale)),
        state: { h: r.state.h, c: r.state.c, m: [rel.m], v: [rel.v] },
        aux: { inputs: rel.x },
      };
    },
    dispose: () => weights.dispose(),
  };
}

export const rnnprop: LearnedKind<RnnpropArchitecture> = {
  ...rnnpropMeta,
  build: createRnnprop,
  fused: rnnpropFused,
};
