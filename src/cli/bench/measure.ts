/**
 * Time one optimizer step (ms per step) on the active backend: our rules (fused or plain ops,
 * probes included, as the runner runs them) and tfjs's built-in tf.train optimizers where
 * one exists. Each measurement warms up (shader compilation), estimates one step, then times
 * enough steps to fill the budget; a 1-element readback at the end waits for the device.
 */

import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type Hyper, OPTIMIZERS, type OptimizerId } from '../../core/optim/catalog';
import { applyStep, disposeState } from '../../core/optim/registry';
import type { UpdateRule } from '../../core/optim/types';

export interface Measurement {
  msPerStep: number;
  steps: number;
}

async function sync(t: Tensor): Promise<void> {
  const one = tf.slice(tf.reshape(t, [-1]), [0], [1]);
  await one.data();
  one.dispose();
}

export async function timeLoop(step: () => void, last: () => Tensor, budgetMs: number): Promise<Measurement> {
  for (let i = 0; i < 2; i++) step(); // warm-up: compile shaders, fill buffer pools
  await sync(last());
  let t0 = performance.now();
  step();
  await sync(last());
  const one = Math.max(0.01, performance.now() - t0);
  const steps = Math.max(3, Math.min(200, Math.round(budgetMs / one)));
  t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  await sync(last());
  return { msPerStep: (performance.now() - t0) / steps, steps };
}

function randomTensor(n: number, seed: number): Tensor {
  return tf.randomNormal([n], 0, 1, 'float32', seed);
}

/** One of our rules (fused or plain), one flat parameter tensor of n coordinates. */
export function measureRule(
  rule: UpdateRule,
  id: OptimizerId,
  n: number,
  budgetMs: number,
): Promise<Measurement> {
  return measureUpdateRule(rule, { ...OPTIMIZERS[id].defaults }, n, budgetMs);
}

/** Any UpdateRule (hand-designed or learned) with hyperparameters hp, n coordinates. */
export async function measureUpdateRule(
  rule: UpdateRule,
  hp: Hyper,
  n: number,
  budgetMs: number,
): Promise<Measurement> {
  const grad = randomTensor(n, 2);
  let params = [randomTensor(n, 1)];
  let state = rule.init(params, hp);
  // A synthetic gradient has no loss: the step context carries a constant one (and no horizon).
  const loss = tf.scalar(0);
  const step = () => {
    const out = applyStep(rule, params, [grad], state, hp, { t: state.t + 1, horizon: 0, loss });
    params = out.params;
    state = out.state;
    tf.dispose(Object.values(out.probes)); // the runner reads probes once per frame
  };
  try {
    return await timeLoop(step, () => params[0], budgetMs);
  } finally {
    tf.dispose([grad, loss, ...params]);
    disposeState(state);
  }
}

/** tfjs's own optimizer for a rule, where it has one (same hyperparameters, ε passed). */
export function tfTrainOptimizer(id: OptimizerId): tf.Optimizer | null {
  const d = OPTIMIZERS[id].defaults as Required<Hyper>;
  switch (id) {
    case 'sgd':
      return tf.train.sgd(d.lr);
    case 'momentum':
      return tf.train.momentum(d.lr, d.momentum);
    case 'nesterov':
      return tf.train.momentum(d.lr, d.momentum, true);
    case 'adagrad':
      return tf.train.adagrad(d.lr);
    case 'adadelta':
      return tf.train.adadelta(d.lr, d.rho, d.eps);
    case 'rmsprop':
      return tf.train.rmsprop(d.lr, d.alpha, d.momentum, d.eps);
    case 'adam':
      return tf.train.adam(d.lr, d.beta1, d.beta2, d.eps);
    case 'adamax':
      return tf.train.adamax(d.lr, d.beta1, d.beta2, d.eps);
    default:
      return null;
  }
}

export async function measureTfTrain(
  id: OptimizerId,
  n: number,
  budgetMs: number,
): Promise<Measurement | null> {
  const opt = tfTrainOptimizer(id);
  if (!opt) return null;
  const v = tf.variable(randomTensor(n, 1), true, `bench_${id}_${n}_${Math.random()}`);
  const grad = randomTensor(n, 2);
  try {
    return await timeLoop(
      () => opt.applyGradients({ [v.name]: grad }),
      () => v,
      budgetMs,
    );
  } finally {
    opt.dispose();
    v.dispose();
    grad.dispose();
  }
}
