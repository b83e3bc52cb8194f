/**
 * Per-rule definitions of the fused WebGPU kernels: the same math as src/core/optim/<id>.ts
 * (each rule's header states it), written as one WGSL body that runs per coordinate.
 *
 * A body sees, as WGSL `let`s: `g` (raw gradient), `p` (θ), the old state slots by name
 * (e.g. `m`, `v`) and the hyperparameter uniforms by name (e.g. `lr`, `b1`). It must define
 * `p1` (new θ) and `<slot>1` for each output slot (e.g. `m1`, `v1`), plus the probe values the
 * spec names in `sample` (e.g. `eta`). Operations are written in the same order as the
 * reference (tfjs ops) so that float32 results agree to rounding. Scalars that depend on t
 * (bias corrections) are computed in float64 in JS and passed as float32 uniforms, exactly as
 * the reference's tf.scalar does.
 */
import type { Hyper, OptimizerId } from '../optim/catalog';

export interface KernelSpec {
  id: OptimizerId;
  /** Names of the state slots read and written (packed as rows of one [S, n] tensor). */
  slots(hp: Hyper): string[];
  /** Uniform names, in order, and their float64 values at step t (1-based). */
  uniforms: string[];
  values(hp: Hyper, t: number): number[];
  /** WGSL statements; `slots` is this variant's slot list. */
  body(slots: string[]): string;
  /** Per-coordinate values whose strided subsample feeds a `<name>Quantiles` probe. */
  sample?: string[];
  /** A WGSL boolean counted over all coordinates, reported as a fraction (probe name → expr). */
  fraction?: { name: string; expr: string };
  /** Probes known on the host (scalars). */
  hostProbes?(hp: Hyper, t: number): Record<string, number>;
}

/** hp[name], which validation guarantees present; 0 when absent (e.g. weightDecay). */
function h(hp: Hyper, name: keyof Hyper): number {
  const x = hp[name];
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`fused: ${name} missing or not finite`);
  return x;
}

const COUPLED = 'let gd = g + p * wd;';

const sgd: KernelSpec = {
  id: 'sgd',
  slots: () => [],
  uniforms: ['lr', 'wd'],
  values: (hp) => [h(hp, 'lr'), h(hp, 'weightDecay')],
  body: () => `${COUPLED}\nlet p1 = p - gd * lr;`,
};

const momentum: KernelSpec = {
  id: 'momentum',
  slots: () => ['b'],
  uniforms: ['lr', 'mu', 'wd'],
  values: (hp) => [h(hp, 'lr'), h(hp, 'momentum'), h(hp, 'weightDecay')],
  body: () => `${COUPLED}\nlet b1 = b * mu + gd;\nlet p1 = p - b1 * lr;`,
};

const nesterov: KernelSpec = {
  id: 'nesterov',
  slots: () => ['b'],
  uniforms: ['lr', 'mu', 'wd'],
  values: (hp) => [h(hp, 'lr'), h(hp, 'momentum'), h(hp, 'weightDecay')],
  body: () => `${COUPLED}\nlet b1 = b * mu + gd;\nlet p1 = p - (gd + b1 * mu) * lr;`,
};

const adagrad: KernelSpec = {
  id: 'adagrad',
  slots: () => ['G'],
  uniforms: ['lr', 'eps', 'wd'],
  values: (hp) => [h(hp, 'lr'), h(hp, 'eps'), h(hp, 'weightDecay')],
  body: () => `${COUPLED}\nlet G1 = G + gd * gd;\nlet p1 = p - (gd * lr) / (sqrt(G1) + eps);`,
};

const adadelta: KernelSpec = {
  id: 'adadelta',
  slots: () => ['Eg', 'Ed'],
  uniforms: ['lr', 'rho', 'omr', 'eps', 'wd'],
  values: (hp) => [h(hp, 'lr'), h(hp, 'rho'), 1 - h(hp, 'rho'), h(hp, 'eps'), h(hp, 'weightDecay')],
  body: () =>
    [
      COUPLED,
      'let Eg1 = Eg * rho + (gd * gd) * omr;',
      'let delta = (sqrt(Ed + eps) / sqrt(Eg1 + eps)) * gd;',
      'let Ed1 = Ed * rho + (delta * delta) * omr;',
      'let p1 = p - delta * lr;',
    ].join('\n'),
};

const rmsprop: KernelSpec = {
  id: 'rmsprop',
  // The reference keeps slot b only while μ > 0.
  slots: (hp) => (h(hp, 'momentum') > 0 ? ['v', 'b'] : ['v']),
  uniforms: ['lr', 'alpha', 'oma', 'eps', 'mu', 'wd'],
  values: (hp) => [
    h(hp, 'lr'),
    h(hp, 'alpha'),
    1 - h(hp, 'alpha'),
    h(hp, 'eps'),
    h(hp, 'momentum'),
    h(hp, 'weightDecay'),
  ],
  body: (slots) =>
    [
      COUPLED,
      'let v1 = v * alpha + (gd * gd) * oma;',
      'let scaled = gd / (sqrt(v1) + eps);',
      slots.includes('b') ? 'let b1 = b * mu + scaled;\nlet p1 = p - b1 * lr;' : 'let p1 = p - scaled * lr;',
    ].join('\n'),
};

