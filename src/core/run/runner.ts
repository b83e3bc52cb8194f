/**
 * The comparison runner: one task, several optimizers, the same start and the same data.
 *
 * - Every run starts from identical initial parameters (cloned from one task.init) and sees
 *   the same minibatch at every step (drawn once per step, shared by all runs).
 * - Losses: concatenating every frame's `losses` for a run gives spec.steps + 1 values, the
 *   loss at θ_0, θ_1, …, θ_steps (the loss at θ_k on step k's minibatch, the one whose
 *   gradient makes θ_{k+1}; the final one on a fresh batch). 2-D tasks also stream θ_k.
 * - Probes (from the rule's step k) sit in row k; the final row (no update) holds NaN.
 * - No readback inside the step loop: every per-step scalar stays on the device and a frame
 *   is read back with ONE async `data()` of everything concatenated.
 * - A run whose loss becomes NaN/±Inf is marked diverged at that step (divergedAt on the frame
 *   where it is detected), stops stepping and reports NaN from then on; the others go on.
 *   Detection happens at the frame's readback, so a diverged run may take a few wasted
 *   steps before the frame ends; their values are replaced by NaN.
 * - setHyper applies from the next step on.
 * Randomness: the task's data from spec.seed, θ_0 from fork('init'), batches from fork('batches').
 */

import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { InputError, isInputError } from '../experiment/errors';
import { makeRng, type Rng } from '../experiment/rng';
import type { ExperimentSpec, OptimizerEntry } from '../experiment/schema';
import type { Hyper } from '../optim/catalog';
import type { OptState, UpdateRule } from '../optim/types';
import { TASKS } from '../tasks/catalog';
import { ensureGradients } from '../tasks/gradients';
import { createTask, type TaskEnv } from '../tasks/registry';
import type { Batch, Task } from '../tasks/types';
import { captureRun, type RunnerCheckpoint, restoreRun } from './checkpoint';
import { type FrameRun, type Pending, pushProbes, readFrame, stateTensors } from './frames';
import { completeHyper, resolveRule, warmUpKernels } from './rules';
import { trainStep } from './step';
import type { Frame, KernelsInfo } from './types';

/** Options for Runner.create (tests and hosts may override how rules are found). */
export interface RunnerOptions {
  resolveRule?: (entry: OptimizerEntry, fused: boolean) => Promise<UpdateRule>;
}

interface Run extends FrameRun {
  rule: UpdateRule;
  hp: Hyper;
}

export class Runner {
  readonly spec: ExperimentSpec;
  readonly twoD: boolean;
  private readonly task: Task;
  private readonly runs: Run[];
  private readonly batchRng: Rng;
  private updates = 0;
  private emitted = 0;
  private disposed = false;

  /** Internal: use Runner.create (public only so InstanceType<typeof Runner> works). */
  constructor(spec: ExperimentSpec, task: Task, runs: Run[]) {
    this.spec = spec;
    this.task = task;
    this.runs = runs;
    this.twoD = TASKS[spec.task.id].twoD;
    this.batchRng = makeRng(spec.seed).fork('batches');
  }

