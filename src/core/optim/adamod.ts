/**
 * AdaMod (Ding, Ren, Luo, Sun 2019, arXiv 1910.12249), exactly as the authors' code
 * (lancopku/AdaMod adamod/adamod.py), with decoupled weight decay applied first:
 *   θ'  = θ·(1 − α·λ)                             (decoupled, multiplied by lr; skipped if λ = 0)
 *   m   ← β1·m + (1−β1)·g;   v ← β2·v + (1−β2)·g²  (g is the raw gradient at θ)
 *   c_t = α·√(1−β2^t)/(1−β1^t)                    (scalar, both bias corrections folded in)
 *   η_t = c_t/(√v + ε)                             (code-form ε: added to the raw √v)
 *   s   ← β3·s + (1−β3)·η_t                        (momental bound, s_0 = 0)
 *   θ   ← θ' − min(η_t, s)·m                       (raw m: the bias correction is in c_t)
 * With s_0 = 0 the first step is (1−β3)·η_1: a built-in warm-up. β3 = 0 gives Adam in the
 * code form (ε′ = ε/√(1−β2^t)), not adam.ts's Algorithm-1 form.
 * Defaults (catalog.ts, the code's constructor): α = 1e-3, β1 = 0.9, β2 = 0.999, β3 = 0.999,
 * ε = 1e-8, λ = 0. State: slots `m`, `v`, `s`.
 * Probes: updateNorm; etaQuantiles and sQuantiles ([q05, q50, q95] of η_t and s_t, strided
 * subsample, see probes.ts); clippedFraction (exact fraction of coordinates with s_t < η_t).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HyperOf } from './catalog';
import {
  codeFormStepSize,
  decayFactor,
  decoupledDecay,
  ema,
  emaSquare,
  subtractAll,
  zerosLikeAll,
} from './common';
import { fractionLess, sampledQuantiles, updateNorm } from './probes';
import type { UpdateRule } from './types';

/** AdaMod's per-step scalars (shared with kernels/specs.ts): c_t and the decay factor 1 − αλ. */
export function adamodScalars(hp: HyperOf<'adamod'>, t: number) {
  return {
    beta1: hp.beta1,
    omb1: 1 - hp.beta1,
    beta2: hp.beta2,
    omb2: 1 - hp.beta2,
    beta3: hp.beta3,
    omb3: 1 - hp.beta3,
    c: codeFormStepSize(hp.lr, hp.beta1, hp.beta2, t),
    eps: hp.eps,
    decay: decayFactor(hp.lr, hp.weightDecay),
  };
}

export const adamod: UpdateRule<HyperOf<'adamod'>> = {
  id: 'adamod',
  init: (params) => ({
    t: 0,
    slots: { m: zerosLikeAll(params), v: zerosLikeAll(params), s: zerosLikeAll(params) },
  }),
  step(grads, state, params, hp) {
    const t = state.t + 1;
    const k = adamodScalars(hp, t);
    const decayed = decoupledDecay(params, k.decay);
    const m = ema(state.slots.m, grads, k.beta1);
    const v = emaSquare(state.slots.v, grads, k.beta2);
    const c = tf.scalar(k.c);
    const eps = tf.scalar(k.eps);
    const eta = v.map((vi) => tf.div(c, tf.add(tf.sqrt(vi), eps)));
    const s = ema(state.slots.s, eta, k.beta3);
    const next = subtractAll(
      decayed,
      eta.map((e, i) => tf.mul(tf.minimum(e, s[i]), m[i])),
    );
    return {
      params: next,
      state: { t, slots: { m, v, s } },
      probes: {
        updateNorm: updateNorm(params, next),
        etaQuantiles: sampledQuantiles(eta),
        sQuantiles: sampledQuantiles(s),
        clippedFraction: fractionLess(s, eta),
      },
    };
  },
};
