/**
 * Adam (Kingma & Ba 2015, Algorithm 1; same as PyTorch torch.optim.Adam, amsgrad false), with
 * coupled L2 weight decay:
 *   g ← g + λθ
 *   m ← β1·m + (1−β1)·g
 *   v ← β2·v + (1−β2)·g²
 *   θ ← θ − α·m̂/(√v̂ + ε),   m̂ = m/(1−β1^t),  v̂ = v/(1−β2^t)
 * computed as PyTorch does: θ ← θ − (α/(1−β1^t))·m/(√v/√(1−β2^t) + ε).
 * Note: this is the Algorithm-1 ε placement; AdaMod/AdaBound use the "efficient" code form
 * (ε added to the raw √v), see adamod.ts.
 * Defaults (catalog.ts): α = 1e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.
 * State: slots `m`, `v`. Probes: updateNorm.
 */

import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { coupledDecay, ema, emaSquare, need, subtractAll, zerosLikeAll } from './common';
import { updateNorm } from './probes';
import type { UpdateRule } from './types';

/**
 * The Algorithm-1 Adam step θ − (α/(1−β1^t))·m/(√v/√(1−β2^t) + ε), with v replaced by `vDen`
 * (AMSGrad passes v_max). Shared by adam, adamw and amsgrad.
 */
export function adamApply(
  params: Tensor[],
  m: Tensor[],
  vDen: Tensor[],
  t: number,
  lr: number,
  beta1: number,
  beta2: number,
  eps: number,
): Tensor[] {
  const stepSize = tf.scalar(lr / (1 - beta1 ** t));
  const bc2Sqrt = tf.scalar(Math.sqrt(1 - beta2 ** t));
  const epsT = tf.scalar(eps);
  return subtractAll(
    params,
    m.map((mi, i) => tf.div(tf.mul(mi, stepSize), tf.add(tf.div(tf.sqrt(vDen[i]), bc2Sqrt), epsT))),
  );
}

export const adam: UpdateRule = {
  id: 'adam',
  init: (params) => ({ t: 0, slots: { m: zerosLikeAll(params), v: zerosLikeAll(params) } }),
  step(grads, state, params, hp) {
    const t = state.t + 1;
    const beta1 = need(hp, 'beta1', 'adam');
    const beta2 = need(hp, 'beta2', 'adam');
    const g = coupledDecay(grads, params, need(hp, 'weightDecay', 'adam'));
    const m = ema(state.slots.m, g, beta1);
    const v = emaSquare(state.slots.v, g, beta2);
    const next = adamApply(params, m, v, t, need(hp, 'lr', 'adam'), beta1, beta2, need(hp, 'eps', 'adam'));
    return { params: next, state: { t, slots: { m, v } }, probes: { updateNorm: updateNorm(params, next) } };
  },
};
