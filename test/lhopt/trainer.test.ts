/**
 * The PPO trainer end to end on small quadratics: finite rewards and speedups in [0, 2], the
 * same seed reproduces the same report, and tfjs tensor counts stay flat across iterations.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePpoRecipe } from '../../src/core/meta/ppo/recipe';
import { PpoTrainer } from '../../src/core/meta/ppo/trainer';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const recipe = () => {
  const r = parsePpoRecipe({
    families: ['quadratic'],
    episodesPerIteration: 2,
    envReuse: 2,
    minOuter: 3,
    maxOuter: 4,
    minInner: 4,
    maxInner: 8,
    epochs: 2,
    minibatch: 2,
  });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
};

describe('PpoTrainer', () => {
  it('runs iterations with finite rewards, reproducibly, without leaking tensors', async () => {
    const a = new PpoTrainer(recipe(), NO_DATA_ENV);
    const r1 = await a.iterate();
    const count = tf.memory().numTensors;
    const r2 = await a.iterate();
    await a.iterate();
    expect(tf.memory().numTensors).toBe(count + 0);
    for (const r of [r1, r2]) {
      expect(Number.isFinite(r.meanReward)).toBe(true);
      expect(r.meanReward).toBeGreaterThanOrEqual(-3);
      expect(r.meanReward).toBeLessThanOrEqual(Math.log(2) + 1e-12);
      for (const s of r.speedups) expect(s >= 0 && s <= 2).toBe(true);
      expect(r.entropy).toBeGreaterThan(0);
    }
    const b = new PpoTrainer(recipe(), NO_DATA_ENV);
    const q1 = await b.iterate();
    expect(q1.speedups).toEqual(r1.speedups);
    expect(q1.entropy).toBe(r1.entropy);
    a.dispose();
    b.dispose();
    a.policy.dispose();
    b.policy.dispose();
  });

  it('rejects a bad recipe naming the field', () => {
    const r = parsePpoRecipe({ minOuter: 10, maxOuter: 5, lr: -1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(/recipe\.lr/);
    const s = parsePpoRecipe({ minOuter: 10, maxOuter: 5 });
    expect(s.ok ? '' : s.errors.join('\n')).toMatch(/recipe\.maxOuter: must be ≥ minOuter/);
  });
});