  /** Build the task, identical initial params for every optimizer, and each rule and its state. */
  static async create(spec: ExperimentSpec, env: TaskEnv, opts: RunnerOptions = {}): Promise<Runner> {
    await ensureGradients();
    const own: ExperimentSpec = JSON.parse(JSON.stringify(spec));
    const resolve = opts.resolveRule ?? resolveRule;
    const hypers = own.optimizers.map((o, i) => completeHyper(o.id, o.hyper, `optimizers[${i}].hyper`));
    const rules = await Promise.all(
      own.optimizers.map((o, i) =>
        resolve(o, own.fused).catch((e: unknown) => {
          // Name the entry; weights that cannot be read or are invalid are input errors
          // (learned/registry.ts throws InputError): no backend fallback would help.
          const what = `optimizers[${i}] (${o.id}${o.weights ? `, weights ${o.weights}` : ''})`;
          const msg = `${what}: ${e instanceof Error ? e.message : String(e)}`;
          throw isInputError(e) ? new InputError(msg) : new Error(msg);
        }),
      ),
    );
    const task = await createTask(own.task.id, own.task.options, env, own.seed);
    const runs: Run[] = [];
    try {
      const init = task.init(makeRng(own.seed).fork('init'));
      try {
        for (let i = 0; i < rules.length; i++) {
          const params = init.map((t) => tf.clone(t));
          const state = tf.tidy(() => rules[i].init(params, hypers[i]) as unknown as tf.TensorContainer);
          runs.push({
            index: i,
            rule: rules[i],
            hp: hypers[i],
            params,
            state: state as unknown as OptState,
            diverged: false,
            probeWidths: new Map(),
          });
        }
      } finally {
        tf.dispose(init);
      }
    } catch (e) {
      for (const r of runs) tf.dispose([...r.params, ...stateTensors(r.state)]);
      task.dispose();
      throw e;
    }
    const runner = new Runner(own, task, runs);
    runner.kernels = await warmUpKernels(own, runs[0]?.params ?? []);
    return runner;
  }

  /** Which update path the hand-designed rules use here, and the shader warm-up time. */
  kernels: KernelsInfo = { path: 'ops', warmUpMs: 0 };

  /** Number of updates done so far (0..spec.steps). */
  get step(): number {
    return this.updates;
  }

  /** All spec.steps + 1 losses have been emitted. */
  get done(): boolean {
    return this.emitted === this.spec.steps + 1;
  }

  diverged(index: number): boolean {
    return this.runOf(index).diverged;
  }

  /** Replace run `index`'s hyperparameters (missing ones take defaults); applies at the next step. */
  setHyper(index: number, hyper: Hyper): void {
    const run = this.runOf(index);
    const entry = this.spec.optimizers[index];
    run.hp = completeHyper(entry.id, hyper, `optimizers[${index}].hyper`);
    entry.hyper = { ...hyper };
  }

  /**
   * Do up to n more updates (never past spec.steps) and return their frame: one row per loss
   * emitted (plus the final θ_steps row once the last update is done). One readback.
   */
  async advance(n: number): Promise<Frame> {
    this.assertLive();
    const steps = this.spec.steps;
    const todo = Math.max(0, Math.min(Math.floor(n), steps - this.updates));
    const withFinal = !this.done && this.updates + todo === steps;
    const fromStep = this.emitted;
    const count = todo + (withFinal ? 1 : 0);
    const active = this.runs.filter((r) => !r.diverged);
    const pending = new Map<Run, Pending>(
      active.map((r) => [r, { losses: [], positions: [], probes: new Map() }]),
    );
    try {
      for (let row = 0; row < count; row++) {
        const isUpdate = row < todo;
        const batch = active.length > 0 ? this.task.nextBatch(this.batchRng) : null;
        try {
          for (const run of active) {
            const p = pending.get(run)!;
            if (isUpdate) this.stepRun(run, batch, p, row);
            else p.losses.push(this.lossOnly(run, batch, p));
          }
        } finally {
          if (batch) tf.dispose(Object.values(batch));
        }
      }
    } catch (e) {
      // A failing step (e.g. a lost GPU device): free this frame's buffers; the host rebuilds.
      for (const p of pending.values()) {
        tf.dispose([...p.losses, ...p.positions, ...[...p.probes.values()].flat().filter((t) => t !== null)]);
      }
      throw e;
    }
    this.updates += todo;
    this.emitted += count;
    return readFrame(this.runs, this.twoD, fromStep, count, pending);
  }

  /** The run's exact state at this update boundary (run/checkpoint.ts); reads tensors back. */
  async checkpoint(): Promise<RunnerCheckpoint> {
    this.assertLive();
    const rng = this.batchRng.getState();
    const runs = [];
    for (const r of this.runs) runs.push(await captureRun(r));
    return { seed: this.spec.seed, updates: this.updates, emitted: this.emitted, batchRng: rng, runs };
  }

