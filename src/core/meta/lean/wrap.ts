/**
 * toLean(opt): the same learned optimizer (kind, architecture, weights: shared, not copied)
 * whose step is the lean one (kinds.ts). Used by the meta-trainer when recipe path = 'lean';
 * disposing the wrapper disposes nothing (the caller owns opt).
 * VHAdam: the wrapper samples d = μ + exp(½ log σ²)⊙ξ exactly as vhAdam.ts does, with its OWN
 * noise stream ξ_k = randomNormal(seed = noiseSeedOf(base, k)), k = 0, 1, … (base starts at the
 * architecture's noiseSeed): a fresh wrapper replays a fresh autodiff instance's draws.
 * `sampling` reads and writes the wrapped optimizer's flag.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DmArchitecture } from '../../learned/dmoptimizer/meta';
import type { RnnpropArchitecture } from '../../learned/rnnprop/meta';
import type { LearnedOptimizer } from '../../learned/types';
import { noiseSeedOf, type VhAdamOptimizer } from '../../learned/vhadam';
import type { VhAdamArchitecture } from '../../learned/vhadam/meta';
import { fusedVhAdamStep } from '../fused/hyperKinds';
import { fusedNodesActive, withFusedNodes } from '../fused/path';
import type { UnrollPath } from '../unrollPath';
import { leanDmStep, leanHyperAdamStep, leanRnnpropStep, leanVhAdamCore } from './kinds';

export { UNROLL_PATHS, type UnrollPath } from '../unrollPath';
/** The kinds with a lean step (kinds.ts); others run the autodiff path only. */
export const LEAN_KINDS = ['dmoptimizer', 'rnnprop', 'hyperadam', 'vhadam'] as const;
export type LeanKind = (typeof LEAN_KINDS)[number];

function leanVhAdam(opt: VhAdamOptimizer): VhAdamOptimizer {
  const a = opt.architecture as VhAdamArchitecture;
  if (a.kind !== 'vhadam') throw new Error('leanVhAdam: not a vhadam optimizer');
  const core = leanVhAdamCore(a, opt.weights);
  const lstm = { kernel: opt.weights.get('lstm0/kernel'), bias: opt.weights.get('lstm0/bias') };
  let base = a.noiseSeed;
  let draws = 0;
  return {
    kind: 'vhadam',
    architecture: a,
    weights: opt.weights,
    get sampling() {
      return opt.sampling;
    },
    set sampling(v: boolean) {
      opt.sampling = v;
    },
    resetNoise(seed) {
      if (seed !== undefined) base = seed >>> 0;
      draws = 0;
    },
    initState: (n) => opt.initState(n),
    step(g, state, t, scale, hp) {
      const sample = hp?.sample !== undefined ? hp.sample !== 0 : opt.sampling;
      if (fusedNodesActive()) {
        // Cell + VarBlock + sample as one WGSL node (fused/hyperKinds.ts); same ξ stream.
        const seed = sample ? noiseSeedOf(base, draws++) : null;
        return fusedVhAdamStep(a, opt.weights, lstm, { g, state, t, scale, seed });
      }
      const r = core(g, state, t);
      let d = r.mu;
      if (sample) {
        const xi = tf.randomNormal(r.mu.shape, 0, 1, 'float32', noiseSeedOf(base, draws++));
        d = tf.add(r.mu, tf.mul(tf.exp(tf.mul(r.logVar, tf.scalar(0.5))), xi));
      }
      return { delta: tf.mul(d, tf.scalar(-scale)), state: r.state, aux: { logVar: r.logVar, mean: r.mu } };
    },
    dispose: () => {},
  };
}

/** The lean-step view of `opt` (see the header). */
export function toLean(opt: LearnedOptimizer): LearnedOptimizer {
  const a = opt.architecture;
  if (a.kind === 'vhadam') return leanVhAdam(opt as VhAdamOptimizer);
  const lean: Record<string, () => LearnedOptimizer['step']> = {
    dmoptimizer: () => leanDmStep(a as DmArchitecture, opt.weights),
    rnnprop: () => leanRnnpropStep(a as RnnpropArchitecture, opt.weights),
    hyperadam: () => leanHyperAdamStep(opt.weights),
  };
  // A kind without a lean step (e.g. one registered later) must train on the autodiff path.
  if (!lean[a.kind]) throw new Error(`recipe.path 'lean': ${a.kind} has no lean step; use path 'autodiff'`);
  const step = lean[a.kind]();
  return {
    kind: opt.kind,
    architecture: a,
    weights: opt.weights,
    initState: (n) => opt.initState(n),
    step,
    dispose: () => {},
  };
}

/**
 * opt itself for 'autodiff', its lean view for 'lean'; for 'fused' the lean view whose steps
 * run with the fused (WGSL) nodes selected — the lean nodes themselves off webgpu (fused/path.ts).
 */
export function withPath(opt: LearnedOptimizer, path: UnrollPath): LearnedOptimizer {
  if (path === 'autodiff') return opt;
  const lean = toLean(opt);
  if (path === 'fused') {
    const step = lean.step;
    lean.step = (...a) => withFusedNodes(() => step(...a));
  }
  return lean;
}
