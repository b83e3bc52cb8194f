/**
 * The worker-side training loop: owns one SeedRunner (a Runner per seed; frames carry held-out
 * metrics every evalEveryFor(spec) steps, decision maps every few: seeds.ts liveOptions),
 * advances it in chunks of about one display interval (transfer.ts Pacer), streams frames,
 * pauses between chunks, and on a backend failure switches to the next backend, rebuilds the
 * runner and silently replays the steps already shown so the UI's history stays valid. Every `checkpointMs` of running (and on
 * pause) it reads the run's exact state back (run/checkpoint.ts) and sends it out as a
 * `checkpoint` event; a rebuild starts from the last checkpoint and replays only the steps
 * after it, and `load(spec, checkpoint)` starts a fresh worker there after a crash. Mid-run
 * edits are recorded in the runner's spec (run/edits.ts). No DOM; a worker or Node.
 */

import { watchDeviceLoss } from '../backend/deviceLoss';
import { fallBackFrom, selectBackend } from '../backend/select';
import type { BackendInfo } from '../backend/types';
import { isInputError } from '../experiment/errors';
import type { BackendPref, ExperimentSpec } from '../experiment/schema';
import type { Hyper } from '../optim/catalog';
import type { RunCheckpointSet } from '../run/checkpointTypes';
import { liveOptions, SeedRunner } from '../run/seeds';
import type { TaskEnv } from '../tasks/registry';
import type { HyperApplied, RunState, TrainApi, WorkerEvent } from './protocol';
import { frameTransferables, Pacer } from './transfer';

export { frameTransferables };

export type Emit = (ev: WorkerEvent, transfer?: ArrayBuffer[]) => void;

export class TrainSession implements Omit<TrainApi, 'connect' | 'putCsv' | 'instant'> {
  private runner: SeedRunner | null = null;
  private spec: ExperimentSpec | null = null;
  private state: RunState = 'idle';
  private backend: BackendInfo | null = null;
  private loop: Promise<void> | null = null;
  private chunk = 1;
  private frameMs = 1000 / 30;
  private rate = 0;
  private busy: Promise<unknown> = Promise.resolve();
  /** Set when the WebGPU device was lost; the next step switches backend. */
  private lostWhy: string | null = null;
  /** The last checkpoint of the loaded run (null before the first) and when it was taken. */
  private ckpt: RunCheckpointSet | null = null;
  private ckptAt = 0;

  constructor(
    private readonly env: TaskEnv,
    private readonly emit: Emit,
    /** Least time between two checkpoints while running (0: after every chunk). */
    private readonly checkpointMs = 2000,
  ) {}

  /** Serialise operations that touch the runner. */
  exclusive<T>(f: () => Promise<T>): Promise<T> {
    const next = this.busy.then(f, f);
    this.busy = next.catch(() => undefined);
    return next;
  }

  private status(state?: RunState): void {
    if (state) this.state = state;
    this.emit({
      type: 'status',
      state: this.state,
      step: this.runner?.step ?? 0,
      stepsPerSec: this.state === 'running' ? this.rate : 0,
    });
  }

  async setBackend(pref: BackendPref): Promise<BackendInfo> {
    await this.pause();
    return this.exclusive(async () => {
      this.disposeRunner();
      this.backend = await selectBackend(pref);
      this.watch();
      this.emit({ type: 'backend', info: this.backend });
      return this.backend;
    });
  }

  async load(spec: ExperimentSpec, from?: RunCheckpointSet): Promise<number> {
    await this.pause();
    return this.exclusive(async () => {
      this.disposeRunner();
      this.spec = spec;
      this.ckpt = null;
      this.status('loading');
      try {
        this.runner = await this.withFallback(() => this.build(spec, from));
        this.emit({ type: 'kernels', info: this.runner.kernels });
        this.chunk = 1;
        this.status(this.runner.step > 0 ? 'paused' : 'idle');
        return this.runner.step;
      } catch (e) {
        this.fail(e);
        return 0;
      }
    });
  }

  /**
   * A runner for `spec`, continued from `from` when it fits, else at step 0 (callers compare
   * the step they get with the checkpoint's and say which it was).
   */
  private async build(spec: ExperimentSpec, from?: RunCheckpointSet | null): Promise<SeedRunner> {
    const runner = await SeedRunner.create(spec, this.env, liveOptions(spec));
    if (!from) return runner;
    try {
      runner.restore(from);
      this.ckpt = from;
      return runner;
    } catch {
      runner.dispose();
      return SeedRunner.create(spec, this.env, liveOptions(spec));
    }
  }

  /** Read the run's state back and send it out, at most every checkpointMs unless forced; true. */
  private async checkpoint(force = false): Promise<true> {
    const runner = this.runner;
    if (!runner || runner.done || runner.step === 0 || runner.step === this.ckpt?.step) return true;
    if (!force && performance.now() - this.ckptAt < this.checkpointMs) return true;
    this.ckpt = await runner.checkpoint();
    this.ckptAt = performance.now();
    this.emit({ type: 'checkpoint', checkpoint: this.ckpt });
    return true;
  }

  async play(): Promise<void> {
    if (!this.runner || this.state === 'running' || this.runner.done) return;
    this.status('running');
    // Never a rejected promise: pause() awaits this loop, and a failure is shown as an error.
    this.loop = this.runLoop().catch((e: unknown) => this.fail(e));
  }

  async pause(): Promise<void> {
    const wasRunning = this.state === 'running';
    if (wasRunning) this.state = 'paused';
    await this.loop;
    this.loop = null;
    if (wasRunning) await this.exclusive(() => this.checkpoint(true)).catch(() => undefined);
    if (this.state === 'paused') this.status('paused');
  }

