/**
 * RMSprop (PyTorch torch.optim.RMSprop, centered false, ε outside the root), with optional
 * momentum and coupled L2 weight decay:
 *   g ← g + λθ
 *   v ← α·v + (1−α)·g²
 *   μ > 0:  b ← μ·b + g/(√v + ε);  θ ← θ − lr·b
 *   μ = 0:  θ ← θ − lr·g/(√v + ε)
 * Defaults (catalog.ts, PyTorch): lr = 0.01, α = 0.99, ε = 1e-8, μ = 0, λ = 0.
 * State: slot `v`; slot `b` exists only while μ > 0 (created as zeros when μ first becomes
 * positive, dropped when it returns to 0), so the default costs one tensor per parameter.
 * Probes: updateNorm.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HyperOf } from './catalog';
import { coupledDecay, emaSquare, subtractAll, zerosLikeAll } from './common';
import { updateNorm } from './probes';
import type { OptState, UpdateRule } from './types';

export const rmsprop: UpdateRule<HyperOf<'rmsprop'>> = {
  id: 'rmsprop',
  init(params, hp) {
    const slots: OptState['slots'] = { v: zerosLikeAll(params) };
    if (hp.momentum > 0) slots.b = zerosLikeAll(params);
    return { t: 0, slots };
  },
  step(grads, state, params, hp) {
    const lr = tf.scalar(hp.lr);
    const mu = hp.momentum;
    const eps = tf.scalar(hp.eps);
    const g = coupledDecay(grads, params, hp.weightDecay);
    const v = emaSquare(state.slots.v, g, hp.alpha);
    const scaled = g.map((gi, i) => tf.div(gi, tf.add(tf.sqrt(v[i]), eps)));
    const slots: OptState['slots'] = { v };
    let dir = scaled;
    if (mu > 0) {
      const muT = tf.scalar(mu);
      const prev = state.slots.b ?? zerosLikeAll(params);
      slots.b = prev.map((bi, i) => tf.add(tf.mul(bi, muT), scaled[i]));
      dir = slots.b;
    }
    const next = subtractAll(
      params,
      dir.map((d) => tf.mul(d, lr)),
    );
    return {
      params: next,
      state: { t: state.t + 1, slots },
      probes: { updateNorm: updateNorm(params, next) },
    };
  },
};
