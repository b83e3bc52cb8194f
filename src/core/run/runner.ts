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
 * - setHyper applies from the next step on and is recorded in the runner's spec as a schedule
 *   event at that step (experiment/schedule.ts), so the spec replays it; schedule events given
 *   in the spec apply at exactly their step.
 * Randomness: the task's data from spec.seed, θ_0 from fork('init'), batches from fork('batches').
 */

import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { InputError, isInputError } from '../experiment/errors';
import { makeRng, type Rng, type RngState } from '../experiment/rng';
import { type ExperimentSpec, MAX_STEPS, type OptimizerEntry } from '../experiment/schema';
import type { Hyper } from '../optim/catalog';
import type { OptState, UpdateRule } from '../optim/types';
import { TASKS } from '../tasks/catalog';
import { ensureGradients } from '../tasks/gradients';
import { createTask, type TaskEnv } from '../tasks/registry';
import type { Task } from '../tasks/types';
import { type DecisionGrid, decisionGrid } from './boundary';
import { captureRun, type RunnerCheckpoint, restoreRun } from './checkpoint';
import { applySchedule, type EditableRun, evalRuns, liveEdit } from './edits';
import { type FrameRun, type Pending, readFrame, stateTensors } from './frames';
import { completeHyper, resolveRule, warmUpKernels } from './rules';
import { lossOnly, stepRun } from './stepRun';
import type { Frame, KernelsInfo } from './types';

/** Options for Runner.create (tests and hosts may override how rules are found). */
export interface RunnerOptions {
  resolveRule?: (entry: OptimizerEntry, fused: boolean) => Promise<UpdateRule>;
}

interface Run extends FrameRun, EditableRun {
  rule: UpdateRule;
}

export class Runner {
  readonly spec: ExperimentSpec;
  readonly twoD: boolean;
  private readonly task: Task;
  private readonly runs: Run[];
  private readonly batchRng: Rng;
  private updates = 0;
  private emitted = 0;
  /** The batch stream just before the final row's draw (extend() rewinds to it). */
  private beforeFinal: RngState | null = null;
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
            explicit: { ...own.optimizers[i].hyper },
            nextEvent: 0,
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

  /**
   * Replace run `index`'s hyperparameters (missing ones take defaults) from the next update,
   * whose step is returned; recorded in spec (run/edits.ts liveEdit).
   */
  setHyper(index: number, hyper: Hyper): number {
    liveEdit(this.runOf(index), this.spec.optimizers, hyper, this.updates);
    return this.updates;
  }

  /**
   * Continue for n more updates (Continue +N): spec.steps grows by n; the batch stream is
   * rewound to before the final row's draw, so the losses are a fresh run's of the grown spec,
   * bit for bit (the final row's probes stay NaN; rules that read the horizon, LHOPT, differ).
   */
  extend(n: number): void {
    this.assertLive();
    const add = Math.floor(n);
    if (!Number.isFinite(add) || add < 1 || this.spec.steps + add > MAX_STEPS)
      throw new InputError(`continue: steps must be an integer in [1, ${MAX_STEPS - this.spec.steps}]`);
    if (this.beforeFinal) this.batchRng.setState(this.beforeFinal);
    this.beforeFinal = null;
    this.spec.steps += add;
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
    // After extend(): θ_updates' loss was emitted by the final row; its update emits nothing.
    const skip = Math.min(todo, this.emitted - this.updates);
    const count = todo - skip + (withFinal ? 1 : 0);
    const active = this.runs.filter((r) => !r.diverged);
    const pending = new Map<Run, Pending>(
      active.map((r) => [r, { losses: [], positions: [], probes: new Map() }]),
    );
    try {
      for (let u = 0; u < todo + (withFinal ? 1 : 0); u++) {
        const isUpdate = u < todo;
        if (!isUpdate) this.beforeFinal = this.batchRng.getState();
        const batch = active.length > 0 ? this.task.nextBatch(this.batchRng) : null;
        try {
          for (const run of active) {
            const p = pending.get(run)!;
            const where = { task: this.task, twoD: this.twoD, batch, seed: this.spec.seed };
            if (isUpdate) {
              applySchedule(run, this.spec.optimizers[run.index], this.updates + u);
              stepRun(where, run, this.spec.steps, u < skip ? null : p, u - skip);
            } else p.losses.push(lossOnly(where, run, p));
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

  /** Each run's decision-boundary map (2-D classification tasks; null elsewhere). One readback. */
  async decisionGrid(res: number): Promise<DecisionGrid | null> {
    this.assertLive();
    return decisionGrid(this.task.decision, this.runs, res, this.updates);
  }

  /** Held-out loss per run (null where the task has none; NaN for diverged runs). One readback. */
  async evalLosses(): Promise<(number | null)[]> {
    return this.evalEach(this.task.evalLoss?.bind(this.task));
  }

  /** Held-out accuracy per run (classification tasks; null elsewhere, NaN if diverged). */
  async evalAccuracies(): Promise<(number | null)[]> {
    return this.evalEach(this.task.evalAccuracy?.bind(this.task));
  }

  private evalEach(metric: ((params: Tensor[]) => Tensor) | undefined): Promise<(number | null)[]> {
    this.assertLive();
    return evalRuns(this.runs, metric);
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
}
