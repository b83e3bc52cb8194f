/**
 * Per-rule definitions of the fused kernels: the same math as src/core/optim/<id>.ts (each
 * rule's header states it), written once as a per-coordinate body that becomes the WGSL
 * kernel (shader.ts).
 *
 * A body sees, as `let`s: `g` (raw gradient), `p` (θ), the old state slots by name (e.g. `m`,
 * `v`) and the scalar uniforms by name (hyperparameters keep their names: `lr`, `beta1`,
 * `weightDecay`; derived ones: `omb1` = 1−β1, `stepSize`, `c`, `lo`, `hi`, `decay`). It must
 * define `p1` (new θ) and `<slot>1` for each output slot (e.g. `m1`, `v1`), plus the probe
 * values the spec names in `sample` (e.g. `eta`). Operations are written in the same order as
 * the reference (tfjs ops) so that float32 results agree to rounding. Scalars that depend on t
 * (bias corrections, step sizes, bounds) come from the rule's own `<id>Scalars` in
 * optim/<id>.ts, the function its tfjs step uses: computed once in float64, passed as float32
 * uniforms exactly as the reference's tf.scalar does.
 */
import { adaboundScalars } from '../optim/adabound';
import { adamScalars } from '../optim/adam';
import { adamaxScalars } from '../optim/adamax';
import { adamodScalars } from '../optim/adamod';
import type { HyperOf, OptimizerId } from '../optim/catalog';
import { decayFactor } from '../optim/common';

/** The fused kernel of rule `I`; `U` names its scalar uniforms. */
export interface KernelSpec<I extends OptimizerId = OptimizerId, U extends string = string> {
  id: I;
  /** Names of the state slots read and written, for these hyperparameters (packed.ts). */
  slots(hp: HyperOf<I>): string[];
  /** Uniform names, in the order the shader reads them. */
  uniforms: readonly U[];
  /**
   * Their float64 values at step t (1-based): the rule's own per-step scalars (optim/<id>.ts
   * `<id>Scalars`, the same numbers its tfjs-ops step uses) or its hyperparameters by name.
   */
  scalars(hp: HyperOf<I>, t: number): Record<U, number>;
  /** Per-coordinate statements (see the header); `slots` is this variant's slot list. */
  body(slots: string[]): string;
  /** Per-coordinate values whose strided subsample feeds a `<name>Quantiles` probe. */
  sample?: string[];
  /** A boolean counted over all coordinates, reported as a fraction (probe name → expr). */
  fraction?: { name: string; expr: string };
  /** Probes known on the host (scalars). */
  hostProbes?(hp: HyperOf<I>, t: number): Record<string, number>;
}

/** Checks, where each spec is written, that `scalars` gives every uniform it lists. */
const spec = <I extends OptimizerId, U extends string>(s: KernelSpec<I, U>): KernelSpec<I> => s;

/** The uniform values of a spec at step t, in its uniform order. */
export function uniformValues<I extends OptimizerId>(s: KernelSpec<I>, hp: HyperOf<I>, t: number): number[] {
  const v = s.scalars(hp, t);
  return s.uniforms.map((name) => v[name]);
}

const COUPLED = 'let gd = g + p * weightDecay;';

const sgd = spec({
  id: 'sgd',
  slots: () => [],
  uniforms: ['lr', 'weightDecay'],
  scalars: (hp) => hp,
  body: () => `${COUPLED}\nlet p1 = p - gd * lr;`,
});

const momentum = spec({
  id: 'momentum',
  slots: () => ['b'],
  uniforms: ['lr', 'momentum', 'weightDecay'],
  scalars: (hp) => hp,
  body: () => `${COUPLED}\nlet b1 = b * momentum + gd;\nlet p1 = p - b1 * lr;`,
});

const nesterov = spec({
  id: 'nesterov',
  slots: () => ['b'],
  uniforms: ['lr', 'momentum', 'weightDecay'],
  scalars: (hp) => hp,
  body: () => `${COUPLED}\nlet b1 = b * momentum + gd;\nlet p1 = p - (gd + b1 * momentum) * lr;`,
});

const adagrad = spec({
  id: 'adagrad',
  slots: () => ['G'],
  uniforms: ['lr', 'eps', 'weightDecay'],
  scalars: (hp) => hp,
  body: () => `${COUPLED}\nlet G1 = G + gd * gd;\nlet p1 = p - (gd * lr) / (sqrt(G1) + eps);`,
});

const adadelta = spec({
  id: 'adadelta',
  slots: () => ['Eg', 'Ed'],
  uniforms: ['lr', 'rho', 'omr', 'eps', 'weightDecay'],
  scalars: (hp) => ({ ...hp, omr: 1 - hp.rho }),
  body: () =>
    [
      COUPLED,
      'let Eg1 = Eg * rho + (gd * gd) * omr;',
      'let delta = (sqrt(Ed + eps) / sqrt(Eg1 + eps)) * gd;',
      'let Ed1 = Ed * rho + (delta * delta) * omr;',
      'let p1 = p - delta * lr;',
    ].join('\n'),
});

