/**
 * The hand-designed optimizers' metadata: ids, labels, one-line descriptions, the update
 * rule in words, and every hyperparameter's default and allowed range. Pure data with no
 * tfjs import, so the UI, the URL codec and the CLI can all read it. Defaults follow
 * PyTorch's torch.optim (docs/algorithms.md §6); AdaMod/AdaBound follow their authors' code (§1).
 */

export const HYPER_NAMES = [
  'lr',
  'momentum',
  'beta1',
  'beta2',
  'beta3',
  'eps',
  'weightDecay',
  'rho',
  'alpha',
  'finalLr',
  'gamma',
] as const;
export type HyperName = (typeof HYPER_NAMES)[number];
export type Hyper = Partial<Record<HyperName, number>>;

export interface HyperSpec {
  name: HyperName;
  label: string;
  min: number;
  max: number;
  /** log: edited with a log slider (strictly positive range). */
  scale: 'log' | 'linear';
  help: string;
}

/** Allowed range of every hyperparameter, shared by all optimizers that use it. */
export const HYPER_SPECS: Record<HyperName, HyperSpec> = {
  lr: { name: 'lr', label: 'learning rate', min: 1e-7, max: 10, scale: 'log', help: 'base step size α' },
  momentum: { name: 'momentum', label: 'momentum', min: 0, max: 0.9999, scale: 'linear', help: 'μ' },
  beta1: { name: 'beta1', label: 'β1', min: 0, max: 0.99999, scale: 'linear', help: 'EMA decay of g' },
  beta2: { name: 'beta2', label: 'β2', min: 0, max: 0.99999, scale: 'linear', help: 'EMA decay of g²' },
  beta3: {
    name: 'beta3',
    label: 'β3',
    min: 0,
    max: 0.99999,
    scale: 'linear',
    help: 'EMA decay of the step sizes (momental bound)',
  },
  eps: { name: 'eps', label: 'ε', min: 1e-12, max: 1, scale: 'log', help: 'numerical stabiliser' },
  weightDecay: {
    name: 'weightDecay',
    label: 'weight decay',
    min: 0,
    max: 1,
    scale: 'linear',
    help: 'λ (coupled L2 unless the rule says decoupled)',
  },
  rho: { name: 'rho', label: 'ρ', min: 0, max: 0.9999, scale: 'linear', help: 'EMA decay (AdaDelta)' },
  alpha: { name: 'alpha', label: 'α (decay)', min: 0, max: 0.9999, scale: 'linear', help: 'EMA decay of g²' },
  finalLr: {
    name: 'finalLr',
    label: 'final lr',
    min: 1e-6,
    max: 10,
    scale: 'log',
    help: 'α*, where the bounds converge',
  },
  gamma: {
    name: 'gamma',
    label: 'γ',
    min: 1e-7,
    max: 1,
    scale: 'log',
    help: 'convergence speed of the bounds',
  },
};

export const OPTIMIZER_IDS = [
  'sgd',
  'momentum',
  'nesterov',
  'adagrad',
  'adadelta',
  'rmsprop',
  'adam',
  'adamw',
  'amsgrad',
  'adamax',
  'adabound',
  'adamod',
] as const;
export type OptimizerId = (typeof OPTIMIZER_IDS)[number];

/**
 * Every optimizer's default hyperparameters. Its keys are the names the optimizer accepts, so
 * `HyperOf<id>` (below) is the complete, typed record its update rule receives.
 */
const ADAM_BETAS = { beta1: 0.9, beta2: 0.999 } as const;
const DEFAULTS = {
  sgd: { lr: 0.01, weightDecay: 0 },
  momentum: { lr: 0.01, momentum: 0.9, weightDecay: 0 },
  nesterov: { lr: 0.01, momentum: 0.9, weightDecay: 0 },
  adagrad: { lr: 0.01, eps: 1e-10, weightDecay: 0 },
  adadelta: { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0 },
  rmsprop: { lr: 0.01, alpha: 0.99, eps: 1e-8, momentum: 0, weightDecay: 0 },
  adam: { lr: 1e-3, ...ADAM_BETAS, eps: 1e-8, weightDecay: 0 },
  adamw: { lr: 1e-3, ...ADAM_BETAS, eps: 1e-8, weightDecay: 0.01 },
  amsgrad: { lr: 1e-3, ...ADAM_BETAS, eps: 1e-8, weightDecay: 0 },
  adamax: { lr: 2e-3, ...ADAM_BETAS, eps: 1e-8, weightDecay: 0 },
  adabound: { lr: 1e-3, ...ADAM_BETAS, finalLr: 0.1, gamma: 1e-3, eps: 1e-8, weightDecay: 0 },
  adamod: { lr: 1e-3, ...ADAM_BETAS, beta3: 0.999, eps: 1e-8, weightDecay: 0 },
} as const satisfies Record<OptimizerId, Hyper>;

