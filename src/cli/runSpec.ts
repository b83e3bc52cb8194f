/**
 * Run a validated ExperimentSpec to the end on the current tfjs backend and collect every
 * frame into whole-run arrays (Node host: CLI `run`, sweep, preset, and anything else that
 * wants a batch run). Over spec.seeds seeds (run/seeds.ts): `losses` is the step-wise mean,
 * `seeds` each seed's; held-out metrics are measured at the end of every frame.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ExperimentSpec } from '../core/experiment/schema';
import { cachedTensorCount } from '../core/learned/registry';
import type { Hyper } from '../core/optim/catalog';
import { completeHyper } from '../core/run/rules';
import { SeedRunner } from '../core/run/seeds';
import { meanStd } from '../core/run/stats';
import type { Frame } from '../core/run/types';
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
  /** Held-out loss at θ_steps, where the task has one (mean over seeds). */
  evalLoss: number | null;
  /** Held-out accuracy at θ_steps, classification tasks (mean over seeds). */
  evalAccuracy: number | null;
  /** Each seed's run. */
  seeds: SeedResult[];
  /** Steps tuned Adam needs to reach this run's final loss ÷ this run's steps (run/speedup.ts; --speedup). */
  speedupOverAdam?: number;
  /** Adam never reached the loss within its horizon: speedupOverAdam is a lower bound. */
  speedupAtLeast?: boolean;
}

export interface SeedResult {
  seed: number;
  losses: Float32Array;
  diverged: boolean;
  divergedAt?: number;
  /** Held-out loss at SpecResult.evalSteps (tasks with held-out data). */
  evalLosses?: number[];
  /** Held-out accuracy at SpecResult.evalSteps (classification tasks). */
  evalAccuracies?: number[];
}

export interface SpecResult {
  backend: string;
  spec: ExperimentSpec;
  runs: RunResult[];
  /**
   * Live tfjs tensors before and after the run, not counting the learned-weights cache (equal:
   * nothing leaked), and the tensors that cache holds at the end (learned optimizers' weights).
   */
  tensors: { start: number; end: number; cached: number };
  /** Steps at which held-out metrics were measured (empty without held-out data). */
  evalSteps: number[];
  /** Building the task, initial params and rules. */
  setupMs: number;
  /** Stepping to the end (all frames' readbacks and held-out evaluations included; setup excluded). */
  runMs: number;
}

/** Run to completion in frames of `every` updates. Call after the backend is set up. */
export async function runSpecToEnd(
  spec: ExperimentSpec,
  env: TaskEnv,
  every: number,
  opts: { heldOut?: boolean } = {},
): Promise<SpecResult> {
  const start = tf.memory().numTensors - cachedTensorCount();
  const t0 = performance.now();
  const n = spec.steps + 1;
  const runner = await SeedRunner.create(spec, env, { evalEvery: opts.heldOut === false ? 0 : every });
  const evalSteps: number[] = [];
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
    evalAccuracy: null,
    seeds: runner.seeds.map((seed) => ({
      seed,
      losses: new Float32Array(n).fill(Number.NaN),
      diverged: false,
    })),
  }));
  try {
    while (!runner.done) {
      const frame = await runner.advance(every);
      for (const rf of frame.runs) {
        const r = runs[rf.index];
        r.losses.set(rf.losses, frame.fromStep);
        r.seeds.forEach((sr, s) => {
          sr.losses.set(rf.seedLosses?.[s] ?? rf.losses, frame.fromStep);
        });
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
      if (frame.eval) addEval(runs, frame.eval, evalSteps);
    }
    t2 = performance.now();
    for (const r of runs) finishSeeds(r);
  } finally {
    runner.dispose();
  }
  return {
    backend: tf.getBackend(),
    spec,
    runs,
    tensors: { start, end: tf.memory().numTensors - cachedTensorCount(), cached: cachedTensorCount() },
    evalSteps,
    setupMs: t1 - t0,
    runMs: t2 - t1,
  };
}

/** Record one held-out measurement; the last one is the run's evalLoss / evalAccuracy. */
function addEval(runs: RunResult[], ev: NonNullable<Frame['eval']>, steps: number[]): void {
  steps.push(ev.step);
  runs.forEach((r, i) => {
    r.seeds.forEach((sr, s) => {
      sr.evalLosses = [...(sr.evalLosses ?? []), ev.loss[i][s]];
      if (ev.accuracy) sr.evalAccuracies = [...(sr.evalAccuracies ?? []), ev.accuracy[i][s]];
    });
    r.evalLoss = meanStd(ev.loss[i]).mean;
    r.evalAccuracy = ev.accuracy ? meanStd(ev.accuracy[i]).mean : null;
  });
}

/** Each seed's divergence, from its own losses (the first non-finite one). */
function finishSeeds(r: RunResult): void {
  for (const sr of r.seeds) {
    const at = sr.losses.findIndex((v) => !Number.isFinite(v));
    sr.diverged = at >= 0;
    if (at >= 0) sr.divergedAt = at;
  }
}
