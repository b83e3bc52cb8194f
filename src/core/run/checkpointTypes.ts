/**
 * The shapes of a runner checkpoint (run/checkpoint.ts), pure types so the UI can hold one
 * without importing tfjs: plain data and typed arrays, structured-clonable.
 */
import type { RngState } from '../experiment/rng';

/** One tensor's values, shape and dtype. */
export interface TensorData {
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
  values: Float32Array | Int32Array | Uint8Array;
}

/** One optimizer's run at the checkpoint. */
export interface RunCheckpoint {
  index: number;
  diverged: boolean;
  divergedAt?: number;
  probeWidths: [string, number][];
  params: TensorData[];
  /** The optimizer state: its step counter, slots, and any plain-data fields beside them. */
  t: number;
  slots: Record<string, TensorData[]>;
  extra: Record<string, unknown>;
}

/** One Runner (one seed) at an update boundary. */
export interface RunnerCheckpoint {
  seed: number;
  updates: number;
  emitted: number;
  batchRng: RngState;
  runs: RunCheckpoint[];
}

/** A SeedRunner (every seed) at an update boundary: what the training worker sends out. */
export interface RunCheckpointSet {
  /** Updates done (the step the run resumes from). */
  step: number;
  nextEval: number;
  reported: number[];
  runners: RunnerCheckpoint[];
}
