/**
 * AdaBound (Luo, Xiong, Liu, Sun, ICLR 2019), exactly as the authors' code
 * (Luolc/AdaBound adabound/adabound.py, amsbound false), with coupled L2 weight decay:
 *   g    ← g + λθ
 *   m    ← β1·m + (1−β1)·g;   v ← β2·v + (1−β2)·g²
 *   c_t  = α·√(1−β2^t)/(1−β1^t)                 (scalar, both bias corrections folded in)
 *   η_t  = c_t/(√v + ε)                          (code-form ε: added to the raw √v)
 *   lo_t = α*·(1 − 1/(γt + 1));   hi_t = α*·(1 + 1/(γt))
 *   θ    ← θ − clip(η_t, lo_t, hi_t)·m           (raw m: the bias correction is in c_t)
 * α* (finalLr) is used as given: the playground has no lr scheduler, so the code's rescaling
 * α*·lr/base_lr is not applied (a mid-run lr edit does not move the bounds).
 * Defaults (catalog.ts, authors' code): α = 1e-3, β1 = 0.9, β2 = 0.999, α* = 0.1, γ = 1e-3,
 * ε = 1e-8, λ = 0. State: slots `m`, `v`.
 * Probes: updateNorm; lowerBound, upperBound (scalars lo_t, hi_t); etaQuantiles
 * ([q05, q50, q95] of the unclipped η_t, strided subsample, see probes.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { coupledDecay, ema, emaSquare, need, subtractAll, zerosLikeAll } from './common';
import { sampledQuantiles, updateNorm } from './probes';
import type { UpdateRule } from './types';

export const adabound: UpdateRule = {
  id: 'adabound',
  init: (params) => ({ t: 0, slots: { m: zerosLikeAll(params), v: zerosLikeAll(params) } }),
  step(grads, state, params, hp) {
    const t = state.t + 1;
    const lr = need(hp, 'lr', 'adabound');
    const beta1 = need(hp, 'beta1', 'adabound');
    const beta2 = need(hp, 'beta2', 'adabound');
    const finalLr = need(hp, 'finalLr', 'adabound');
    const gamma = need(hp, 'gamma', 'adabound');
    const g = coupledDecay(grads, params, need(hp, 'weightDecay', 'adabound'));
    const m = ema(state.slots.m, g, beta1);
    const v = emaSquare(state.slots.v, g, beta2);
    const c = tf.scalar((lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t));
    const eps = tf.scalar(need(hp, 'eps', 'adabound'));
    const lo = finalLr * (1 - 1 / (gamma * t + 1));
    const hi = finalLr * (1 + 1 / (gamma * t));
    const eta = v.map((vi) => tf.div(c, tf.add(tf.sqrt(vi), eps)));
    const next = subtractAll(
      params,
      eta.map((e, i) => tf.mul(tf.clipByValue(e, lo, hi), m[i])),
    );
    return {
      params: next,
      state: { t, slots: { m, v } },
      probes: {
        updateNorm: updateNorm(params, next),
        lowerBound: tf.scalar(lo),
        upperBound: tf.scalar(hi),
        etaQuantiles: sampledQuantiles(eta),
      },
    };
  },
};
