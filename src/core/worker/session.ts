/**
 * The worker-side training loop: owns one SeedRunner (a Runner per seed; frames carry held-out
 * metrics every evalEveryFor(spec) steps), advances it in chunks sized so that each frame takes
 * about one display interval, streams frames, pauses between chunks, and on a
 * backend failure switches to the next backend, rebuilds the runner and silently replays the
 * steps already shown so the UI's history stays valid. Every `checkpointMs` of running (and on
 * pause) it reads the run's exact state back (run/checkpoint.ts) and sends it out as a
 * `checkpoint` event; a rebuild starts from the last checkpoint and replays only the steps
 * after it, and `load(spec, checkpoint)` starts a fresh worker there after a crash.
 * No DOM; runs in a worker or in Node.
 */

import { watchDeviceLoss } from '../backend/deviceLoss';
import { fallBackFrom, selectBackend } from '../backend/select';
import type { BackendInfo } from '../backend/types';
import { isInputError } from '../experiment/errors';
import type { BackendPref, ExperimentSpec } from '../experiment/schema';
import type { Hyper } from '../optim/catalog';
import type { RunCheckpointSet } from '../run/checkpointTypes';
import { evalEveryFor, SeedRunner } from '../run/seeds';
import type { Frame } from '../run/types';
import type { TaskEnv } from '../tasks/registry';
import type { RunState, TrainApi, WorkerEvent } from './protocol';

/** Buffers of a frame, to transfer rather than copy. */
export function frameTransferables(frame: Frame): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const r of frame.runs) {
    out.push(r.losses.buffer as ArrayBuffer);
    if (r.trajectory) out.push(r.trajectory.buffer as ArrayBuffer);
    for (const l of r.seedLosses ?? []) out.push(l.buffer as ArrayBuffer);
    for (const p of Object.values(r.probes)) out.push(p.values.buffer as ArrayBuffer);
  }
  return [...new Set(out)];
}

export type Emit = (ev: WorkerEvent, transfer?: ArrayBuffer[]) => void;

export class TrainSession implements Omit<TrainApi, 'connect'> {
  private runner: SeedRunner | null = null;
  private spec: ExperimentSpec | null = null;
  private hypers: Hyper[] = [];
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
  private exclusive<T>(f: () => Promise<T>): Promise<T> {
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
      this.hypers = spec.optimizers.map((o) => ({ ...o.hyper }));
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
    const runner = await SeedRunner.create(spec, this.env, { evalEvery: evalEveryFor(spec) });
    if (!from) return runner;
    try {
      runner.restore(from);
      this.ckpt = from;
      return runner;
    } catch {
      runner.dispose();
      return SeedRunner.create(spec, this.env, { evalEvery: evalEveryFor(spec) });
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

  /** A refused value is reported as an error event and the run keeps its previous one. */
  async setHyper(index: number, hyper: Hyper): Promise<void> {
    try {
      if (!Number.isInteger(index) || index < 0 || index >= this.hypers.length) {
        throw new Error(`optimizers[${index}]: no such run (${this.hypers.length} loaded)`);
      }
      this.runner?.setHyper(index, hyper);
      this.hypers[index] = { ...hyper };
    } catch (e) {
      this.emit({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  async setFrameRate(fps: number): Promise<void> {
    this.frameMs = 1000 / Math.min(120, Math.max(1, fps));
  }

  private async runLoop(): Promise<void> {
    let windowStart = performance.now();
    let windowSteps = 0;
    while (this.state === 'running' && this.runner && !this.runner.done) {
      const t0 = performance.now();
      const n = this.chunk;
      const ok = await this.exclusive(async () => (await this.advance(n)) && this.checkpoint());
      if (!ok) return;
      const dt = performance.now() - t0;
      windowSteps += n;
      const elapsed = performance.now() - windowStart;
      if (elapsed > 500) {
        this.rate = (windowSteps * 1000) / elapsed;
        windowStart = performance.now();
        windowSteps = 0;
      } else if (this.rate === 0) this.rate = (n * 1000) / Math.max(dt, 1);
      // Aim each frame at one display interval.
      const target = this.frameMs;
      this.chunk = Math.max(
        1,
        Math.min(2000, Math.round(n * Math.min(2, Math.max(0.5, target / Math.max(dt, 0.1))))),
      );
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
      const runner = await this.build(this.spec, this.ckpt && this.ckpt.step <= at ? this.ckpt : null);
      const from = runner.step;
      this.hypers.forEach((h, i) => {
        runner.setHyper(i, h);
      });
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
