/**
 * Adapt a LearnedOptimizer to the UpdateRule interface of the hand-designed rules, so the
 * runner treats both alike:
 *   g = concat_k vec(∇_k) ∈ R^{N×1}  →  Δθ = net(g; φ, state)  →  θ_k ← θ_k + Δθ[k-th slice]
 * One batched network pass over all N coordinates per step. The state slots are [N, ·]
 * tensors over the concatenated coordinates (h, c per layer; RNNprop also m, v), not one
 * tensor per parameter. Hyperparameter `lr` = the output scale. Probes: updateNorm = ‖Δθ‖₂.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { OptState, StepContext, StepResult, UpdateRule } from '../optim/types';
import type { LearnedOptimizer } from './types';

/** All tensors flattened into one [N, 1] column (each row-major, in order). */
export function flattenColumn(ts: Tensor[]): Tensor {
  const flat = ts.map((t) => tf.reshape(t, [t.size]));
  const all = flat.length === 1 ? flat[0] : tf.concat(flat, 0);
  return tf.reshape(all, [all.size, 1]);
}

/** Inverse of flattenColumn for tensors shaped like `like`. */
export function unflattenLike(row: Tensor, like: Tensor[]): Tensor[] {
  const flat = tf.reshape(row, [row.size]);
  const parts =
    like.length === 1
      ? [flat]
      : tf.split(
          flat,
          like.map((t) => t.size),
          0,
        );
  return parts.map((p, i) => tf.reshape(p, like[i].shape));
}

export function scaleOf(hp: Record<string, number | undefined>, opt: LearnedOptimizer): number {
  const lr = hp.lr;
  return typeof lr === 'number' && Number.isFinite(lr) ? lr : opt.architecture.outputScale;
}

/** One learned step on parameter lists (the rule's step, plus the network's aux outputs). */
export function learnedStep(
  opt: LearnedOptimizer,
  grads: Tensor[],
  state: OptState,
  params: Tensor[],
  scale: number,
  hp?: Readonly<Record<string, number>>,
  ctx?: StepContext,
): StepResult & { aux: Record<string, Tensor> } {
  if (grads.length !== params.length) {
    throw new Error(`${opt.kind}: ${grads.length} gradients for ${params.length} parameter tensors`);
  }
  const t = state.t + 1;
  const res = opt.step(flattenColumn(grads), state.slots, t, scale, hp, ctx);
  const deltas = unflattenLike(res.delta, params);
  return {
    params: params.map((p, i) => tf.add(p, deltas[i])),
    state: { t, slots: res.state },
    probes: { updateNorm: tf.sqrt(tf.sum(tf.square(res.delta))), ...res.probes },
    aux: res.aux,
  };
}

export function learnedInit(opt: LearnedOptimizer, params: Tensor[]): OptState {
  const n = params.reduce((s, p) => s + p.size, 0);
  return { t: 0, slots: opt.initState(n) };
}

export function learnedRule(opt: LearnedOptimizer): UpdateRule {
  if (opt.asRule) return opt.asRule();
  return {
    id: opt.kind,
    init: (params) => learnedInit(opt, params),
    step(grads, state, params, hp, ctx) {
      const { aux: _aux, ...res } = learnedStep(opt, grads, state, params, scaleOf(hp, opt), hp, ctx);
      return res;
    },
  };
}