const rmsprop = spec({
  id: 'rmsprop',
  // The reference keeps slot b only while μ > 0.
  slots: (hp) => (hp.momentum > 0 ? ['v', 'b'] : ['v']),
  uniforms: ['lr', 'alpha', 'oma', 'eps', 'momentum', 'weightDecay'],
  scalars: (hp) => ({ ...hp, oma: 1 - hp.alpha }),
  body: (slots) =>
    [
      COUPLED,
      'let v1 = v * alpha + (gd * gd) * oma;',
      'let scaled = gd / (sqrt(v1) + eps);',
      slots.includes('b')
        ? 'let b1 = b * momentum + scaled;\nlet p1 = p - b1 * lr;'
        : 'let p1 = p - scaled * lr;',
    ].join('\n'),
});

const ADAM_UNIFORMS = ['beta1', 'omb1', 'beta2', 'omb2', 'stepSize', 'bc2Sqrt', 'eps'] as const;
/** Adam/AdamW/AMSGrad's Algorithm-1 step θ − (m·stepSize)/(√vDen/bc2Sqrt + ε). */
const adamTail = (ams: boolean) => [
  'let m1 = m * beta1 + gd * omb1;',
  'let v1 = v * beta2 + (gd * gd) * omb2;',
  ams ? 'let vmax1 = max(vmax, v1);\nlet vden = vmax1;' : 'let vden = v1;',
  'let p1 = pd - (m1 * stepSize) / (sqrt(vden) / bc2Sqrt + eps);',
];

const adam = spec({
  id: 'adam',
  slots: () => ['m', 'v'],
  uniforms: [...ADAM_UNIFORMS, 'weightDecay'],
  scalars: (hp, t) => ({ ...adamScalars(hp, t), weightDecay: hp.weightDecay }),
  body: () => [COUPLED, 'let pd = p;', ...adamTail(false)].join('\n'),
});

const amsgrad = spec({
  id: 'amsgrad',
  slots: () => ['m', 'v', 'vmax'],
  uniforms: [...ADAM_UNIFORMS, 'weightDecay'],
  scalars: (hp, t) => ({ ...adamScalars(hp, t), weightDecay: hp.weightDecay }),
  body: () => [COUPLED, 'let pd = p;', ...adamTail(true)].join('\n'),
});

const adamw = spec({
  id: 'adamw',
  slots: () => ['m', 'v'],
  uniforms: [...ADAM_UNIFORMS, 'decay'],
  scalars: (hp, t) => ({ ...adamScalars(hp, t), decay: decayFactor(hp.lr, hp.weightDecay) }),
  body: () => ['let gd = g;', 'let pd = p * decay;', ...adamTail(false)].join('\n'),
});

const adamax = spec({
  id: 'adamax',
  slots: () => ['m', 'u'],
  uniforms: ['beta1', 'omb1', 'beta2', 'eps', 'stepSize', 'weightDecay'],
  scalars: adamaxScalars,
  body: () =>
    [
      COUPLED,
      'let m1 = m * beta1 + gd * omb1;',
      'let u1 = max(u * beta2, abs(gd) + eps);',
      'let p1 = p - (m1 * stepSize) / u1;',
    ].join('\n'),
});

const adabound = spec({
  id: 'adabound',
  slots: () => ['m', 'v'],
  uniforms: ['beta1', 'omb1', 'beta2', 'omb2', 'c', 'eps', 'lo', 'hi', 'weightDecay'],
  scalars: adaboundScalars,
  body: () =>
    [
      COUPLED,
      'let m1 = m * beta1 + gd * omb1;',
      'let v1 = v * beta2 + (gd * gd) * omb2;',
      'let eta = c / (sqrt(v1) + eps);',
      // tf.clipByValue is min(max(x, lo), hi)
      'let p1 = p - min(max(eta, lo), hi) * m1;',
    ].join('\n'),
  sample: ['eta'],
  hostProbes: (hp, t) => {
    const { lo, hi } = adaboundScalars(hp, t);
    return { lowerBound: lo, upperBound: hi };
  },
});

const adamod = spec({
  id: 'adamod',
  slots: () => ['m', 'v', 's'],
  uniforms: ['beta1', 'omb1', 'beta2', 'omb2', 'beta3', 'omb3', 'c', 'eps', 'decay'],
  scalars: adamodScalars,
  body: () =>
    [
      'let pd = p * decay;',
      'let m1 = m * beta1 + g * omb1;',
      'let v1 = v * beta2 + (g * g) * omb2;',
      'let eta = c / (sqrt(v1) + eps);',
      'let s1 = s * beta3 + eta * omb3;',
      'let p1 = pd - min(eta, s1) * m1;',
    ].join('\n'),
  sample: ['eta', 's1'],
  fraction: { name: 'clippedFraction', expr: 's1 < eta' },
});

export const KERNEL_SPECS: { [I in OptimizerId]: KernelSpec<I> } = {
  sgd,
  momentum,
  nesterov,
  adagrad,
  adadelta,
  rmsprop,
  adam,
  adamw,
  amsgrad,
  adamax,
  adabound,
  adamod,
};

/** Probe names of the sampled values: `eta` → etaQuantiles, `s1` → sQuantiles. */
export function sampleProbeName(expr: string): string {
  return `${expr.replace(/1$/, '')}Quantiles`;
}