  /**
   * Continue from a checkpoint of a runner built from the same spec (any backend): params,
   * optimizer states, minibatch stream and step counters. Throws (naming what does not fit)
   * on a checkpoint of another spec; runs already written stay written, so the caller
   * rebuilds the runner after a failure.
   */
  restore(ck: RunnerCheckpoint): void {
    this.assertLive();
    if (ck.seed !== this.spec.seed)
      throw new Error(`checkpoint: seed ${ck.seed}, the run's is ${this.spec.seed}`);
    if (ck.runs.length !== this.runs.length)
      throw new Error(`checkpoint: ${ck.runs.length} runs, the spec has ${this.runs.length}`);
    if (
      !(
        Number.isInteger(ck.updates) &&
        ck.updates >= 0 &&
        ck.updates <= this.spec.steps &&
        ck.emitted <= ck.updates + 1
      )
    )
      throw new Error(`checkpoint: step ${ck.updates} outside [0, ${this.spec.steps}]`);
    this.runs.forEach((r, i) => {
      restoreRun(r, ck.runs[i]);
    });
    this.batchRng.setState(ck.batchRng);
    this.updates = ck.updates;
    this.emitted = ck.emitted;
  }

  /** Held-out loss per run (null where the task has none; NaN for diverged runs). One readback. */
  async evalLosses(): Promise<(number | null)[]> {
    return this.evalEach(this.task.evalLoss?.bind(this.task));
  }

  /** Held-out accuracy per run (classification tasks; null elsewhere, NaN if diverged). */
  async evalAccuracies(): Promise<(number | null)[]> {
    return this.evalEach(this.task.evalAccuracy?.bind(this.task));
  }

  private async evalEach(metric: ((params: Tensor[]) => Tensor) | undefined): Promise<(number | null)[]> {
    this.assertLive();
    if (!metric) return this.runs.map(() => null);
    const live = this.runs.filter((r) => !r.diverged);
    if (live.length === 0) return this.runs.map(() => Number.NaN);
    const stacked = tf.tidy(() => tf.stack(live.map((r) => metric(r.params))));
    const values = await stacked.data();
    stacked.dispose();
    const out: (number | null)[] = this.runs.map(() => Number.NaN);
    live.forEach((r, i) => {
      out[r.index] = values[i];
    });
    return out;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const r of this.runs) {
      tf.dispose([...r.params, ...stateTensors(r.state)]);
      r.params = [];
      r.state = { t: 0, slots: {} };
    }
    this.task.dispose();
  }

  private runOf(index: number): Run {
    const run = this.runs[index];
    if (!run) throw new Error(`run index ${index} out of range [0, ${this.runs.length - 1}]`);
    return run;
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('Runner: already disposed');
  }

  /** One update of one run; records the loss at θ_k, θ_k (2-D) and the step's probes. */
  private stepRun(run: Run, batch: Batch, p: Pending, row: number): void {
    const { task } = this;
    // θ_k (a reshape shares its data, so it survives the step disposing θ_k's handle).
    const pos = this.twoD ? tf.reshape(run.params[0], [-1]) : null;
    const evalOf = task.evalLoss;
    const ev =
      evalOf && run.rule.wantsEvalLoss?.(run.state, run.hp, this.spec.steps)
        ? tf.tidy(() => evalOf(run.params))
        : undefined;
    let out: ReturnType<typeof trainStep>;
    try {
      out = trainStep(run.rule, run.hp, run.params, run.state, (ps) => task.loss(ps, batch), {
        t: run.state.t + 1,
        horizon: this.spec.steps,
        ...(ev ? { evalLoss: ev } : {}),
      });
    } catch (e) {
      pos?.dispose();
      throw e;
    } finally {
      ev?.dispose();
    }
    run.params = out.params;
    run.state = out.state;
    p.losses.push(out.loss);
    if (pos) p.positions.push(pos);
    pushProbes(run, p, out.probes, row);
  }

  /** The loss at the final θ (no update), and θ itself for 2-D tasks. */
  private lossOnly(run: Run, batch: Batch, p: Pending): Tensor {
    if (this.twoD) p.positions.push(tf.reshape(run.params[0], [-1]));
    return tf.tidy(() => this.task.loss(run.params, batch));
  }
}
