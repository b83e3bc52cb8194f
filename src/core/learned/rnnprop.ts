/**
 * RNNprop (Lv, Jiang, Li 2017; docs/algorithms.md §3.1), coordinatewise, β1 = β2 = 0.95, ε = 1e-8:
 *   m ← β1m + (1−β1)g,  v ← β2v + (1−β2)g²,  m̂ = m/(1−β1^t),  v̂ = v/(1−β2^t)
 *   x = [g, m̂]/(√v̂ + ε)                      ("relative gradients")
 *   a = ELU(x·W_in + b_in)                   (FC 2 → 20)
 *   (o, h') = LSTM_layers(a, h)              (2 layers × 20, forget bias +1)
 *   y = tanh(o·w + b),  θ ← θ − α·y          (α = 0.1, so |Δθ_i| ≤ α)
 * Meta-parameters: 60 + 3280 + 3280 + 21 = 6641.
 * Init (§3.1): FC layers truncated normal σ = 0.1, LSTM kernels Glorot-uniform, biases 0.
 * State per coordinate: m, v (1 each) and h, c per layer (80): 82 floats.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { RnnpropArchitecture } from './catalog';
import { lstmDefs } from './dmOptimizer';
import { glorotUniform, truncatedNormal } from './init';
import { lstmStack, zeroLstmState } from './lstm';
import type { MetaParams, WeightDef } from './metaParams';
import { relativeGradient } from './preprocess';
import type { FlatState, LearnedOptimizer } from './types';

const FC_STD = 0.1;

export function rnnpropWeightDefs(a: RnnpropArchitecture): WeightDef[] {
  const H = a.hidden;
  const defs: WeightDef[] = [
    { name: 'in/kernel', shape: [2, H], init: (rng) => truncatedNormal(rng, 2 * H, FC_STD) },
    { name: 'in/bias', shape: [H], init: () => new Float32Array(H) },
  ];
  for (let l = 0; l < a.layers; l++) {
    defs.push(...lstmDefs(`lstm${l}`, H, H, (rng) => glorotUniform(rng, 2 * H, 4 * H)));
  }
  defs.push(
    { name: 'out/kernel', shape: [H, 1], init: (rng) => truncatedNormal(rng, H, FC_STD) },
    { name: 'out/bias', shape: [1], init: () => new Float32Array(1) },
  );
  return defs;
}

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
