/**
 * SGD with heavy-ball momentum (PyTorch torch.optim.SGD, dampening 0, nesterov false),
 * with coupled L2 weight decay:
 *   g ← g + λθ
 *   b ← μ·b + g            (b_0 = 0, so b_1 = g as in PyTorch)
 *   θ ← θ − α·b
 * Defaults (catalog.ts): α = 0.01, μ = 0.9, λ = 0. State: slot `b`.
 * Probes: updateNorm.
 */
import * as tf from '@tensorflow/tfjs-core';
import { coupledDecay, need, subtractAll, zerosLikeAll } from './common';
import { updateNorm } from './probes';
import type { UpdateRule } from './types';

export const momentum: UpdateRule = {
  id: 'momentum',
  init: (params) => ({ t: 0, slots: { b: zerosLikeAll(params) } }),
  step(grads, state, params, hp) {
    const lr = tf.scalar(need(hp, 'lr', 'momentum'));
    const mu = tf.scalar(need(hp, 'momentum', 'momentum'));
    const g = coupledDecay(grads, params, need(hp, 'weightDecay', 'momentum'));
    const b = state.slots.b.map((bi, i) => tf.add(tf.mul(bi, mu), g[i]));
    const next = subtractAll(
      params,
      b.map((bi) => tf.mul(bi, lr)),
    );
    return {
      params: next,
      state: { t: state.t + 1, slots: { b } },
      probes: { updateNorm: updateNorm(params, next) },
    };
  },
};
