/**
 * SGD with Nesterov momentum (PyTorch torch.optim.SGD, nesterov true, dampening 0), with
 * coupled L2 weight decay:
 *   g ← g + λθ
 *   b ← μ·b + g            (b_0 = 0)
 *   θ ← θ − α·(g + μ·b)
 * Defaults (catalog.ts): α = 0.01, μ = 0.9, λ = 0. State: slot `b`.
 * Probes: updateNorm.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HyperOf } from './catalog';
import { coupledDecay, subtractAll, zerosLikeAll } from './common';
import { updateNorm } from './probes';
import type { UpdateRule } from './types';

export const nesterov: UpdateRule<HyperOf<'nesterov'>> = {
  id: 'nesterov',
  init: (params) => ({ t: 0, slots: { b: zerosLikeAll(params) } }),
  step(grads, state, params, hp) {
    const lr = tf.scalar(hp.lr);
    const mu = tf.scalar(hp.momentum);
    const g = coupledDecay(grads, params, hp.weightDecay);
    const b = state.slots.b.map((bi, i) => tf.add(tf.mul(bi, mu), g[i]));
    const next = subtractAll(
      params,
      g.map((gi, i) => tf.mul(tf.add(gi, tf.mul(b[i], mu)), lr)),
    );
    return {
      params: next,
      state: { t: state.t + 1, slots: { b } },
      probes: { updateNorm: updateNorm(params, next) },
    };
  },
};
