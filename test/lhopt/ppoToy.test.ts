/**
 * PPO on a toy 2-step MDP: at each of two steps the agent picks one of 3 actions; the episode's
 * only reward (at its end) is 1 if it picked action 2 both times, 0.5 for once, else 0. A random
 * policy picks the best pair with probability 1/9; after training the greedy policy must pick
 * it and its probability must exceed 0.9. This test fails if the PPO gradient sign, the
 * advantage or the recurrent sequence handling is wrong.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/experiment/rng';
import { Policy, sampleHeads } from '../../src/core/learned/lhopt/policy';
import { DEFAULT_PPO, gae, ppoUpdate, type Trajectory } from '../../src/core/meta/ppo/ppo';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const SHAPE = { obs: 2, hidden: 8, heads: [3], valueExtra: 1, noop: [-1] };

function episode(
  policy: Policy,
  rng: ReturnType<typeof makeRng> | null,
): Trajectory & { probBest: number[] } {
  const traj: Trajectory & { probBest: number[] } = {
    obs: [],
    valueExtra: [],
    choices: [],
    logp: [],
    values: [],
    rewards: [],
    probBest: [],
  };
  let { h, c } = policy.zeroState(1);
  let hits = 0;
  for (let t = 0; t < 2; t++) {
    const obs = t === 0 ? [1, 0] : [0, 1];
    const out = tf.tidy(
      () => policy.step(tf.tensor2d([obs]), h, c, tf.tensor2d([[0]])) as unknown as tf.TensorContainer,
    ) as unknown as {
      h: tf.Tensor;
      c: tf.Tensor;
      logits: tf.Tensor;
      value: tf.Tensor;
    };
    tf.dispose([h, c]);
    h = out.h;
    c = out.c;
    const logits = out.logits.dataSync();
    const value = out.value.dataSync()[0];
    tf.dispose([out.logits, out.value]);
    const s = sampleHeads(logits, [3], rng);
    const mx = Math.max(...logits);
    const z = Array.from(logits).reduce((a, l) => a + Math.exp(l - mx), 0);
    traj.probBest.push(Math.exp(logits[2] - mx) / z);
    if (s.choice[0] === 2) hits++;
    traj.obs.push(obs);
    traj.valueExtra.push([0]);
    traj.choices.push(s.choice);
    traj.logp.push(s.logp);
    traj.values.push(value);
    traj.rewards.push(t === 1 ? hits / 2 : 0);
  }
  tf.dispose([h, c]);
  return traj;
}

describe('PPO', () => {
  it('gae with γ = 1, λ = 0.95 matches hand values', () => {
    // r = [0, 1], V = [0.2, 0.5]: δ1 = 1 − 0.5 = 0.5, δ0 = 0 + 0.5 − 0.2 = 0.3, Â0 = 0.3 + 0.95·0.5
    const { adv, ret } = gae([0, 1], [0.2, 0.5], 1, 0.95);
    expect(adv[1]).toBeCloseTo(0.5, 12);
    expect(adv[0]).toBeCloseTo(0.775, 12);
    expect(ret).toEqual([adv[0] + 0.2, 1]);
  });

  it('learns the best action of a 2-step MDP', () => {
    const policy = Policy.init(SHAPE, makeRng(3));
    const opt = tf.train.adam(0.01);
    const rng = makeRng(4);
    const before = episode(policy, null).probBest;
    expect(before[0]).toBeLessThan(0.5);
    const tensors = tf.memory().numTensors;
    for (let it = 0; it < 25; it++) {
      const eps = Array.from({ length: 16 }, () => episode(policy, rng));
      ppoUpdate(policy, opt, eps, { ...DEFAULT_PPO, minibatch: 8 }, rng);
      if (it === 0) expect(tf.memory().numTensors).toBeGreaterThan(tensors); // Adam slots, once
    }
    const after = episode(policy, null);
    expect(after.choices).toEqual([[2], [2]]);
    expect(Math.min(...after.probBest)).toBeGreaterThan(0.9);
    const settled = tf.memory().numTensors;
    ppoUpdate(policy, opt, [episode(policy, rng)], DEFAULT_PPO, rng);
    expect(tf.memory().numTensors).toBe(settled);
    opt.dispose();
    policy.dispose();
  });
});
