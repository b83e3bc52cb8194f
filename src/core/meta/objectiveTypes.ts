/**
 * The shape of a BPTT meta-objective (objectives.ts): a term per unroll step, reduced to the
 * unroll's meta-loss L(φ). Types only.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import type { Batch } from '../tasks/types';

/** One unroll step as an objective sees it. */
export interface ObjectiveStep {
  t: number;
  T: number;
  /** θ_t (a function of φ through earlier steps). */
  params: Tensor[];
  /** θ_{t+1} = θ_t + Δθ_t(φ). */
  next: Tensor[];
  batch: Batch;
  /** Differentiable loss of any parameters on this step's batch. */
  loss(params: Tensor[]): Scalar;
  /** f_t(θ_t) as a constant (already computed for the gradient). */
  lossValue: Scalar;
  aux: Record<string, Tensor>;
}

export interface MetaObjective {
  id: string;
  term(ctx: ObjectiveStep): Scalar | null;
  reduce(terms: Scalar[], T: number): Scalar;
}
