import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import type { Hyper } from './catalog';

/**
 * Small per-step diagnostics, reduced on the device before readback: scalars or short 1-D
 * tensors (e.g. 3 quantiles). Every rule returns at least `updateNorm` (‖θ_t − θ_{t−1}‖₂ over
 * all tensors). Names are stable identifiers the charts key on, e.g.
 *   updateNorm                 scalar
 *   etaQuantiles, sQuantiles   [q05, q50, q95] (AdaMod: raw Adam step sizes η_t and bound s_t)
 *   clippedFraction            scalar (AdaMod: fraction of coordinates where min(η, s) = s < η)
 *   lowerBound, upperBound     scalar (AdaBound)
 */
export type Probes = Record<string, Tensor>;

/**
 * Optimizer state: a step counter and named slots, each a list of tensors parallel to params.
 * Plain data: the runner owns these tensors and disposes the old state after each step.
 */
export interface OptState {
  t: number;
  slots: Record<string, Tensor[]>;
}

export interface StepResult {
  params: Tensor[];
  state: OptState;
  probes: Probes;
}

/**
 * What the host knows about the step being taken (docs/architecture.md): passed to every
 * `step` as its 5th argument by the runner, meta-evaluation and the meta-trainers. Tensors
 * stay on the device (nothing is read back to build it); rules may ignore it.
 */
export interface StepContext {
  /** 1-based number of this update within the run (the t of θ_{t−1} → θ_t). */
  t: number;
  /**
   * Planned number of updates of the run (the runner's spec.steps, a meta-training run's
   * steps); 0 when the host plans none (the bench's timing loop).
   */
  horizon: number;
  /** f(θ_{t−1}) on this step's batch: the loss whose gradient is `grads` (device scalar). */
  loss: Scalar;
  /** A held-out loss at θ_{t−1}, when the host computes one (device scalar). */
  evalLoss?: Scalar;
  /**
   * The run's seed (the runner's spec.seed, one per seed of a several-seed run), when the host
   * has one: stochastic rules (VHAdam's ξ) draw from (seed, t) so a run replays bit for bit
   * whatever ran before it on the same (cached) optimizer instance.
   */
  seed?: number;
}

/**
 * An update rule, optax-style: pure and stateless. `step` creates new tensors and never
 * disposes its inputs; it is called inside tf.tidy by its caller, which then disposes the
 * previous params/state. `hp` is complete (defaults filled) and may change between steps.
 * `ctx` (StepContext) is supplied by every host loop (run/step.ts); it is optional so a rule
 * can be driven by hand in tests.
 */
export interface UpdateRule<H extends Hyper = Hyper> {
  id: string;
  init(params: Tensor[], hp: H): OptState;
  step(grads: Tensor[], state: OptState, params: Tensor[], hp: H, ctx?: StepContext): StepResult;
  /**
   * Whether the coming step wants ctx.evalLoss (the runner then computes the task's held-out
   * loss at θ_{t−1}, where the task has one). Absent: never.
   */
  wantsEvalLoss?(state: OptState, hp: H, horizon: number): boolean;
}
