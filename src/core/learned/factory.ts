/**
 * Build a learned optimizer from an architecture (its kind from kindRegistry.ts): fresh
 * seeded φ₀, or given weights.
 */
import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import { makeRng } from '../experiment/rng';
import type { AdamStartVariant, Architecture, WeightDef } from './descriptor';
import { learnedKindOf } from './kindRegistry';
import { MetaParams } from './metaParams';
import type { LearnedOptimizer } from './types';

/**
 * Where φ₀ starts: the papers' initialisers, or the kind's Adam start (descriptor.ts adamStart):
 * 'adam' = every candidate the same Adam, 'adam-spread' = candidates spread over (β₁, β₂) with
 * only the Adam one weighted, 'adam-clock' = 'adam' with a few recurrent units that count time.
 */
export type LearnedStart = 'paper' | AdamStartVariant;

export function weightDefsOf(a: Architecture): WeightDef[] {
  return learnedKindOf(a.kind).weightDefs(a);
}

/**
 * A learned optimizer with seeded initial meta-parameters φ₀ (stream fork('learned-init')).
 * Any other start: the kind's adamStart values then replace (or edit) theirs (the stream is
 * drawn in full first, so the other tensors are the same as the paper start's).
 */
export function initLearned(a: Architecture, seed: number, start: LearnedStart = 'paper'): LearnedOptimizer {
  const kind = learnedKindOf(a.kind);
  if (start !== 'paper' && !kind.adamStart)
    throw new Error(`recipe.init: '${start}' needs a kind with an Adam start; '${a.kind}' has none`);
  const over = start === 'paper' ? undefined : kind.adamStart?.(a, start);
  return kind.build(a, MetaParams.init(kind.weightDefs(a), makeRng(seed).fork('learned-init'), over));
}

/** A learned optimizer with the given (validated) weights; the tensors are copied. */
export function learnedFromTensors(a: Architecture, named: NamedTensorMap): LearnedOptimizer {
  const kind = learnedKindOf(a.kind);
  return kind.build(a, MetaParams.fromTensors(kind.weightDefs(a), named));
}
