/**
 * Pluggable meta-objectives for truncated BPTT. At every step t = 0..T−1 of an unroll the
 * unroller hands the objective an ObjectiveStep (θ_t on the meta-tape, θ_{t+1}, the batch, the
 * learned step's aux outputs); the objective returns a term (or null) and finally reduces the
 * terms to the unroll's meta-loss L(φ).
 *   mean-unroll  L = (1/T)·Σ_{t=0}^{T−1} f_t(θ_t)     DMOptimizer (RNNprop's re-implementation,
 *                                                      'use_avg_loss'); HyperAdam uses it too
 *   last-step    L = f_{T−1}(θ_{T−1})                 RNNprop (the value before the T-th update)
 * VHAdam's variational losses (variational.ts): term = f(θ_{t+1}; B_t) + 1e-4·KL(aux), the KL
 * summed ('variational', the authors' code) or averaged ('variational-mean') over coordinates.
 */
import type { Scalar } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { addMany } from '../addMany';
import type { MetaObjective } from './objectiveTypes';
import type { MetaObjectiveId } from './trainers/bpttRecipe';

export type { MetaObjective, ObjectiveStep } from './objectiveTypes';

import { variational, variationalMean } from './variational';

export const meanUnroll: MetaObjective = {
  id: 'mean-unroll',
  // θ_0 is a constant of the unroll: its loss adds no gradient, so reuse the value.
  term: (ctx) => (ctx.t === 0 ? ctx.lossValue : ctx.loss(ctx.params)),
  reduce: (terms, T) => tf.div(addMany(terms), tf.scalar(T)) as Scalar,
};

export const lastStep: MetaObjective = {
  id: 'last-step',
  term: (ctx) => (ctx.t === ctx.T - 1 ? ctx.loss(ctx.params) : null),
  reduce: (terms) => terms[terms.length - 1],
};

export const OBJECTIVES: Record<MetaObjectiveId, MetaObjective> = {
  'mean-unroll': meanUnroll,
  'last-step': lastStep,
  variational,
  'variational-mean': variationalMean,
};
