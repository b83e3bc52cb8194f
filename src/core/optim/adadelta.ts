/**
 * AdaDelta (Zeiler 2012, as PyTorch torch.optim.Adadelta, including its lr multiplier), with
 * coupled L2 weight decay:
 *   g   ← g + λθ
 *   E_g ← ρ·E_g + (1−ρ)·g²
 *   Δ   = √(E_Δ + ε)/√(E_g + ε) · g          (uses the new E_g; tfjs uses the old one)
 *   E_Δ ← ρ·E_Δ + (1−ρ)·Δ²                    (Δ without the lr, as PyTorch)
 *   θ   ← θ − α·Δ
 * Defaults (catalog.ts, PyTorch): α = 1, ρ = 0.9, ε = 1e-6, λ = 0. State: slots `Eg`, `Ed`.
 * Probes: updateNorm.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HyperOf } from './catalog';
import { coupledDecay, emaSquare, subtractAll, zerosLikeAll } from './common';
import { updateNorm } from './probes';
import type { UpdateRule } from './types';

export const adadelta: UpdateRule<HyperOf<'adadelta'>> = {
  id: 'adadelta',
  init: (params) => ({ t: 0, slots: { Eg: zerosLikeAll(params), Ed: zerosLikeAll(params) } }),
  step(grads, state, params, hp) {
    const lr = tf.scalar(hp.lr);
    const eps = tf.scalar(hp.eps);
    const g = coupledDecay(grads, params, hp.weightDecay);
    const Eg = emaSquare(state.slots.Eg, g, hp.rho);
    const delta = g.map((gi, i) =>
      tf.mul(tf.div(tf.sqrt(tf.add(state.slots.Ed[i], eps)), tf.sqrt(tf.add(Eg[i], eps))), gi),
    );
    const Ed = emaSquare(state.slots.Ed, delta, hp.rho);
    const next = subtractAll(
      params,
      delta.map((d) => tf.mul(d, lr)),
    );
    return {
      params: next,
      state: { t: state.t + 1, slots: { Eg, Ed } },
      probes: { updateNorm: updateNorm(params, next) },
    };
  },
};
