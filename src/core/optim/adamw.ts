/**
 * AdamW (Loshchilov & Hutter; PyTorch torch.optim.AdamW, amsgrad false): Adam with decoupled
 * weight decay applied first, multiplied by the learning rate:
 *   θ' = θ·(1 − α·λ)
 *   m ← β1·m + (1−β1)·g;   v ← β2·v + (1−β2)·g²        (g is the raw gradient)
 *   θ ← θ' − α·m̂/(√v̂ + ε)                               (Algorithm-1 form, as adam.ts)
 * Defaults (catalog.ts, PyTorch): α = 1e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.01.
 * State: slots `m`, `v`. Probes: updateNorm.
 */
import { adamApply } from './adam';
import { decoupledDecay, ema, emaSquare, need, zerosLikeAll } from './common';
import { updateNorm } from './probes';
import type { UpdateRule } from './types';

export const adamw: UpdateRule = {
  id: 'adamw',
  init: (params) => ({ t: 0, slots: { m: zerosLikeAll(params), v: zerosLikeAll(params) } }),
  step(grads, state, params, hp) {
    const t = state.t + 1;
    const lr = need(hp, 'lr', 'adamw');
    const beta1 = need(hp, 'beta1', 'adamw');
    const beta2 = need(hp, 'beta2', 'adamw');
    const decayed = decoupledDecay(params, lr, need(hp, 'weightDecay', 'adamw'));
    const m = ema(state.slots.m, grads, beta1);
    const v = emaSquare(state.slots.v, grads, beta2);
    const next = adamApply(decayed, m, v, t, lr, beta1, beta2, need(hp, 'eps', 'adamw'));
    return { params: next, state: { t, slots: { m, v } }, probes: { updateNorm: updateNorm(params, next) } };
  },
};
