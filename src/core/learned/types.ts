/**
 * A learned optimizer: a coordinatewise network with meta-parameters φ (MetaParams) that maps
 * the flat gradient of ALL coordinates, a column g ∈ R^{N×1}, to the step Δθ ∈ R^{N×1}
 * (θ ← θ + Δθ) in one batched pass. Its per-coordinate state is a set of [N, ·] tensors
 * (one row per coordinate). `step` is
 * differentiable w.r.t. φ (the meta-trainer calls it inside tf.variableGrads) and treats g as
 * a constant input. rule.ts adapts it to the UpdateRule interface of the hand-designed rules.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { StepContext, UpdateRule } from '../optim/types';
import type { Architecture } from './descriptor';
import type { MetaParams } from './metaParams';

export type FlatState = Record<string, Tensor[]>;

export interface FlatStep {
  /** Δθ for every coordinate, [N, 1]. */
  delta: Tensor;
  state: FlatState;
  /** Extra per-step outputs a meta-objective may use (e.g. a predicted variance later). */
  aux: Record<string, Tensor>;
  /** Optional extra probes (small reduced tensors, optim/types.ts Probes) for the charts. */
  probes?: Record<string, Tensor>;
}

export interface LearnedOptimizer {
  readonly kind: string;
  readonly architecture: Architecture;
  readonly weights: MetaParams;
  /** Zero state for N coordinates. */
  initState(n: number): FlatState;
  /**
   * One step for all coordinates: g [N, 1], t = 1-based step number, scale = output scale
   * (the `lr` hyperparameter). Pure: creates new tensors, disposes nothing.
   */
  step(
    g: Tensor,
    state: FlatState,
    t: number,
    scale: number,
    /** The rule's full hyperparameters when run as an update rule (e.g. VHAdam's `sample`). */
    hp?: Readonly<Record<string, number>>,
    /** The host's step context (loss, horizon; optim/types.ts), when it supplies one. */
    ctx?: StepContext,
  ): FlatStep;
  /** A kind that is not coordinatewise (LHOPT) supplies its own whole-tensor update rule. */
  asRule?(): UpdateRule;
  dispose(): void;
}