  async stepOnce(n: number): Promise<void> {
    await this.pause();
    await this.exclusive(async () => {
      if (!this.runner || this.runner.done) return;
      await this.advance(Math.max(1, Math.floor(n)));
      this.status(this.runner?.done ? 'done' : 'paused');
    });
  }

  /** f between chunks; a throw becomes an error event and null. */
  private guarded<T>(f: () => T): Promise<T | null> {
    return this.exclusive(async () => {
      try {
        return f();
      } catch (e) {
        this.emit({ type: 'error', message: e instanceof Error ? e.message : String(e) });
        return null;
      }
    });
  }

  /**
   * Between chunks (every seed records the same step): the step it applies at and the entry as
   * recorded (run/edits.ts); a refused value is an error event (null), the old value stays. */
  async setHyper(index: number, hyper: Hyper): Promise<HyperApplied | null> {
    return this.guarded(() => {
      const n = this.spec?.optimizers.length ?? 0;
      if (!(Number.isInteger(index) && index >= 0 && index < n))
        throw new Error(`optimizers[${index}]: no such run (${n} loaded)`);
      const step = this.runner ? this.runner.setHyper(index, hyper) : 0;
      if (this.runner) this.spec = this.runner.spec;
      return { step, entry: structuredClone(this.spec!.optimizers[index]) };
    });
  }

  /** Continue the run for n more steps (Continue +N; Runner.extend); the new steps, or null. */
  async extend(n: number): Promise<number | null> {
    await this.pause();
    return this.guarded(() => {
      if (!this.runner) throw new Error('continue: no run loaded');
      this.runner.extend(n);
      this.spec = this.runner.spec;
      this.status('paused');
      return this.spec.steps;
    });
  }

  async setFrameRate(fps: number): Promise<void> {
    this.frameMs = 1000 / Math.min(120, Math.max(1, fps));
  }

  private async runLoop(): Promise<void> {
    const pace = new Pacer(this.frameMs);
    while (this.state === 'running' && this.runner && !this.runner.done) {
      const t0 = performance.now();
      const n = this.chunk;
      const ok = await this.exclusive(async () => (await this.advance(n)) && this.checkpoint());
      if (!ok) return;
      pace.frameMs = this.frameMs;
      this.chunk = pace.next(n, performance.now() - t0);
      this.rate = pace.rate;
      this.status();
      // Let pause/setHyper messages in.
      await new Promise((r) => setTimeout(r, 0));
    }
    if (this.runner?.done && this.state === 'running') this.status('done');
  }

  /** Advance n steps and emit the frame; on a backend failure fall back and replay. */
  private async advance(n: number): Promise<boolean> {
    const runner = this.runner;
    if (!runner) return false;
    try {
      if (this.lostWhy) throw new Error(this.lostWhy);
      const frame = await runner.advance(n);
      if (frame.count > 0) this.emit({ type: 'frame', frame }, frameTransferables(frame));
      if (runner.done) {
        this.status('done');
        runner.evalLosses().then(
          (losses) => this.emit({ type: 'eval', losses }),
          () => undefined,
        );
      }
      return true;
    } catch (e) {
      // After a successful switch, do the same chunk again on the new backend.
      return (await this.recover(e)) && this.advance(n);
    }
  }

  /** A backend failed mid-run: switch backend, rebuild from the last checkpoint, replay to the current step. */
  private async recover(e: unknown): Promise<boolean> {
    const msg = e instanceof Error ? e.message : String(e);
    const at = this.runner?.step ?? 0;
    if (!this.backend || this.backend.name === 'cpu' || !this.spec) {
      this.fail(e);
      return false;
    }
    try {
      this.disposeRunner();
      this.lostWhy = null;
      this.backend = await fallBackFrom(this.backend.name, msg);
      // this.spec carries the edits made so far as schedule events: the rebuilt runner applies
      // them at their steps (run/edits.ts), from the checkpoint or from step 0.
      const runner = await this.build(this.spec, this.ckpt && this.ckpt.step <= at ? this.ckpt : null);
      const from = runner.step;
      while (runner.step < at) await runner.advance(Math.min(500, at - runner.step));
      this.runner = runner;
      this.emit({ type: 'kernels', info: runner.kernels });
      this.emit({
        type: 'backend',
        info: this.backend,
        note: `Backend failed at step ${at} (${msg}); continued on ${this.backend.name} ${from > 0 ? `from the checkpoint at step ${from}, ` : ''}after replaying ${at - from} steps. History kept.`,
      });
      return true;
    } catch (e2) {
      this.fail(e2);
      return false;
    }
  }

  private async withFallback<T>(f: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await f();
      } catch (e) {
        // A bad entry or missing weights fail the same on every backend: report, don't fall back.
        if (!this.backend || this.backend.name === 'cpu' || isInputError(e)) throw e;
        const msg = e instanceof Error ? e.message : String(e);
        this.backend = await fallBackFrom(this.backend.name, msg);
        this.emit({
          type: 'backend',
          info: this.backend,
          note: `Setting up the run failed (${msg}); now on ${this.backend.name}.`,
        });
      }
    }
  }

  private watch(): void {
    this.lostWhy = null;
    const backend = this.backend;
    watchDeviceLoss((why) => {
      if (this.backend === backend) this.lostWhy = why;
    });
  }

  private fail(e: unknown): void {
    this.emit({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    this.status('error');
  }

  private disposeRunner(): void {
    this.runner?.dispose();
    this.runner = null;
  }
}
