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

/**
 * Where φ₀ starts: the papers' initialisers, or the kind's Adam start (descriptor.ts adamStart):
 * 'adam' = every candidate the same Adam, 'adam-spread' = candidates spread over (β₁, β₂) with
 * only the Adam one weighted.
 */
export type LearnedStart = 'paper' | 'adam' | 'adam-spread';

export function weightDefsOf(a: Architecture): WeightDef[] {
  return learnedKindOf(a.kind).weightDefs(a);
}

/**
 * A learned optimizer with seeded initial meta-parameters φ₀ (stream fork('learned-init')).
 * start 'adam' / 'adam-spread': the kind's adamStart values then replace theirs (the stream is
 * drawn in full first, so the other tensors are the same as the paper start's).
 */
export function initLearned(a: Architecture, seed: number, start: LearnedStart = 'paper'): LearnedOptimizer {
  const kind = learnedKindOf(a.kind);
  if (start !== 'paper' && !kind.adamStart)
    throw new Error(`recipe.init: '${start}' needs a kind with an Adam start; '${a.kind}' has none`);
  const over = start === 'paper' ? undefined : kind.adamStart?.(a, start === 'adam-spread');
  return kind.build(a, MetaParams.init(kind.weightDefs(a), makeRng(seed).fork('learned-init'), over));
}

/** A learned optimizer with the given (validated) weights; the tensors are copied. */
export function learnedFromTensors(a: Architecture, named: NamedTensorMap): LearnedOptimizer {
  const kind = learnedKindOf(a.kind);
  return kind.build(a, MetaParams.fromTensors(kind.weightDefs(a), named));
}
