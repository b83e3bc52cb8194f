/**
 * LHOPT's controlled hyperparameters (docs/algorithms.md §5.1, §5.3), stored the way the
 * controller scales them: lr, 1−β1, 1−β2, ε, weight decay λ and the clip fraction (of the
 * rolling max of the global gradient norm). Initial values are the CIAO example config's.
 * Pure data and plain functions (no tfjs).
 */

export const HYPER_KEYS = ['lr', 'ombeta1', 'ombeta2', 'eps', 'weightDecay', 'clip'] as const;
export type HyperKey = (typeof HYPER_KEYS)[number];
export type InnerHyper = Record<HyperKey, number>;

/** The inner update form: 'lite' = AdamW + clip (default), 'ciao' = the paper config's CIAO. */
export type InnerPreset = 'lite' | 'ciao';
export const INNER_PRESETS: readonly InnerPreset[] = ['lite', 'ciao'];

/** CIAO example config initial values (docs/algorithms.md §5.1). */
export const INITIAL_HYPER: InnerHyper = {
  lr: 1e-3,
  ombeta1: 0.1,
  ombeta2: 1e-2,
  eps: 1e-6,
  weightDecay: 1e-2,
  clip: 0.8,
};

/** Bounds the controller clamps to after every action (docs/algorithms.md §5.3). */
export const HYPER_BOUNDS: Record<HyperKey, [number, number]> = {
  lr: [1e-8, 1],
  ombeta1: [1e-5, 1],
  ombeta2: [1e-5, 0.1],
  eps: [1e-8, 1],
  weightDecay: [1e-8, 1],
  clip: [1e-10, 1 - 1e-10],
};

/** Fixed CIAO constants (not controlled in the playground). */
export const GRAD_CLIP_OMBETA = 1e-2;
export const LAMB_OMBETA = 0.05;
export const LAMB_MIN_TRUST = 1e-3;
/** Inner features are computed every this many inner steps. */
export const FEATURE_EVERY = 4;

export const clampTo = (x: number, [lo, hi]: [number, number]): number => Math.min(hi, Math.max(lo, x));

export function clampHyper(h: InnerHyper): InnerHyper {
  const out = { ...h };
  for (const k of HYPER_KEYS) out[k] = clampTo(h[k], HYPER_BOUNDS[k]);
  return out;
}

export const logit = (p: number): number => Math.log(p) - Math.log1p(-p);
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** β-form view of the hyperparameters (what the UI and probes show). */
export function betaForm(h: InnerHyper): {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  clip: number;
} {
  return {
    lr: h.lr,
    beta1: 1 - h.ombeta1,
    beta2: 1 - h.ombeta2,
    eps: h.eps,
    weightDecay: h.weightDecay,
    clip: h.clip,
  };
}

/** From the β form (UI hyperparameters) to the stored 1−β form. */
export function fromBetaForm(b: {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  clip: number;
}): InnerHyper {
  return {
    lr: b.lr,
    ombeta1: 1 - b.beta1,
    ombeta2: 1 - b.beta2,
    eps: b.eps,
    weightDecay: b.weightDecay,
    clip: b.clip,
  };
}
