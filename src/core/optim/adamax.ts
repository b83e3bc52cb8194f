/**
 * Adamax (Kingma & Ba 2015, Algorithm 2, PyTorch torch.optim.Adamax: ε inside the max), with
 * coupled L2 weight decay:
 *   g ← g + λθ
 *   m ← β1·m + (1−β1)·g
 *   u ← max(β2·u, |g| + ε)
 *   θ ← θ − (α/(1−β1^t))·m/u
 * Defaults (catalog.ts, PyTorch): α = 2e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.
 * State: slots `m`, `u`. Probes: updateNorm.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HyperOf } from './catalog';
import { coupledDecay, ema, subtractAll, zerosLikeAll } from './common';
import { updateNorm } from './probes';
import type { UpdateRule } from './types';

/** Adamax's per-step scalars (shared with kernels/specs.ts): stepSize = α/(1−β1^t). */
export function adamaxScalars(hp: HyperOf<'adamax'>, t: number) {
  return {
    beta1: hp.beta1,
    omb1: 1 - hp.beta1,
    beta2: hp.beta2,
    eps: hp.eps,
    stepSize: hp.lr / (1 - hp.beta1 ** t),
    weightDecay: hp.weightDecay,
  };
}

export const adamax: UpdateRule<HyperOf<'adamax'>> = {
  id: 'adamax',
  init: (params) => ({ t: 0, slots: { m: zerosLikeAll(params), u: zerosLikeAll(params) } }),
  step(grads, state, params, hp) {
    const t = state.t + 1;
    const s = adamaxScalars(hp, t);
    const beta2 = tf.scalar(s.beta2);
    const eps = tf.scalar(s.eps);
    const g = coupledDecay(grads, params, s.weightDecay);
    const m = ema(state.slots.m, g, s.beta1);
    const u = state.slots.u.map((ui, i) => tf.maximum(tf.mul(ui, beta2), tf.add(tf.abs(g[i]), eps)));
    const stepSize = tf.scalar(s.stepSize);
    const next = subtractAll(
      params,
      m.map((mi, i) => tf.div(tf.mul(mi, stepSize), u[i])),
    );
    return { params: next, state: { t, slots: { m, u } }, probes: { updateNorm: updateNorm(params, next) } };
  },
};
