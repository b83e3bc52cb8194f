/**
 * DMOptimizer (Andrychowicz et al. 2016; docs/algorithms.md §2), coordinatewise:
 *   x = LogAndSign_p(g)                      (p = 10; p = 0 ⇒ x = g)
 *   (o, h') = LSTM_layers(x, h)              (2 layers × 20, forget bias +1)
 *   Δθ = scale · (o·w + b)                   (linear 20 → 1, scale 0.1)
 *   θ ← θ + Δθ                               (the network outputs the step, sign included)
 * Meta-parameters with the default architecture: 1840 + 3280 + 21 = 5141.
 * Init (§2.2, Sonnet default): truncated normal σ = 1/√fan_in (fan_in = rows of the kernel),
 * biases 0. State per coordinate: h, c for each layer (80 floats).
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../experiment/rng';
import type { DmArchitecture } from './catalog';
import { truncatedNormal } from './init';
import { lstmStack, zeroLstmState } from './lstm';
import type { MetaParams, WeightDef } from './metaParams';
import { logAndSign } from './preprocess';
import type { FlatState, LearnedOptimizer } from './types';

const zerosInit = (n: number) => () => new Float32Array(n);

export function lstmDefs(prefix: string, inp: number, hidden: number, kernelInit: WeightDef['init']) {
  return [
    { name: `${prefix}/kernel`, shape: [inp + hidden, 4 * hidden], init: kernelInit },
    { name: `${prefix}/bias`, shape: [4 * hidden], init: zerosInit(4 * hidden) },
  ];
}

export function dmWeightDefs(a: DmArchitecture): WeightDef[] {
  const defs: WeightDef[] = [];
  const inp0 = a.preprocessP > 0 ? 2 : 1;
  for (let l = 0; l < a.layers; l++) {
    const inp = l === 0 ? inp0 : a.hidden;
    const fanIn = inp + a.hidden;
    defs.push(
      ...lstmDefs(`lstm${l}`, inp, a.hidden, (rng: Rng) =>
        truncatedNormal(rng, fanIn * 4 * a.hidden, 1 / Math.sqrt(fanIn)),
      ),
    );
  }
  defs.push(
    {
      name: 'out/kernel',
      shape: [a.hidden, 1],
      init: (rng) => truncatedNormal(rng, a.hidden, 1 / Math.sqrt(a.hidden)),
    },
    { name: 'out/bias', shape: [1], init: zerosInit(1) },
  );
  return defs;
}

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
