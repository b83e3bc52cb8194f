/**
 * Hyperparameters are read from the hp passed to each step: a mid-run edit takes effect at
 * once (lr → 0 freezes the params for every rule whose step is proportional to lr), and an
 * edited β or ε changes the next step exactly as the float64 reference does.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Hyper, OPTIMIZER_IDS, type OptimizerId } from '../../src/core/optim/catalog';
import { applyStep, disposeState, getRule } from '../../src/core/optim/registry';
import { expectClose, hyper, runGiven, useCpu } from './helpers';
import { makeReference, refHyper } from './reference64';

beforeAll(useCpu);

function runWith(id: OptimizerId, hpAt: (t: number) => Hyper, steps: number): number[][] {
  const rule = getRule(id);
  let params: tf.Tensor[] = [tf.tensor1d([1, -2, 0.5])];
  let state = rule.init(params, hpAt(1));
  const seen: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const g = tf.tensor1d([0.3 * t, -0.2, 0.1 / t]);
    const out = applyStep(rule, params, [g], state, hpAt(t));
    g.dispose();
    tf.dispose(Object.values(out.probes));
    params = out.params;
    state = out.state;
    seen.push(Array.from(params[0].dataSync()));
  }
  tf.dispose(params);
  disposeState(state);
  return seen;
}

describe('mid-run hyperparameter edits', () => {
  for (const id of OPTIMIZER_IDS.filter((x) => x !== 'adabound')) {
    it(`${id}: lr → 0 at step 6 freezes the params (weight decay included)`, () => {
      const seen = runWith(id, (t) => hyper(id, { weightDecay: 0.01, lr: t <= 5 ? 0.05 : 1e-7 }), 10);
      // lr = 1e-7 is the smallest valid value; lr is exactly 0 below
      expect(seen[4]).not.toEqual(seen[0]);
      const frozen = runWith(
        id,
        (t) => ({ ...hyper(id, { weightDecay: 0.01, lr: 0.05 }), ...(t > 5 ? { lr: 0 } : {}) }),
        10,
      );
      for (let t = 5; t < 10; t++) expect(frozen[t]).toEqual(frozen[4]);
      expect(frozen[4]).toEqual(seen[4]);
    });
  }

  it('adamod: β3 edited mid-run matches the float64 reference', () => {
    const hpAt = (t: number) => hyper('adamod', { beta3: t <= 3 ? 0.999 : 0.5, eps: t === 5 ? 0.1 : 1e-8 });
    const grads = [[[2, -1]], [[1, 0.5]], [[-1, 3]], [[0.5, 0.5]], [[2, -2]], [[1, 1]]];
    const tr = runGiven('adamod', [{ values: [1, 1], shape: [2] }], grads, hpAt);
    const ref = makeReference('adamod');
    const theta = [Float64Array.from([1, 1])];
    grads.forEach((g, t) => {
      ref.step(theta, [Float64Array.from(g[0])], refHyper(hpAt(t + 1)));
      theta[0].forEach((x, i) => {
        expectClose(tr.params[t][0][i], x, 1e-6, 1e-7, `t=${t + 1} θ[${i}]`);
      });
    });
  });

  it('adabound: lr → 0 leaves the lower-bound step lo_t·m (α* is constant, see adabound.ts)', () => {
    const hpAt = (t: number) => ({ ...hyper('adabound', { gamma: 0.1 }), ...(t > 3 ? { lr: 0 } : {}) });
    const grads = [[[2]], [[1]], [[-1]], [[0.5]], [[1]]];
    const tr = runGiven('adabound', [{ values: [1], shape: [1] }], grads, hpAt);
    const ref = makeReference('adabound');
    const theta = [Float64Array.from([1])];
    grads.forEach((g, t) => {
      const pr = ref.step(theta, [Float64Array.from(g[0])], refHyper(hpAt(t + 1)));
      expectClose(tr.params[t][0][0], theta[0][0], 1e-6, 1e-7, `t=${t + 1} θ`);
      if (t >= 3) expect(pr.eta![0]).toBe(0);
    });
    expect(tr.params[4][0][0]).not.toBe(tr.params[3][0][0]);
  });

  it('adabound: γ and finalLr edited mid-run move the bounds at once', () => {
    const hpAt = (t: number) => hyper('adabound', t <= 2 ? {} : { gamma: 0.5, finalLr: 0.2 });
    const tr = runGiven('adabound', [{ values: [1], shape: [1] }], [[[1]], [[1]], [[1]]], hpAt);
    expectClose(tr.probes[1].lowerBound[0], 0.1 * (1 - 1 / (1e-3 * 2 + 1)), 1e-6, 0, 'lo_2');
    expectClose(tr.probes[2].lowerBound[0], 0.2 * (1 - 1 / (0.5 * 3 + 1)), 1e-6, 0, 'lo_3');
    expectClose(tr.probes[2].upperBound[0], 0.2 * (1 + 1 / (0.5 * 3)), 1e-6, 0, 'hi_3');
  });
});
