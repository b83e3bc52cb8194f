/**
 * Tensor ownership: with applyStep, tf.memory().numTensors after 1000 steps equals that after
 * 10, for every rule (params, state and probes disposed by the loop as a runner would).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPTIMIZER_IDS } from '../../src/core/optim/catalog';
import { applyStep, disposeState, getRule } from '../../src/core/optim/registry';
import { hyper, useCpu } from './helpers';

beforeAll(useCpu);

describe('numTensors stays flat over 1000 steps', () => {
  for (const id of OPTIMIZER_IDS) {
    it(id, () => {
      const before = tf.memory().numTensors;
      const hp = hyper(id, id === 'rmsprop' ? { momentum: 0.5 } : {});
      const rule = getRule(id);
      let params = [tf.ones([3, 2]), tf.zeros([4])];
      const grads = [tf.fill([3, 2], 0.5), tf.fill([4], -0.25)];
      let state = rule.init(params, hp);
      let after10 = -1;
      for (let t = 1; t <= 1000; t++) {
        const out = applyStep(rule, params, grads, state, hp);
        tf.dispose(Object.values(out.probes));
        params = out.params;
        state = out.state;
        if (t === 10) after10 = tf.memory().numTensors;
      }
      expect(tf.memory().numTensors).toBe(after10);
      expect(params[0].dataSync().every(Number.isFinite)).toBe(true);
      tf.dispose([...params, ...grads]);
      disposeState(state);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('rmsprop momentum toggled 0 → 0.9 → 0 creates and drops its buffer without leaks', () => {
    const before = tf.memory().numTensors;
    const rule = getRule('rmsprop');
    let params = [tf.ones([5])];
    const grads = [tf.fill([5], 0.3)];
    let state = rule.init(params, hyper('rmsprop'));
    for (let t = 1; t <= 30; t++) {
      const hp = hyper('rmsprop', { momentum: t > 10 && t <= 20 ? 0.9 : 0 });
      const out = applyStep(rule, params, grads, state, hp);
      tf.dispose(Object.values(out.probes));
      params = out.params;
      state = out.state;
      expect('b' in state.slots).toBe(hp.momentum > 0);
    }
    tf.dispose([...params, ...grads]);
    disposeState(state);
    expect(tf.memory().numTensors).toBe(before);
  });
});
