/**
 * SGD (PyTorch torch.optim.SGD, momentum 0), with coupled L2 weight decay:
 *   g ← g + λθ
 *   θ ← θ − α·g
 * Defaults (catalog.ts): α = 0.01, λ = 0. State: none.
 * Probes: updateNorm.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HyperOf } from './catalog';
import { coupledDecay, subtractAll } from './common';
import { updateNorm } from './probes';
import type { UpdateRule } from './types';

export const sgd: UpdateRule<HyperOf<'sgd'>> = {
  id: 'sgd',
  init: () => ({ t: 0, slots: {} }),
  step(grads, state, params, hp) {
    const lr = tf.scalar(hp.lr);
    const g = coupledDecay(grads, params, hp.weightDecay);
    const next = subtractAll(
      params,
      g.map((gi) => tf.mul(gi, lr)),
    );
    return {
      params: next,
      state: { t: state.t + 1, slots: {} },
      probes: { updateNorm: updateNorm(params, next) },
    };
  },
};
