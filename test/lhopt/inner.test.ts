/**
 * LHOPT's inner optimizer (docs/algorithms.md §5.1): float32 tfjs against the float64 oracle
 * (innerReference64.ts) for both presets, hyperparameters changing mid-run, features included;
 * 'lite' with clip = 1 against the project's AdamW rule; one hand-computed step.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/experiment/rng';
import { INITIAL_HYPER, type InnerHyper } from '../../src/core/learned/lhopt/hyper';
import { innerInit, innerStep } from '../../src/core/learned/lhopt/inner';
import { applyStep, disposeState, getRule } from '../../src/core/optim/registry';
import type { OptState } from '../../src/core/optim/types';
import { expectClose } from '../optim/helpers';
import { ref64Init, ref64Step } from './innerReference64';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const SHAPES = [[3, 4], [5], [2, 3, 2]];
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

function problem(seed: number, steps: number) {
  const rng = makeRng(seed);
  const init = SHAPES.map((s) => Array.from({ length: size(s) }, () => Math.fround(rng.normal())));
  const grads = Array.from({ length: steps }, (_, t) =>
    SHAPES.map((s) =>
      Array.from({ length: size(s) }, () => Math.fround(rng.normal() * (1 + 3 * ((t * 7) % 5)))),
    ),
  );
  return { init, grads };
}

const rule = (preset: 'lite' | 'ciao', hyperAt: (t: number) => InnerHyper) => ({
  id: `lhopt-inner-${preset}`,
  init: (p: tf.Tensor[]) => innerInit(p),
  step: (g: tf.Tensor[], s: OptState, p: tf.Tensor[]) =>
    innerStep(g, s, p, hyperAt(s.t + 1), { preset, loss: tf.scalar(0.5 * (s.t + 1)) }),
});

describe('LHOPT inner optimizer', () => {
  for (const preset of ['lite', 'ciao'] as const) {
    it(`${preset}: matches the float64 reference for 24 steps, hyperparameters changing`, () => {
      const steps = 24;
      const { init, grads } = problem(preset === 'lite' ? 1 : 2, steps);
      const hyperAt = (t: number): InnerHyper =>
        t <= 12
          ? { lr: 0.01, ombeta1: 0.2, ombeta2: 0.05, eps: 1e-3, weightDecay: 0.05, clip: 0.7 }
          : { lr: 0.003, ombeta1: 0.05, ombeta2: 0.01, eps: 0.02, weightDecay: 0.2, clip: 0.95 };
      const r = rule(preset, hyperAt);
      let params = init.map((v, i) => tf.tensor(v, SHAPES[i]));
      let state = r.init(params);
      let ref = ref64Init(init, SHAPES);
      for (let t = 0; t < steps; t++) {
        const g = grads[t].map((v, i) => tf.tensor(v, SHAPES[i]));
        const out = applyStep(r, params, g, state, {});
        tf.dispose([...g, ...Object.values(out.probes)]);
        params = out.params;
        state = out.state;
        ref = ref64Step(ref, grads[t], hyperAt(t + 1), preset, 0.5 * (t + 1));
      }
      params.forEach((p, i) => {
        const got = p.dataSync();
        ref.params[i].forEach((x, k) => {
          expectClose(got[k], x, 2e-5, 1e-6, `θ[${i}][${k}]`);
        });
      });
      const acc = state.slots.acc[0].dataSync();
      ref.acc.forEach((x, k) => {
        expectClose(acc[k], x, 1e-4, 1e-4, `acc[${k}]`);
      });
      expect(ref.acc[0]).toBeGreaterThan(0); // the clip fired on some feature step
      tf.dispose(params);
      disposeState(state);
    });
  }

  it("lite with clip = 1 is the project's AdamW", () => {
    const steps = 10;
    const { init, grads } = problem(3, steps);
    const h = { ...INITIAL_HYPER, lr: 0.01, clip: 1 - 1e-10 };
    const r = rule('lite', () => h);
    const adamw = getRule('adamw');
    const hpW = { lr: 0.01, beta1: 0.9, beta2: 0.99, eps: 1e-6, weightDecay: 0.01 };
    let a = init.map((v, i) => tf.tensor(v, SHAPES[i]));
    let b = init.map((v, i) => tf.tensor(v, SHAPES[i]));
    let sa = r.init(a);
    let sb = adamw.init(b, hpW);
    for (let t = 0; t < steps; t++) {
      const g = grads[t].map((v, i) => tf.tensor(v, SHAPES[i]));
      const oa = applyStep(r, a, g, sa, {});
      const ob = applyStep(adamw, b, g, sb, hpW);
      tf.dispose([...g, ...Object.values(oa.probes), ...Object.values(ob.probes)]);
      [a, sa, b, sb] = [oa.params, oa.state, ob.params, ob.state];
    }
    a.forEach((p, i) => {
      const x = p.dataSync();
      const y = b[i].dataSync();
      x.forEach((v, k) => {
        expectClose(v, y[k], 1e-5, 1e-7, `θ[${i}][${k}]`);
      });
    });
    tf.dispose([...a, ...b]);
    disposeState(sa);
    disposeState(sb);
  });

  it('one step by hand: clip against the rolling max, AdamW update', () => {
    // θ = [1, 2], g = [3, 4]: G = 5, R = 5, clip 0.8 ⇒ g ← g·4/(5 + 1e-6) ≈ [2.4, 3.2].
    // m = 0.1g, v = 0.01g², bc1 = 0.1, bc2 = 0.01 ⇒ m̂ = g, √v̂ = |g| ⇒ upd = g/(|g| + ε) + λθ.
    // θ' = θ − 1e-3·(1/(1 + 1e-6/2.4) + 0.01·1, …).
    const h = { ...INITIAL_HYPER };
    const params = [tf.tensor1d([1, 2])];
    const state = innerInit(params);
    const out = innerStep([tf.tensor1d([3, 4])], state, params, h, { preset: 'lite' });
    const got = out.params[0].dataSync();
    const g0 = (3 * 4) / (5 + 1e-6);
    const g1 = (4 * 4) / (5 + 1e-6);
    expectClose(got[0], 1 - 1e-3 * (g0 / (g0 + 1e-6) + 0.01), 1e-7, 1e-7, 'θ0');
    expectClose(got[1], 2 - 1e-3 * (g1 / (g1 + 1e-6) + 0.02), 1e-7, 1e-7, 'θ1');
    expect(out.state.slots.R[0].dataSync()[0]).toBeCloseTo(5, 5);
  });
});