/**
 * The complete hyperparameters of optimizer `I`: every name it accepts, each a number (still
 * a `Hyper`, so code that handles any optimizer can index it by name).
 */
export type HyperOf<I extends OptimizerId> = I extends OptimizerId
  ? Hyper & { -readonly [K in keyof (typeof DEFAULTS)[I]]: number }
  : never;

export interface OptimizerInfo<I extends OptimizerId = OptimizerId> {
  id: I;
  label: string;
  /** One line: what it is. */
  description: string;
  /** The update rule, in plain-text math. */
  math: string;
  defaults: HyperOf<I>;
}

export const OPTIMIZERS: { [I in OptimizerId]: OptimizerInfo<I> } = {
  sgd: {
    id: 'sgd',
    label: 'SGD',
    description: 'Plain stochastic gradient descent.',
    math: 'θ ← θ − α·(g + λθ)',
    defaults: DEFAULTS.sgd,
  },
  momentum: {
    id: 'momentum',
    label: 'Momentum',
    description: 'SGD with heavy-ball momentum (PyTorch form, no dampening).',
    math: 'b ← μb + g;  θ ← θ − α·b',
    defaults: DEFAULTS.momentum,
  },
  nesterov: {
    id: 'nesterov',
    label: 'Nesterov',
    description: 'SGD with Nesterov momentum (PyTorch form).',
    math: 'b ← μb + g;  θ ← θ − α·(g + μb)',
    defaults: DEFAULTS.nesterov,
  },
  adagrad: {
    id: 'adagrad',
    label: 'AdaGrad',
    description: 'Per-coordinate step sizes from the sum of squared gradients.',
    math: 'G ← G + g²;  θ ← θ − α·g/(√G + ε)',
    defaults: DEFAULTS.adagrad,
  },
  adadelta: {
    id: 'adadelta',
    label: 'AdaDelta',
    description: 'Zeiler 2012: step sizes from running RMS of gradients and of updates.',
    math: 'E_g ← ρE_g + (1−ρ)g²;  Δ = −√(E_Δ+ε)/√(E_g+ε)·g;  E_Δ ← ρE_Δ + (1−ρ)Δ²;  θ ← θ + αΔ',
    defaults: DEFAULTS.adadelta,
  },
  rmsprop: {
    id: 'rmsprop',
    label: 'RMSprop',
    description: 'Divide by a running RMS of recent gradients (PyTorch form, ε outside the root).',
    math: 'v ← αv + (1−α)g²;  b ← μb + g/(√v + ε);  θ ← θ − lr·b',
    defaults: DEFAULTS.rmsprop,
  },
  adam: {
    id: 'adam',
    label: 'Adam',
    description: 'Kingma & Ba Algorithm 1: bias-corrected first and second moments.',
    math: 'm ← β1m + (1−β1)g;  v ← β2v + (1−β2)g²;  θ ← θ − α·m̂/(√v̂ + ε)',
    defaults: DEFAULTS.adam,
  },
  adamw: {
    id: 'adamw',
    label: 'AdamW',
    description: 'Adam with decoupled weight decay (Loshchilov & Hutter).',
    math: 'θ ← θ(1 − αλ) − α·m̂/(√v̂ + ε)',
    defaults: DEFAULTS.adamw,
  },
  amsgrad: {
    id: 'amsgrad',
    label: 'AMSGrad',
    description: 'Adam with a non-decreasing second moment (PyTorch convention).',
    math: 'v_max ← max(v_max, v);  θ ← θ − α·m̂/(√(v_max/(1−β2^t)) + ε)',
    defaults: DEFAULTS.amsgrad,
  },
  adamax: {
    id: 'adamax',
    label: 'Adamax',
    description: 'Adam with the infinity norm (Kingma & Ba Algorithm 2, PyTorch ε).',
    math: 'u ← max(β2u, |g| + ε);  θ ← θ − (α/(1−β1^t))·m/u',
    defaults: DEFAULTS.adamax,
  },
  adabound: {
    id: 'adabound',
    label: 'AdaBound',
    description: 'Adam whose step sizes are clipped to bounds converging to SGD’s final lr (Luo et al.).',
    math: 'η = α√(1−β2^t)/(1−β1^t)/(√v + ε);  θ ← θ − clip(η, α*(1−1/(γt+1)), α*(1+1/(γt)))·m',
    defaults: DEFAULTS.adabound,
  },
  adamod: {
    id: 'adamod',
    label: 'AdaMod',
    description: 'Adam whose step sizes are capped by their own long-term average (Ding et al.).',
    math: 'η = α√(1−β2^t)/(1−β1^t)/(√v + ε);  s ← β3s + (1−β3)η;  θ ← θ(1−αλ) − min(η, s)·m',
    defaults: DEFAULTS.adamod,
  },
};

/** The hyperparameters an optimizer accepts, in display order. */
export function hyperNamesOf(id: OptimizerId): HyperName[] {
  return HYPER_NAMES.filter((n) => n in OPTIMIZERS[id].defaults);
}
