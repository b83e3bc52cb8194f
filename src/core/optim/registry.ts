/**
 * The twelve hand-designed update rules by id, and `applyStep`, the one place that runs a
 * step with correct tensor ownership: every loop (the runner, meta-evaluation, the bench,
 * the tests) goes through it, the host loops via run/step.ts `trainStep`.
 */

import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { adabound } from './adabound';
import { adadelta } from './adadelta';
import { adagrad } from './adagrad';
import { adam } from './adam';
import { adamax } from './adamax';
import { adamod } from './adamod';
import { adamw } from './adamw';
import { amsgrad } from './amsgrad';
import type { Hyper, HyperOf, OptimizerId } from './catalog';
import { momentum } from './momentum';
import { nesterov } from './nesterov';
import { rmsprop } from './rmsprop';
import { sgd } from './sgd';
import type { OptState, StepContext, StepResult, UpdateRule } from './types';

/** Each rule receives its own complete, typed hyperparameters (catalog.ts HyperOf). */
export const RULES: { [I in OptimizerId]: UpdateRule<HyperOf<I>> } = {
  sgd,
  momentum,
  nesterov,
  adagrad,
  adadelta,
  rmsprop,
  adam,
  adamw,
  amsgrad,
  adamax,
  adabound,
  adamod,
};

export function getRule(id: OptimizerId): UpdateRule {
  const rule: UpdateRule | undefined = RULES[id];
  if (!rule) throw new Error(`unknown optimizer '${id}'; valid: ${Object.keys(RULES).join(', ')}`);
  return rule;
}

/** Every tensor held by an optimizer state. */
export function stateTensors(state: OptState): Tensor[] {
  return Object.values(state.slots).flat();
}

/** Dispose every tensor of an optimizer state (e.g. when a run ends). */
export function disposeState(state: OptState): void {
  for (const t of stateTensors(state)) t.dispose();
}

/**
 * Run one step inside tf.tidy, then dispose the params and state tensors it replaced (those
 * not reused unchanged in the result). Grads are not disposed: they belong to the caller.
 * The returned params, state and probes belong to the caller; probes are small tensors to
 * read back (in batches) and dispose.
 */
export function applyStep(
  rule: UpdateRule,
  params: Tensor[],
  grads: Tensor[],
  state: OptState,
  hp: Hyper,
  ctx?: StepContext,
): StepResult {
  if (grads.length !== params.length) {
    throw new Error(`${rule.id}: ${grads.length} gradients for ${params.length} parameter tensors`);
  }
  // StepResult is a plain tree of tensors (numbers in between): a valid tidy container.
  const out = tf.tidy(
    () => rule.step(grads, state, params, hp, ctx) as unknown as tf.TensorContainer,
  ) as unknown as StepResult;
  const kept = new Set<Tensor>([...out.params, ...stateTensors(out.state)]);
  for (const t of [...params, ...stateTensors(state)]) {
    if (!kept.has(t) && !t.isDisposed) t.dispose();
  }
  return out;
}
