/**
 * AdamW (Loshchilov & Hutter; PyTorch torch.optim.AdamW, amsgrad false): Adam with decoupled
 * weight decay applied first, multiplied by the learning rate:
 *   θ' = θ·(1 − α·λ)
 *   m ← β1·m + (1−β1)·g;   v ← β2·v + (1−β2)·g²        (g is the raw gradient)
 *   θ ← θ' − α·m̂/(√v̂ + ε)                               (Algorithm-1 form, as adam.ts)
 * Defaults (catalog.ts, PyTorch): α = 1e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.01.
 * State: slots `m`, `v`. Probes: updateNorm.
 */
import { adamApply, adamScalars } from './adam';
import type { HyperOf } from './catalog';
import { decayFactor, decoupledDecay, ema, emaSquare, zerosLikeAll } from './common';
import { updateNorm } from './probes';
import type { UpdateRule } from './types';

export const adamw: UpdateRule<HyperOf<'adamw'>> = {
  id: 'adamw',
  init: (params) => ({ t: 0, slots: { m: zerosLikeAll(params), v: zerosLikeAll(params) } }),
  step(grads, state, params, hp) {
    const t = state.t + 1;
    const s = adamScalars(hp, t);
    const decayed = decoupledDecay(params, decayFactor(hp.lr, hp.weightDecay));
    const m = ema(state.slots.m, grads, s.beta1);
    const v = emaSquare(state.slots.v, grads, s.beta2);
    const next = adamApply(decayed, m, v, s);
    return { params: next, state: { t, slots: { m, v } }, probes: { updateNorm: updateNorm(params, next) } };
  },
};
