/**
 * Adam (Kingma & Ba 2015, Algorithm 1; same as PyTorch torch.optim.Adam, amsgrad false), with
 * coupled L2 weight decay (docs/algorithms.md §6):
 *   g ← g + λθ
 *   m ← β1·m + (1−β1)·g
 *   v ← β2·v + (1−β2)·g²
 *   θ ← θ − α·m̂/(√v̂ + ε),   m̂ = m/(1−β1^t),  v̂ = v/(1−β2^t)
 * computed as PyTorch does: θ ← θ − (α/(1−β1^t))·m/(√v/√(1−β2^t) + ε).
 * Note: this is the Algorithm-1 ε placement; AdaMod/AdaBound use the "efficient" code form
 * (ε added to the raw √v), see adamod.ts.
 * Defaults (catalog.ts): α = 1e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.
 * State: slots `m`, `v`. Probes: updateNorm.
 * The per-step scalars (adamScalars) are shared with the fused kernels (kernels/specs.ts).
 */

import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { HyperOf } from './catalog';
import { coupledDecay, ema, emaSquare, subtractAll, zerosLikeAll } from './common';
import { updateNorm } from './probes';
import type { UpdateRule } from './types';

/** Adam, AdamW and AMSGrad's per-step scalars: the EMA weights and both bias corrections. */
export function adamScalars(hp: HyperOf<'adam' | 'adamw' | 'amsgrad'>, t: number) {
  return {
    beta1: hp.beta1,
    omb1: 1 - hp.beta1,
    beta2: hp.beta2,
    omb2: 1 - hp.beta2,
    /** α/(1−β1^t) */
    stepSize: hp.lr / (1 - hp.beta1 ** t),
    /** √(1−β2^t) */
    bc2Sqrt: Math.sqrt(1 - hp.beta2 ** t),
    eps: hp.eps,
  };
}
export type AdamScalars = ReturnType<typeof adamScalars>;

/**
 * The Algorithm-1 Adam step θ − stepSize·m/(√vDen/bc2Sqrt + ε), with v replaced by `vDen`
 * (AMSGrad passes v_max). Shared by adam, adamw and amsgrad.
 */
export function adamApply(params: Tensor[], m: Tensor[], vDen: Tensor[], s: AdamScalars): Tensor[] {
  const stepSize = tf.scalar(s.stepSize);
  const bc2Sqrt = tf.scalar(s.bc2Sqrt);
  const epsT = tf.scalar(s.eps);
  return subtractAll(
    params,
    m.map((mi, i) => tf.div(tf.mul(mi, stepSize), tf.add(tf.div(tf.sqrt(vDen[i]), bc2Sqrt), epsT))),
  );
}

export const adam: UpdateRule<HyperOf<'adam'>> = {
  id: 'adam',
  init: (params) => ({ t: 0, slots: { m: zerosLikeAll(params), v: zerosLikeAll(params) } }),
  step(grads, state, params, hp) {
    const t = state.t + 1;
    const s = adamScalars(hp, t);
    const g = coupledDecay(grads, params, hp.weightDecay);
    const m = ema(state.slots.m, g, s.beta1);
    const v = emaSquare(state.slots.v, g, s.beta2);
    const next = adamApply(params, m, v, s);
    return { params: next, state: { t, slots: { m, v } }, probes: { updateNorm: updateNorm(params, next) } };
  },
};
