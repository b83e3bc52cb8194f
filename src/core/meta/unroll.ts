/**
 * One truncated-BPTT unroll (docs/algorithms.md §2.3, §8.1, §8.2): T optimizee steps inside ONE
 * tf.variableGrads over the learned optimizer's meta-parameters φ.
 *   for t = 0..T−1:
 *     g_t   = ∇f_t(θ_t), computed on a DETACHED alias of θ_t (same data, no tape link), so
 *             no second derivatives flow: g_t is a constant input (stop-gradient)
 *     θ_{t+1}, s_{t+1} = learned step(g_t, s_t; φ)     (on the tape: depends on φ)
 *     objective.term(f_t at θ_t, …)                      (on the tape)
 *   L(φ) = objective.reduce(terms); ∂L/∂φ flows through θ_{t+1} = θ_t + Δθ_t(φ).
 * The detach is a new handle on θ_t's data that the tape never saw (the cheap equivalent of
 * a tf.customGrad stop-gradient, which would leave the whole inner gradient computation on
 * the path to φ and backpropagate zeros through it). The final θ_T and s_T are returned as plain kept
 * tensors: the next unroll starts a new tape from them, which truncates the gradient.
 */
import type { NamedTensorMap, Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { learnedStep } from '../learned/rule';
import type { LearnedOptimizer } from '../learned/types';
import type { OptState } from '../optim/types';
import type { Batch } from '../tasks/types';
import type { MetaObjective } from './objectives';
import { StopRequested } from './outer';
import type { TrainingProblem } from './problem';
import {
  isOutOfMemory,
  type MemoryGuard,
  projectUnroll,
  type UnrollProjection,
  UnrollTooLong,
} from './unrollMemory';

/**
 * A tape-free alias of t (same data): a stop-gradient with no copy. Same pattern as the
 * backends' reshape/identity kernels: bump the data's ref count, then wrap it in a tracked
 * tensor, so disposing the alias never frees t's data.
 */
export function detach(t: Tensor): Tensor {
  const engine = tf.engine();
  engine.backend.incRef(t.dataId);
  return engine.makeTensorFromDataId(t.dataId, t.shape, t.dtype);
}

/** Identity with a zero gradient (tf.customGrad), the docs/environment.md stop-gradient. */
const zeroGrad: (x: Tensor) => Tensor = tf.customGrad((...inputs) => {
  const x = inputs[0] as Tensor;
  return { value: tf.clone(x), gradFunc: (dy: Tensor) => tf.zerosLike(dy) };
});

export interface UnrollResult {
  /** L(φ) (scalar, caller disposes). */
  metaLoss: Scalar;
  /** ∂L/∂φ by variable name (caller disposes). */
  grads: NamedTensorMap;
  /** θ_T and s_T (kept; caller owns and disposes). */
  params: Tensor[];
  state: OptState;
  /** f_t(θ_t), t = 0..T−1, as one [T] tensor (caller disposes). */
  losses: Tensor;
}

export interface UnrollArgs {
  opt: LearnedOptimizer;
  /** Output scale (the `lr` hyperparameter). */
  scale: number;
  problem: TrainingProblem;
  objective: MetaObjective;
  vars: Variable[];
  params: Tensor[];
  state: OptState;
  batches: Batch[];
  /**
   * How g_t is cut from the tape: 'alias' (default, the detach above) or 'customGrad'
   * (∇f on the taped θ_t, then a tf.customGrad zero-gradient wrapper; same values, but the
   * whole gradient computation stays on the path to φ and is backpropagated with zeros —
   * slower, and it fails where an op has no 2nd-order gradient, e.g. clipByValue in the
   * convex-combination term. Kept as the reference the tests compare against).
   */
  stopGradient?: 'alias' | 'customGrad';
  /** The run's horizon for the step context (default: the unroll's length). */
  horizon?: number;
  /** Asked before each inner step: true abandons the unroll (StopRequested; nothing kept). */
  stop?: () => boolean;
  /**
   * The heap the unroll may reach (unrollMemory.ts; undefined: no check). Measured after two
   * steps; an unroll whose tensors would not fit is abandoned there (UnrollTooLong; nothing
   * kept), and a heap that runs out later is reported as UnrollTooLong too.
   */
  memory?: MemoryGuard;
  /**
   * A segment of a longer unroll (unrollSegments.ts): its first step is step `offset` of
   * `total`, so the objective's terms see their place in the whole unroll (mean: ÷ total).
   */
  span?: { offset: number; total: number };
  /** Added to the meta-loss for the gradient only (a later segment's adjoint; not reported). */
  extra?: (params: Tensor[], state: OptState) => Scalar;
}

/** One inner step off the meta-tape's gradient: g_t on a detached alias, then the learned step. */
export function innerStep(
  args: Pick<UnrollArgs, 'opt' | 'scale' | 'problem' | 'stopGradient' | 'horizon'>,
  params: Tensor[],
  state: OptState,
  batch: Batch,
  horizon: number,
) {
  const lossOf = (ps: Tensor[]) => args.problem.loss(ps, batch);
  const viaAlias = (args.stopGradient ?? 'alias') === 'alias';
  const vg = tf.valueAndGrads((...ps: Tensor[]) => lossOf(ps))(viaAlias ? params.map(detach) : params);
  if (!viaAlias) vg.grads = vg.grads.map((g) => zeroGrad(g));
  const ctx = { t: state.t + 1, horizon: args.horizon ?? horizon, loss: vg.value as Scalar };
  const res = learnedStep(args.opt, vg.grads, state, params, args.scale, undefined, ctx);
  return { res, lossOf, lossValue: vg.value as Scalar };
}

export function runUnroll(args: UnrollArgs): UnrollResult {
  const { objective, vars, batches } = args;
  const T = batches.length;
  const offset = args.span?.offset ?? 0;
  const total = args.span?.total ?? T;
  let finalParams: Tensor[] = [];
  let finalState: OptState = args.state;
  let losses: Tensor | null = null;
  let objectiveValue: Scalar | null = null;
  let stoppedAt: number | null = null;
  let tooLong: UnrollTooLong | null = null;
  let after1 = 0;
  const guard = args.memory;
  const seen: { projection?: UnrollProjection } = {};
  // Not a throw: tfjs frees the tape's saved tensors only after a backward pass. A result that
  // touches φ through two ops only (0·Σφ₀) makes that pass trivial.
  const trivial = () => tf.mul(tf.sum(vars[0]), 0) as Scalar;
  const taped = () =>
    tf.variableGrads(() => {
      let params = args.params;
      let state = args.state;
      const terms: Scalar[] = [];
      const lossValues: Scalar[] = [];
      for (let t = 0; t < T; t++) {
        if (args.stop?.()) {
          stoppedAt = t;
          return trivial();
        }
        if (guard && T > 2 && (t === 1 || t === 2)) {
          const bytes = tf.memory().numBytes;
          if (t === 1) after1 = bytes;
          else {
            const p = projectUnroll(after1, bytes, T, guard);
            seen.projection = p;
            if (p.tensorBytes > guard.budget) {
              tooLong = new UnrollTooLong(T, p, guard.budget, false);
              return trivial();
            }
          }
        }
        const batch = batches[t];
        const { res, lossOf, lossValue } = innerStep(args, params, state, batch, T);
        lossValues.push(lossValue);
        const term = objective.term({
          t: offset + t,
          T: total,
          params,
          next: res.params,
          batch,
          loss: lossOf,
          lossValue,
          aux: res.aux,
        });
        if (term) terms.push(term);
        params = res.params;
        state = res.state;
      }
      finalParams = params.map((p) => tf.keep(p));
      finalState = {
        t: state.t,
        slots: Object.fromEntries(Object.entries(state.slots).map(([k, v]) => [k, v.map((x) => tf.keep(x))])),
      };
      losses = tf.keep(tf.stack(lossValues));
      // A segment without terms (last-step's earlier segments) adds 0·Σφ₀.
      const obj = terms.length > 0 ? objective.reduce(terms, total) : trivial();
      if (!args.extra) return obj;
      objectiveValue = tf.keep(obj);
      return tf.add(obj, args.extra(params, state)) as Scalar;
    }, vars);
  let taken: ReturnType<typeof taped>;
  try {
    taken = taped();
  } catch (e) {
    // The forward or backward pass ran out of heap after all (the wasm module is dead now).
    if (guard && seen.projection && isOutOfMemory(e))
      throw new UnrollTooLong(T, seen.projection, guard.budget, true);
    throw e;
  }
  const { value, grads } = taken;
  if (stoppedAt !== null || tooLong) {
    tf.dispose([value, ...Object.values(grads)]);
    throw tooLong ?? new StopRequested(stoppedAt ?? 0);
  }
  let metaLoss = value;
  if (objectiveValue) {
    tf.dispose(value);
    metaLoss = objectiveValue;
  }
  return {
    metaLoss,
    grads,
    params: finalParams,
    state: finalState,
    losses: losses as unknown as Tensor,
  };
}
