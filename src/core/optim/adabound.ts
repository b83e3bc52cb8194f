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
import type { HyperOf } from './catalog';
import { codeFormStepSize, coupledDecay, ema, emaSquare, subtractAll, zerosLikeAll } from './common';
import { sampledQuantiles, updateNorm } from './probes';
import type { UpdateRule } from './types';

/** AdaBound's per-step scalars (shared with kernels/specs.ts): c_t and the bounds lo_t, hi_t. */
export function adaboundScalars(hp: HyperOf<'adabound'>, t: number) {
  return {
    beta1: hp.beta1,
    omb1: 1 - hp.beta1,
    beta2: hp.beta2,
    omb2: 1 - hp.beta2,
    c: codeFormStepSize(hp.lr, hp.beta1, hp.beta2, t),
    eps: hp.eps,
    lo: hp.finalLr * (1 - 1 / (hp.gamma * t + 1)),
    hi: hp.finalLr * (1 + 1 / (hp.gamma * t)),
    weightDecay: hp.weightDecay,
  };
}

export const adabound: UpdateRule<HyperOf<'adabound'>> = {
  id: 'adabound',
  init: (params) => ({ t: 0, slots: { m: zerosLikeAll(params), v: zerosLikeAll(params) } }),
  step(grads, state, params, hp) {
    const t = state.t + 1;
    const { lo, hi, ...s } = adaboundScalars(hp, t);
    const g = coupledDecay(grads, params, s.weightDecay);
    const m = ema(state.slots.m, g, s.beta1);
    const v = emaSquare(state.slots.v, g, s.beta2);
    const c = tf.scalar(s.c);
    const eps = tf.scalar(s.eps);
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
