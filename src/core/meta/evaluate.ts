/**
 * Evaluate an update rule (learned or hand-designed) on fresh runs of a task, with the
 * RNNprop evaluation protocol (docs/algorithms.md §3.4):
 *   run i: θ₀ and batches B_1..B_n from makeRng(seed).fork(`eval${i}`) (the same for every
 *   rule given the same seed), n steps of the rule;
 *   curve[t]  = f(θ_t; B_{t+1})                  (training-loss curve, t = 0..n−1)
 *   final     = (1/n)·Σ_i f(θ_n; B_i)           (final training loss: θ_n on the n batches seen)
 * A run whose loss becomes non-finite stops; its final loss is NaN (reported as diverged).
 * Each step is run/step.ts `trainStep` (the runner's loop body). With `interrupt` (the
 * Meta-train session's Stop) a run yields to the event loop every ~50 ms so a Stop message can
 * arrive, and throws StopRequested at the first step after it.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { makeRng } from '../experiment/rng';
import type { Hyper } from '../optim/catalog';
import { stateTensors } from '../optim/registry';
import type { UpdateRule } from '../optim/types';
import { trainStep } from '../run/step';
import type { Batch, Task } from '../tasks/types';
import { StopRequested } from './outer';

export interface EvalResult {
  finals: number[];
  /** Mean over the runs of curve[t] (finite runs only). */
  meanCurve: Float32Array;
}

export interface EvalOptions {
  runs: number;
  steps: number;
  seed: number;
  /** Called after each run (for progress). */
  onRun?: (i: number, final: number) => void;
  /** Cooperative cancellation (checked between runs; the runs done are returned). */
  shouldStop?: () => boolean;
  /** Checked between steps (with the event loop let in every ~50 ms); true → StopRequested. */
  interrupt?: () => boolean;
}

/** One run; returns its loss curve (n values) and its final loss. */
export async function evalRun(
  rule: UpdateRule,
  hp: Hyper,
  task: Task,
  steps: number,
  seed: number,
  i: number,
  interrupt?: () => boolean,
): Promise<{ curve: Float32Array; final: number }> {
  const rng = makeRng(seed).fork(`eval${i}`);
  let params = task.init(rng.fork('init'));
  let state = tf.tidy(() => rule.init(params, hp) as unknown as tf.TensorContainer) as unknown as ReturnType<
    UpdateRule['init']
  >;
  const batchRng = rng.fork('batches');
  const batches: Batch[] = [];
  const curve: Tensor[] = [];
  let yielded = performance.now();
  try {
    for (let t = 0; t < steps; t++) {
      if (interrupt && performance.now() - yielded > 50) {
        await new Promise((r) => setTimeout(r, 0));
        yielded = performance.now();
      }
      if (interrupt?.()) throw new StopRequested(t);
      const batch = task.nextBatch(batchRng);
      batches.push(batch);
      const out = trainStep(rule, hp, params, state, (ps) => task.loss(ps, batch), {
        t: t + 1,
        horizon: steps,
      });
      curve.push(out.loss);
      tf.dispose(Object.values(out.probes));
      params = out.params;
      state = out.state;
    }
    const finalT = tf.tidy(() => tf.mean(tf.stack(batches.map((b) => task.loss(params, b)))));
    const all = tf.tidy(() => tf.concat([tf.stack(curve), tf.reshape(finalT, [1])]));
    const data = (await all.data()) as Float32Array;
    tf.dispose([finalT, all]);
    return { curve: data.slice(0, steps), final: data[steps] };
  } finally {
    tf.dispose([...curve, ...params, ...stateTensors(state)]);
    for (const b of batches) if (b) tf.dispose(Object.values(b));
  }
}

export async function evaluateRule(
  rule: UpdateRule,
  hp: Hyper,
  task: Task,
  o: EvalOptions,
): Promise<EvalResult> {
  const finals: number[] = [];
  const sum = new Float64Array(o.steps);
  let counted = 0;
  for (let i = 0; i < o.runs; i++) {
    if (o.shouldStop?.()) break;
    const { curve, final } = await evalRun(rule, hp, task, o.steps, o.seed, i, o.interrupt);
    finals.push(Number.isFinite(final) ? final : Number.NaN);
    if (curve.every(Number.isFinite)) {
      for (let t = 0; t < o.steps; t++) sum[t] += curve[t];
      counted++;
    }
    o.onRun?.(i, final);
  }
  const meanCurve = new Float32Array(o.steps);
  for (let t = 0; t < o.steps; t++) meanCurve[t] = counted > 0 ? sum[t] / counted : Number.NaN;
  return { finals, meanCurve };
}

/** Mean and sample standard deviation of the finite values, and how many were not finite. */
export function meanStd(xs: number[]): { mean: number; std: number; n: number; diverged: number } {
  const ok = xs.filter(Number.isFinite);
  const n = ok.length;
  const mean = n > 0 ? ok.reduce((a, b) => a + b, 0) / n : Number.NaN;
  const std = n > 1 ? Math.sqrt(ok.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n, diverged: xs.length - n };
}
