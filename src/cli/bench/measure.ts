/**
 * Time one optimizer step (ms per step) on the active backend: our rules (fused or plain ops,
 * probes included, as the runner runs them) and tfjs's built-in tf.train optimizers where
 * one exists; and, with no backend at all, the plain Float32Array loop (the floor). Each measurement warms up (shader compilation), estimates one step, then times
 * enough steps to fill the budget; a 1-element readback at the end waits for the device.
 */

import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { loopFor } from '../../core/kernels/loopCode';
import { KERNEL_SPECS, type KernelSpec, uniformValues } from '../../core/kernels/specs';
import { type Hyper, OPTIMIZERS, type OptimizerId } from '../../core/optim/catalog';
import { applyStep, disposeState } from '../../core/optim/registry';
import type { UpdateRule } from '../../core/optim/types';

export interface Measurement {
  msPerStep: number;
  steps: number;
  /**
   * wasm and cpu: the median process CPU time per step (all threads; process.cpuUsage), which a
   * shared, loaded machine inflates far less than the wall time.
   */
  cpuMsPerStep?: number;
}

/** CPU ms of the whole process since `from` (process.cpuUsage; undefined outside Node). */
export function cpuMsSince(from?: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1000;
}

async function sync(t: Tensor): Promise<void> {
  const one = tf.slice(tf.reshape(t, [-1]), [0], [1]);
  await one.data();
  one.dispose();
}

/** Median of a list of per-step times. */
function median(xs: number[]): number {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.floor(a.length / 2)];
}

/**
 * ms per step. On WebGPU: the mean over a timed run (one readback at the end). On the
 * synchronous backends (wasm, cpu) each step is timed on its own and the median is reported,
 * which keeps a shared, loaded machine's stalls out of the comparison.
 */
export async function timeLoop(step: () => void, last: () => Tensor, budgetMs: number): Promise<Measurement> {
  for (let i = 0; i < 2; i++) step(); // warm-up: compile shaders, fill buffer pools
  await sync(last());
  let t0 = performance.now();
  step();
  await sync(last());
  const one = Math.max(0.01, performance.now() - t0);
  const steps = Math.max(3, Math.min(200, Math.round(budgetMs / one)));
  if (tf.getBackend() !== 'webgpu') {
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < steps; i++) {
      const c0 = process.cpuUsage();
      t0 = performance.now();
      step();
      times.push(performance.now() - t0);
      cpu.push(cpuMsSince(c0));
    }
    await sync(last());
    return { msPerStep: median(times), steps, cpuMsPerStep: median(cpu) };
  }
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

/**
 * The floor: the rule's math as a plain JavaScript loop over Float32Arrays (the fused kernels'
 * per-coordinate body, loopCode.ts, without probes), no tfjs at all: state in ping-pong
 * buffers, the per-step scalars recomputed every step as the fused rules do.
 */
export function measureLoop(id: OptimizerId, n: number, budgetMs: number): Measurement {
  const spec = KERNEL_SPECS[id] as KernelSpec;
  const hp = OPTIMIZERS[id].defaults;
  const rows = spec.slots(hp);
  const loop = loopFor(spec, rows, false);
  const g = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 0.1);
  let p = Float32Array.from({ length: n }, (_, i) => Math.cos(i));
  let p1 = new Float32Array(n);
  let s = new Float32Array(rows.length * n);
  let s1 = new Float32Array(rows.length * n);
  const red = new Float64Array(2);
  let t = 0;
  const step = () => {
    t++;
    const U = Float64Array.from(uniformValues(spec, hp, t), Math.fround);
    loop(n, g, p, rows.length > 0 ? s : null, p1, rows.length > 0 ? s1 : null, U, red, [], 0, 1, 0);
    [p, p1] = [p1, p];
    [s, s1] = [s1, s];
  };
  for (let i = 0; i < 2; i++) step(); // warm-up: let the JIT optimise the loop
  let t0 = performance.now();
  step();
  const one = Math.max(0.01, performance.now() - t0);
  const steps = Math.max(3, Math.min(200, Math.round(budgetMs / one)));
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    t0 = performance.now();
    step();
    times.push(performance.now() - t0);
  }
  return { msPerStep: median(times), steps };
}
