/**
 * AdaGrad (PyTorch torch.optim.Adagrad, lr_decay 0, initial accumulator 0), with coupled L2
 * weight decay:
 *   g ← g + λθ
 *   G ← G + g²             (G_0 = 0; tfjs instead starts at 0.1 and puts ε inside the root)
 *   θ ← θ − α·g/(√G + ε)
 * Defaults (catalog.ts): α = 0.01, ε = 1e-10, λ = 0. State: slot `G`.
 * Probes: updateNorm.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HyperOf } from './catalog';
import { coupledDecay, subtractAll, zerosLikeAll } from './common';
import { updateNorm } from './probes';
import type { UpdateRule } from './types';

export const adagrad: UpdateRule<HyperOf<'adagrad'>> = {
  id: 'adagrad',
  init: (params) => ({ t: 0, slots: { G: zerosLikeAll(params) } }),
  step(grads, state, params, hp) {
    const lr = tf.scalar(hp.lr);
    const eps = tf.scalar(hp.eps);
    const g = coupledDecay(grads, params, hp.weightDecay);
    const G = state.slots.G.map((Gi, i) => tf.add(Gi, tf.square(g[i])));
    const next = subtractAll(
      params,
      g.map((gi, i) => tf.div(tf.mul(gi, lr), tf.add(tf.sqrt(G[i]), eps))),
    );
    return {
      params: next,
      state: { t: state.t + 1, slots: { G } },
      probes: { updateNorm: updateNorm(params, next) },
    };
  },
};