/** Adam/AdamW/AMSGrad's Algorithm-1 step θ − (m·stepSize)/(√vDen/bc2 + ε). */
function adamLike(id: 'adam' | 'adamw' | 'amsgrad'): KernelSpec {
  const decoupled = id === 'adamw';
  const ams = id === 'amsgrad';
  return {
    id,
    slots: () => (ams ? ['m', 'v', 'vmax'] : ['m', 'v']),
    uniforms: ['b1', 'omb1', 'b2', 'omb2', 'stepSize', 'bc2', 'eps', 'wd', 'decay'],
    values: (hp, t) => {
      const lr = h(hp, 'lr');
      const b1 = h(hp, 'beta1');
      const b2 = h(hp, 'beta2');
      const wd = h(hp, 'weightDecay');
      return [
        b1,
        1 - b1,
        b2,
        1 - b2,
        lr / (1 - b1 ** t),
        Math.sqrt(1 - b2 ** t),
        h(hp, 'eps'),
        decoupled ? 0 : wd,
        decoupled ? 1 - lr * wd : 1,
      ];
    },
    body: () =>
      [
        decoupled ? 'let gd = g;\nlet pd = p * decay;' : `${COUPLED}\nlet pd = p;`,
        'let m1 = m * b1 + gd * omb1;',
        'let v1 = v * b2 + (gd * gd) * omb2;',
        ams ? 'let vmax1 = max(vmax, v1);\nlet vden = vmax1;' : 'let vden = v1;',
        'let p1 = pd - (m1 * stepSize) / (sqrt(vden) / bc2 + eps);',
      ].join('\n'),
  };
}

const adamax: KernelSpec = {
  id: 'adamax',
  slots: () => ['m', 'u'],
  uniforms: ['b1', 'omb1', 'b2', 'eps', 'stepSize', 'wd'],
  values: (hp, t) => {
    const b1 = h(hp, 'beta1');
    return [b1, 1 - b1, h(hp, 'beta2'), h(hp, 'eps'), h(hp, 'lr') / (1 - b1 ** t), h(hp, 'weightDecay')];
  },
  body: () =>
    [
      COUPLED,
      'let m1 = m * b1 + gd * omb1;',
      'let u1 = max(u * b2, abs(gd) + eps);',
      'let p1 = p - (m1 * stepSize) / u1;',
    ].join('\n'),
};

/** c_t = α√(1−β2^t)/(1−β1^t), the code-form step-size scalar of AdaBound and AdaMod. */
function codeFormC(hp: Hyper, t: number): number {
  return (h(hp, 'lr') * Math.sqrt(1 - h(hp, 'beta2') ** t)) / (1 - h(hp, 'beta1') ** t);
}

function bounds(hp: Hyper, t: number): { lo: number; hi: number } {
  const fl = h(hp, 'finalLr');
  const gamma = h(hp, 'gamma');
  return { lo: fl * (1 - 1 / (gamma * t + 1)), hi: fl * (1 + 1 / (gamma * t)) };
}

const adabound: KernelSpec = {
  id: 'adabound',
  slots: () => ['m', 'v'],
  uniforms: ['b1', 'omb1', 'b2', 'omb2', 'c', 'eps', 'lo', 'hi', 'wd'],
  values: (hp, t) => {
    const b1 = h(hp, 'beta1');
    const b2 = h(hp, 'beta2');
    const { lo, hi } = bounds(hp, t);
    return [b1, 1 - b1, b2, 1 - b2, codeFormC(hp, t), h(hp, 'eps'), lo, hi, h(hp, 'weightDecay')];
  },
  body: () =>
    [
      COUPLED,
      'let m1 = m * b1 + gd * omb1;',
      'let v1 = v * b2 + (gd * gd) * omb2;',
      'let eta = c / (sqrt(v1) + eps);',
      // tf.clipByValue is min(max(x, lo), hi)
      'let p1 = p - min(max(eta, lo), hi) * m1;',
    ].join('\n'),
  sample: ['eta'],
  hostProbes: (hp, t) => {
    const { lo, hi } = bounds(hp, t);
    return { lowerBound: lo, upperBound: hi };
  },
};

const adamod: KernelSpec = {
  id: 'adamod',
  slots: () => ['m', 'v', 's'],
  uniforms: ['b1', 'omb1', 'b2', 'omb2', 'b3', 'omb3', 'c', 'eps', 'decay'],
  values: (hp, t) => {
    const b1 = h(hp, 'beta1');
    const b2 = h(hp, 'beta2');
    const b3 = h(hp, 'beta3');
    const decay = 1 - h(hp, 'lr') * h(hp, 'weightDecay');
    return [b1, 1 - b1, b2, 1 - b2, b3, 1 - b3, codeFormC(hp, t), h(hp, 'eps'), decay];
  },
  body: () =>
    [
      'let pd = p * decay;',
      'let m1 = m * b1 + g * omb1;',
      'let v1 = v * b2 + (g * g) * omb2;',
      'let eta = c / (sqrt(v1) + eps);',
      'let s1 = s * b3 + eta * omb3;',
      'let p1 = pd - min(eta, s1) * m1;',
    ].join('\n'),
  sample: ['eta', 's1'],
  fraction: { name: 'clippedFraction', expr: 's1 < eta' },
};

export const KERNEL_SPECS: Record<OptimizerId, KernelSpec> = {
  sgd,
  momentum,
  nesterov,
  adagrad,
  adadelta,
  rmsprop,
  adam: adamLike('adam'),
  adamw: adamLike('adamw'),
  amsgrad: adamLike('amsgrad'),
  adamax,
  adabound,
  adamod,
};

/** Probe names of the sampled values: `eta` → etaQuantiles, `s1` → sQuantiles. */
export function sampleProbeName(expr: string): string {
  return `${expr.replace(/1$/, '')}Quantiles`;
}
