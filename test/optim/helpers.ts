/** Shared test helpers: cpu backend, hyperparameter filling, running a rule on given grads. */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import type { Hyper, HyperOf, OptimizerId } from '../../src/core/optim/catalog';
import { applyStep, disposeState, getRule } from '../../src/core/optim/registry';
import { parseHyper } from '../../src/core/optim/validate';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** Defaults filled and validated (throws on invalid overrides). */
export function hyper<I extends OptimizerId>(id: I, overrides: Hyper = {}): HyperOf<I> {
  const r = parseHyper(id, overrides);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
}

export interface Trace {
  /** params after each step (float32 values read back) */
  params: Float32Array[][];
  /** probes after each step, read back as plain arrays */
  probes: Record<string, number[]>[];
}

/**
 * Run `rule` from `init` for as many steps as `gradsAt` returns arrays (null ends the run);
 * gradients are given as plain arrays (independent of θ). Returns everything read back.
 */
export function runGiven(
  id: OptimizerId,
  init: { values: number[]; shape: number[] }[],
  grads: number[][][],
  hpAt: (t: number) => Hyper,
): Trace {
  const rule = getRule(id);
  let params = init.map((p) => tf.tensor(p.values, p.shape));
  let state = rule.init(params, hpAt(1));
  const trace: Trace = { params: [], probes: [] };
  grads.forEach((gs, k) => {
    const g = gs.map((values, i) => tf.tensor(values, init[i].shape));
    const out = applyStep(rule, params, g, state, hpAt(k + 1));
    tf.dispose(g);
    params = out.params;
    state = out.state;
    trace.params.push(params.map((p) => p.dataSync() as Float32Array));
    const probes: Record<string, number[]> = {};
    for (const [name, t] of Object.entries(out.probes)) probes[name] = Array.from(t.dataSync());
    tf.dispose(Object.values(out.probes));
    trace.probes.push(probes);
  });
  tf.dispose(params);
  disposeState(state);
  return trace;
}

/** |actual − expected| ≤ rel·|expected| + abs, with a readable failure message. */
export function expectClose(actual: number, expected: number, rel: number, abs: number, what: string): void {
  const tol = rel * Math.abs(expected) + abs;
  if (!(Math.abs(actual - expected) <= tol)) {
    throw new Error(
      `${what}: got ${actual}, expected ${expected} (|diff| ${Math.abs(actual - expected)} > ${tol})`,
    );
  }
}
