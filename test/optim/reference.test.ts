/**
 * Every rule against its float64 reference (reference64.ts): 50 steps of seeded random
 * gradients on three tensors of different shapes, non-default hyperparameters including
 * weight decay and large ε (so a wrong ε placement shows). float32 vs float64: |θ32 − θ64| ≤ 1e-5·|θ64| + 1e-6.
 */
import { beforeAll, describe, it } from 'vitest';
import { makeRng } from '../../src/core/experiment/rng';
import { type Hyper, OPTIMIZER_IDS, type OptimizerId } from '../../src/core/optim/catalog';
import { expectClose, hyper, runGiven, useCpu } from './helpers';
import { makeReference, quantile64, refHyper } from './reference64';

beforeAll(useCpu);

const SHAPES = [[3, 4], [5], [2, 3, 2]];
const STEPS = 50;

/** Non-default settings for every rule, all with weight decay. */
const CASES: [string, OptimizerId, Hyper][] = [
  ['sgd', 'sgd', { lr: 0.05, weightDecay: 0.01 }],
  ['momentum', 'momentum', { lr: 0.02, momentum: 0.8, weightDecay: 0.02 }],
  ['nesterov', 'nesterov', { lr: 0.02, momentum: 0.7, weightDecay: 0.02 }],
  ['adagrad', 'adagrad', { lr: 0.1, eps: 0.05, weightDecay: 0.01 }],
  ['adadelta', 'adadelta', { lr: 0.5, rho: 0.8, eps: 1e-3, weightDecay: 0.01 }],
  ['rmsprop', 'rmsprop', { lr: 0.003, alpha: 0.9, eps: 0.05, weightDecay: 0.01 }],
  ['rmsprop+momentum', 'rmsprop', { lr: 0.003, alpha: 0.9, eps: 0.05, momentum: 0.5, weightDecay: 0.01 }],
  ['adam', 'adam', { lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 0.1, weightDecay: 0.01 }],
  ['adamw', 'adamw', { lr: 0.01, beta1: 0.85, beta2: 0.995, eps: 0.05, weightDecay: 0.1 }],
  ['amsgrad', 'amsgrad', { lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 0.1, weightDecay: 0.01 }],
  ['adamax', 'adamax', { lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 0.1, weightDecay: 0.01 }],
  [
    'adabound',
    'adabound',
    { lr: 0.01, beta1: 0.8, beta2: 0.99, finalLr: 0.05, gamma: 0.05, eps: 0.05, weightDecay: 0.01 },
  ],
  ['adamod', 'adamod', { lr: 0.01, beta1: 0.8, beta2: 0.99, beta3: 0.9, eps: 0.05, weightDecay: 0.01 }],
];

/** Seeded θ0 (as float32 values so both sides start equal) and gradients whose scale varies. */
function problem(seed: number) {
  const rng = makeRng(seed);
  const f32 = (x: number) => Math.fround(x);
  const init = SHAPES.map((shape) => {
    const n = shape.reduce((a, b) => a * b, 1);
    return { shape, values: Array.from({ length: n }, () => f32(rng.normal())) };
  });
  const grads = Array.from({ length: STEPS }, (_, t) => {
    // shrinking, oscillating scale so AMSGrad's max and AdaMod's/AdaBound's clips all engage
    const scale = 2 ** (-t / 10) * (1 + 0.5 * Math.sin(t));
    return init.map((p, k) => p.values.map(() => f32(rng.normal() * scale * (k + 1))));
  });
  return { init, grads };
}

describe('float32 rules vs float64 reference, 50 steps, 3 tensors', () => {
  it('covers every optimizer', () => {
    for (const id of OPTIMIZER_IDS) if (!CASES.some((c) => c[1] === id)) throw new Error(`no case for ${id}`);
  });
  CASES.forEach(([name, id, overrides], ci) => {
    it(name, () => {
      const hp = hyper(id, overrides);
      const { init, grads } = problem(1000 + ci);
      const tr = runGiven(id, init, grads, () => hp);
      const ref = makeReference(id);
      const theta = init.map((p) => Float64Array.from(p.values));
      let clippedSeen = 0;
      for (let t = 0; t < STEPS; t++) {
        const pr = ref.step(
          theta,
          grads[t].map((g) => Float64Array.from(g)),
          refHyper(hp),
        );
        theta.forEach((p, k) => {
          p.forEach((x, i) => {
            expectClose(tr.params[t][k][i], x, 1e-5, 1e-6, `${name} t=${t + 1} θ[${k}][${i}]`);
          });
        });
        const got = tr.probes[t];
        // updateNorm is a difference of float32 iterates: looser relative tolerance
        expectClose(got.updateNorm[0], pr.updateNorm, 2e-3, 1e-6, `${name} t=${t + 1} updateNorm`);
        if (pr.eta) {
          [0.05, 0.5, 0.95].forEach((q, j) => {
            expectClose(got.etaQuantiles[j], quantile64(pr.eta!, q), 1e-5, 0, `${name} t=${t + 1} η q${q}`);
          });
        }
        if (pr.s) {
          [0.05, 0.5, 0.95].forEach((q, j) => {
            expectClose(got.sQuantiles[j], quantile64(pr.s!, q), 1e-5, 0, `${name} t=${t + 1} s q${q}`);
          });
          expectClose(got.clippedFraction[0], pr.clippedFraction!, 0, 1.5 / 41, `${name} clippedFraction`);
          if (pr.clippedFraction! > 0 && pr.clippedFraction! < 1) clippedSeen++;
        }
        if (pr.lowerBound !== undefined) {
          expectClose(got.lowerBound[0], pr.lowerBound, 1e-6, 0, `${name} lowerBound`);
          expectClose(got.upperBound[0], pr.upperBound!, 1e-6, 0, `${name} upperBound`);
        }
      }
      if (id === 'adamod' && clippedSeen === 0) throw new Error('AdaMod case never mixed clipped/unclipped');
    });
  });
});
