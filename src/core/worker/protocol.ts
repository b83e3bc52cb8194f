/**
 * The typed API between the UI and the training worker (used through comlink). Pure types:
 * the UI imports these without pulling in tfjs.
 */

import type { BackendInfo } from '../backend/types';
import type { BackendPref, ExperimentSpec, OptimizerEntry } from '../experiment/schema';
import type { Hyper } from '../optim/catalog';
import type { RunCheckpointSet } from '../run/checkpointTypes';
import type { Frame, KernelsInfo } from '../run/types';

export type RunState = 'idle' | 'loading' | 'running' | 'paused' | 'done' | 'error';

export type WorkerEvent =
  | { type: 'backend'; info: BackendInfo; note?: string }
  | { type: 'kernels'; info: KernelsInfo }
  | { type: 'frame'; frame: Frame }
  /**
   * Instant mode: a whole run from step 0 (worker/instant.ts); ms = time to compute it; slow =
   * why it ran through tfjs (null: the fast path, instant/trajectory.ts).
   */
  | { type: 'instant'; id: number; frame: Frame; ms: number; slow: string | null }
  | { type: 'status'; state: RunState; step: number; stepsPerSec: number }
  | { type: 'eval'; losses: (number | null)[] }
  /** The run's exact state at `checkpoint.step` (run/checkpoint.ts), every few seconds of running. */
  | { type: 'checkpoint'; checkpoint: RunCheckpointSet }
  | { type: 'error'; message: string };

/** Where a hyperparameter edit applied, and the optimizer entry as the runner records it. */
export interface HyperApplied {
  step: number;
  entry: OptimizerEntry;
}

export interface TrainApi {
  /** Register the event sink (a comlink proxy); frames arrive with transferred buffers. */
  connect(onEvent: (ev: WorkerEvent) => void): Promise<void>;
  /** Pick and activate a backend ('auto' decides by adapter); resolves with what is in use. */
  setBackend(pref: BackendPref): Promise<BackendInfo>;
  /**
   * Build a fresh runner for this spec (drops any previous one), at step 0 or, given a
   * checkpoint of the same spec, at its step; resolves with the step it stands at.
   */
  load(spec: ExperimentSpec, from?: RunCheckpointSet): Promise<number>;
  play(): Promise<void>;
  pause(): Promise<void>;
  /** Advance exactly n steps (paused mode). */
  stepOnce(n: number): Promise<void>;
  /**
   * Change one optimizer's hyperparameters; applies at the next step, which is returned with
   * the entry as recorded (a schedule event at that step when > 0); null when refused.
   */
  setHyper(index: number, hyper: Hyper): Promise<HyperApplied | null>;
  /** Instant mode: compute the whole run of `spec` (latest request wins); answered by `instant`. */
  instant(spec: ExperimentSpec, id: number): Promise<void>;
  /** Continue the loaded run for n more steps (Continue +N); the new step count, or null. */
  extend(n: number): Promise<number | null>;
  /** Max frame rate (frames per second) the UI wants. */
  setFrameRate(fps: number): Promise<void>;
  /** Hold an uploaded CSV's text under its content hash, for the 'csv' task (it never leaves the browser). */
  putCsv(hash: string, text: string): Promise<void>;
}
