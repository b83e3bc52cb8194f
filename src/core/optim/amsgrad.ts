/**
 * AMSGrad (Reddi et al. 2018, PyTorch convention: torch.optim.Adam with amsgrad true), with
 * coupled L2 weight decay:
 *   g     ← g + λθ
 *   m     ← β1·m + (1−β1)·g;   v ← β2·v + (1−β2)·g²
 *   v_max ← max(v_max, v)
 *   θ     ← θ − (α/(1−β1^t))·m/(√v_max/√(1−β2^t) + ε)
 * (the paper has no bias correction; PyTorch's form is used.)
 * Defaults (catalog.ts): α = 1e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.
 * State: slots `m`, `v`, `vmax`. Probes: updateNorm.
 */
import * as tf from '@tensorflow/tfjs-core';
import { adamApply, adamScalars } from './adam';
import type { HyperOf } from './catalog';
import { coupledDecay, ema, emaSquare, zerosLikeAll } from './common';
import { updateNorm } from './probes';
import type { UpdateRule } from './types';

export const amsgrad: UpdateRule<HyperOf<'amsgrad'>> = {
  id: 'amsgrad',
  init: (params) => ({
    t: 0,
    slots: { m: zerosLikeAll(params), v: zerosLikeAll(params), vmax: zerosLikeAll(params) },
  }),
  step(grads, state, params, hp) {
    const t = state.t + 1;
    const s = adamScalars(hp, t);
    const g = coupledDecay(grads, params, hp.weightDecay);
    const m = ema(state.slots.m, g, s.beta1);
    const v = emaSquare(state.slots.v, g, s.beta2);
    const vmax = state.slots.vmax.map((x, i) => tf.maximum(x, v[i]));
    const next = adamApply(params, m, vmax, s);
    return {
      params: next,
      state: { t, slots: { m, v, vmax } },
      probes: { updateNorm: updateNorm(params, next) },
    };
  },
};
