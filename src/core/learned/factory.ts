/**
 * Build a learned optimizer from an architecture (its kind from kindRegistry.ts): fresh
 * seeded φ₀, or given weights.
 */
import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import { makeRng } from '../experiment/rng';
import type { Architecture, WeightDef } from './descriptor';
import { learnedKindOf } from './kindRegistry';
import { MetaParams } from './metaParams';
import type { LearnedOptimizer } from './types';

export function weightDefsOf(a: Architecture): WeightDef[] {
  return learnedKindOf(a.kind).weightDefs(a);
}

/** A learned optimizer with seeded initial meta-parameters φ₀ (stream fork('learned-init')). */
export function initLearned(a: Architecture, seed: number): LearnedOptimizer {
  const kind = learnedKindOf(a.kind);
  return kind.build(a, MetaParams.init(kind.weightDefs(a), makeRng(seed).fork('learned-init')));
}

/** A learned optimizer with the given (validated) weights; the tensors are copied. */
export function learnedFromTensors(a: Architecture, named: NamedTensorMap): LearnedOptimizer {
  const kind = learnedKindOf(a.kind);
  return kind.build(a, MetaParams.fromTensors(kind.weightDefs(a), named));
}
