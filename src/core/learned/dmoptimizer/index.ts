/**
 * DMOptimizer (Andrychowicz et al. 2016; docs/algorithms.md §2), coordinatewise:
 *   x = LogAndSign_p(g)                      (p = 10; p = 0 ⇒ x = g)
 *   (o, h') = LSTM_layers(x, h)              (2 layers × 20, forget bias +1)
 *   Δθ = scale · (o·w + b)                   (linear 20 → 1, scale 0.1)
 *   θ ← θ + Δθ                               (the network outputs the step, sign included)
 * Meta-parameters, init and the descriptor: meta.ts. State per coordinate: h, c for each
 * layer (80 floats). Fused WebGPU step: fused.ts.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { LearnedKind } from '../kind';
import { lstmStack, zeroLstmState } from '../lstm';
import type { MetaParams } from '../metaParams';
import { logAndSign } from '../preprocess';
import type { FlatState, LearnedOptimizer } from '../types';
import { dmFused } from './fused';
import { type DmArchitecture, dmoptimizerMeta } from './meta';

export function createDmOptimizer(a: DmArchitecture, weights: MetaParams): LearnedOptimizer {
  const layers = Array.from({ length: a.layers }, (_, l) => ({
    kernel: weights.get(`lstm${l}/kernel`),
    bias: weights.get(`lstm${l}/bias`),
  }));
  const outK = weights.get('out/kernel');
  const outB = weights.get('out/bias');
  return {
    kind: 'dmoptimizer',
    architecture: a,
    weights,
    initState(n) {
      const s = zeroLstmState(n, a.layers, a.hidden);
      return { h: s.h, c: s.c };
    },
    step(g, state: FlatState, _t, scale) {
      const x = a.preprocessP > 0 ? logAndSign(g, a.preprocessP) : g;
      const r = lstmStack(x, { h: state.h, c: state.c }, layers);
      const out: Tensor = tf.add(tf.matMul(r.out as tf.Tensor2D, outK as tf.Tensor2D), outB);
      return { delta: tf.mul(out, tf.scalar(scale)), state: { h: r.state.h, c: r.state.c }, aux: {} };
    },
    dispose: () => weights.dispose(),
  };
}

export const dmoptimizer: LearnedKind<DmArchitecture> = {
  ...dmoptimizerMeta,
  build: createDmOptimizer,
  fused: dmFused,
};
