/**
 * LHOPT as an update rule: the policy acts every K = outerLength(horizon, outerSteps) steps,
 * the hyperparameters it chose apply from the next step, the probes carry one value per step,
 * and tensors do not leak. A policy whose lr head always says ×2 doubles lr every K steps.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/experiment/rng';
import { HEAD_SIZES } from '../../src/core/learned/lhopt/actions';
import { lhoptPolicyShape } from '../../src/core/learned/lhopt/controller';
import { emptyNorm } from '../../src/core/learned/lhopt/normalizer';
import { OBS_SIZE } from '../../src/core/learned/lhopt/observation';
import { Policy } from '../../src/core/learned/lhopt/policy';
import { HYPER_PROBES, lhoptRule, outerLength } from '../../src/core/learned/lhopt/rule';
import { disposeState } from '../../src/core/optim/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

type Hp = Record<string, number>;

function run(policy: Policy, steps: number, hp0: Hp, hpAt: (t: number) => Hp = () => hp0) {
  const rule = lhoptRule(policy, emptyNorm(OBS_SIZE));
  const hp = hp0;
  const target = tf.tensor1d([1, -2, 3]);
  let params = [tf.zeros([3])];
  let state = rule.init(params, hp);
  const lr: number[] = [];
  const counts: number[] = [];
  for (let t = 1; t <= steps; t++) {
    const loss = tf.tidy(() => tf.sum(tf.square(tf.sub(params[0], target))));
    const g = tf.tidy(() => tf.mul(tf.sub(params[0], target), tf.scalar(2)));
    const out = tf.tidy(() => {
      const step = rule.step as unknown as (...a: unknown[]) => ReturnType<typeof rule.step>;
      const r = step([g], state, params, hpAt(t), { t, horizon: steps, loss });
      return r as unknown as tf.TensorContainer;
    }) as unknown as ReturnType<typeof rule.step>;
    for (const t0 of [...params, ...Object.values(state.slots).flat()])
      if (!Object.values(out.state.slots).flat().includes(t0) && !out.params.includes(t0)) t0.dispose();
    expect(Object.keys(out.probes)).toEqual(expect.arrayContaining([...HYPER_PROBES, 'updateNorm']));
    lr.push(out.probes['hyper.lr'].dataSync()[0]);
    tf.dispose([g, loss, ...Object.values(out.probes)]);
    params = out.params;
    state = out.state;
    counts.push(tf.memory().numTensors);
  }
  tf.dispose([...params, target]);
  disposeState(state);
  return { lr, counts };
}

describe('lhopt rule', () => {
  it('K = 4·round(horizon/(4·outerSteps)), at least 4', () => {
    expect(outerLength(40, 5)).toBe(8);
    expect(outerLength(1000, 16)).toBe(64);
    expect(outerLength(10, 16)).toBe(4);
  });

  it('a policy that always doubles lr doubles it every K steps, from the initial value', () => {
    const policy = Policy.init(lhoptPolicyShape(8), makeRng(1));
    const bias = new Float32Array(HEAD_SIZES.reduce((a, b) => a + b, 0));
    bias[6] = 50; // lr head: ×2
    bias[7 + 1] = bias[10 + 1] = bias[13 + 1] = bias[16 + 1] = bias[19 + 2] = 50; // others: no-op
    policy.weights.get('heads/bias').assign(tf.tensor1d(bias));
    const { lr, counts } = run(policy, 24, { lr: 0.002, outerSteps: 3 });
    // K = 8: steps 1–8 use 0.002, 9–16 use 0.004, 17–24 use 0.008
    expect(lr.slice(0, 8).every((x) => Math.abs(x - 0.002) < 1e-9)).toBe(true);
    expect(lr.slice(8, 16).every((x) => Math.abs(x - 0.004) < 1e-9)).toBe(true);
    expect(lr.slice(16).every((x) => Math.abs(x - 0.008) < 1e-9)).toBe(true);
    expect(counts[23]).toBe(counts[7]); // no leak across decisions
    // A mid-run edit (lr 0.1 from step 12, e.g. a recorded schedule event) applies at once,
    // and the policy goes on from it: ×2 at the next decision.
    const edited = run(policy, 24, { lr: 0.002, outerSteps: 3 }, (t) => ({
      lr: t >= 12 ? 0.1 : 0.002,
      outerSteps: 3,
    }));
    expect(edited.lr.slice(0, 11)).toEqual(lr.slice(0, 11));
    expect(edited.lr.slice(11, 16).every((x) => Math.abs(x - 0.1) < 1e-7)).toBe(true);
    expect(edited.lr.slice(16).every((x) => Math.abs(x - 0.2) < 1e-7)).toBe(true);
    policy.dispose();
  });
});
