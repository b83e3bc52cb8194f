/**
 * Build a learned optimizer from an architecture: fresh seeded φ₀, or given weights.
 */
import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import { makeRng } from '../experiment/rng';
import type { Architecture } from './catalog';
import { createDmOptimizer, dmWeightDefs } from './dmOptimizer';
import { createHyperAdam, hyperAdamWeightDefs } from './hyperAdam';
import { MetaParams, type WeightDef } from './metaParams';
import { createRnnprop, rnnpropWeightDefs } from './rnnprop';
import type { LearnedOptimizer } from './types';
import { createVhAdam, vhAdamWeightDefs } from './vhAdam';

export function weightDefsOf(a: Architecture): WeightDef[] {
  if (a.kind === 'hyperadam') return hyperAdamWeightDefs(a);
  if (a.kind === 'vhadam') return vhAdamWeightDefs(a);
  return a.kind === 'dmoptimizer' ? dmWeightDefs(a) : rnnpropWeightDefs(a);
}

function build(a: Architecture, w: MetaParams): LearnedOptimizer {
  if (a.kind === 'hyperadam') return createHyperAdam(a, w);
  if (a.kind === 'vhadam') return createVhAdam(a, w);
  return a.kind === 'dmoptimizer' ? createDmOptimizer(a, w) : createRnnprop(a, w);
}

/** A learned optimizer with seeded initial meta-parameters φ₀ (stream fork('learned-init')). */
export function initLearned(a: Architecture, seed: number): LearnedOptimizer {
  return build(a, MetaParams.init(weightDefsOf(a), makeRng(seed).fork('learned-init')));
}

/** A learned optimizer with the given (validated) weights; the tensors are copied. */
export function learnedFromTensors(a: Architecture, named: NamedTensorMap): LearnedOptimizer {
  return build(a, MetaParams.fromTensors(weightDefsOf(a), named));
}
