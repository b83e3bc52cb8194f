/**
 * Run a validated ExperimentSpec to the end on the current tfjs backend and collect every
 * frame into whole-run arrays (Node host: CLI `run`, and anything else that wants a batch run).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ExperimentSpec } from '../core/experiment/schema';
import type { Hyper } from '../core/optim/catalog';
import { completeHyper } from '../core/run/rules';
import { Runner } from '../core/run/runner';
import type { TaskEnv } from '../core/tasks/registry';

export interface RunResult {
  optimizer: string;
  label?: string;
  /** Complete hyperparameters (defaults filled in). */
  hyper: Hyper;
  /** losses[k] = loss at θ_k, k = 0..steps (NaN after divergence). */
  losses: Float32Array;
  /** 2-D tasks: x, y of θ_k interleaved, k = 0..steps. */
  trajectory?: Float32Array;
  /** Probe name → width and values per step k = 0..steps−1 (row-major, width per row). */
  probes: Record<string, { width: number; values: Float32Array }>;
  diverged: boolean;
  divergedAt?: number;
  /** Held-out loss at θ_steps, where the task has one. */
  evalLoss: number | null;
}

export interface SpecResult {
  backend: string;
  spec: ExperimentSpec;
  runs: RunResult[];
  tensors: { start: number; end: number };
  /** Building the task, initial params and rules. */
  setupMs: number;
  /** Stepping to the end (all frames' readbacks included, setup and eval excluded). */
  runMs: number;
}

/** Run to completion in frames of `every` updates. Call after the backend is set up. */
export async function runSpecToEnd(spec: ExperimentSpec, env: TaskEnv, every: number): Promise<SpecResult> {
  const start = tf.memory().numTensors;
  const t0 = performance.now();
  const n = spec.steps + 1;
  const runner = await Runner.create(spec, env);
  const t1 = performance.now();
  let t2 = t1;
  const runs: RunResult[] = spec.optimizers.map((o, i) => ({
    optimizer: o.id,
    ...(o.label ? { label: o.label } : {}),
    hyper: completeHyper(o.id, o.hyper, `optimizers[${i}].hyper`),
    losses: new Float32Array(n).fill(Number.NaN),
    ...(runner.twoD ? { trajectory: new Float32Array(2 * n).fill(Number.NaN) } : {}),
    probes: {},
    diverged: false,
    evalLoss: null,
  }));
  try {
    while (!runner.done) {
      const frame = await runner.advance(every);
      for (const rf of frame.runs) {
        const r = runs[rf.index];
        r.losses.set(rf.losses, frame.fromStep);
        if (r.trajectory && rf.trajectory) r.trajectory.set(rf.trajectory, 2 * frame.fromStep);
        for (const [name, p] of Object.entries(rf.probes)) {
          r.probes[name] ??= {
            width: p.width,
            values: new Float32Array(spec.steps * p.width).fill(Number.NaN),
          };
          const rows = Math.min(frame.count, spec.steps - frame.fromStep); // drop the final no-update row
          if (rows > 0)
            r.probes[name].values.set(p.values.subarray(0, rows * p.width), frame.fromStep * p.width);
        }
        if (rf.divergedAt !== undefined) {
          r.diverged = true;
          r.divergedAt = rf.divergedAt;
        }
      }
    }
    t2 = performance.now();
    const evals = await runner.evalLosses();
    evals.forEach((v, i) => {
      runs[i].evalLoss = v;
    });
  } finally {
    runner.dispose();
  }
  return {
    backend: tf.getBackend(),
    spec,
    runs,
    tensors: { start, end: tf.memory().numTensors },
    setupMs: t1 - t0,
    runMs: t2 - t1,
  };
}
