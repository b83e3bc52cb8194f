/**
 * The typed API between the Meta-train panel and its worker (workers/metaTrain.worker.ts),
 * used through comlink. Pure types and data: the UI imports this without pulling in tfjs.
 */
import type { BackendInfo } from '../backend/types';
import type { BackendPref } from '../experiment/schema';
import type { Recipe } from '../learned/catalog';
import type { MetaCheckpointInfo } from './checkpointStore';

export type MetaState = 'idle' | 'loading' | 'running' | 'paused' | 'done' | 'stopped' | 'error';

export interface MetaProgress {
  state: MetaState;
  iteration: number;
  iterations: number;
  /** Seconds spent training (pauses excluded). */
  elapsed: number;
  /** Estimated seconds left (null until one iteration is done). */
  eta: number | null;
  skipped: number;
  /** Workers computing meta-gradients or PPO episodes (in the tab always in workers, K ≥ 1). */
  workers?: number;
  /** BPTT: the unroll path that runs (unrollPath.ts pathLabel: 'fused (WGSL)', 'lean (fused needs WebGPU)'). */
  path?: string;
  /** Trainer-specific scalars of the last iteration (PPO: meanReward, entropy, episodesPerSec…). */
  extra?: Record<string, number>;
  /** Trainer-specific per-episode values of the last iteration (PPO: the speedups). */
  samples?: number[];
}

/** Evaluation of the current φ against Adam on fresh runs of the training task (no tricks). */
export interface MetaEval {
  iteration: number;
  /** Mean training-loss curves over the runs (steps values each). */
  learned: number[];
  adam: number[];
  adamLr: number;
  /** Final training loss (mean over runs). */
  learnedFinal: number;
  adamFinal: number;
}

export type MetaEvent =
  | { type: 'backend'; info: BackendInfo }
  | { type: 'progress'; progress: MetaProgress }
  /** Meta-losses of the iterations since the last message, starting at `from` (1-based). */
  | { type: 'loss'; from: number; values: number[] }
  | { type: 'eval'; result: MetaEval }
  /** Trainer scalars of iterations from..from+n−1 (a resumed checkpoint's history; PPO's chart). */
  | { type: 'extras'; from: number; values: (Record<string, number> | null)[] }
  | { type: 'error'; message: string }
  /** A checkpoint was written (at `iteration`), or writing one failed (`error`, e.g. quota). */
  | { type: 'checkpoint'; iteration?: number; error?: string };

export interface SavedInfo {
  name: string;
  kind: string;
  metaIterations: number;
  finalMetaLoss: number | null;
}

export interface MetaStartOptions {
  recipe: Recipe;
  /** Evaluate every N meta-iterations (0 = never). */
  evalEvery: number;
  evalRuns: number;
  adamLr: number;
  /**
   * Workers (default 1). BPTT: data-parallel, K Web Workers each compute one unroll’s
   * meta-gradient per iteration on their own runs; the session averages them and updates φ.
   * PPO (LHOPT): each iteration's episodes are split over K Web Workers (ppo/rollout.ts).
   */
  workers?: number;
}

export interface MetaApi {
  connect(onEvent: (ev: MetaEvent) => void): Promise<void>;
  setBackend(pref: BackendPref): Promise<BackendInfo>;
  /** Start meta-training from fresh φ₀ (drops the current one). */
  start(o: MetaStartOptions): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Stop for good; the weights trained so far stay available to save or export. */
  stop(): Promise<void>;
  /** The meta-training checkpoint kept in this browser (null: none). */
  checkpointInfo(): Promise<MetaCheckpointInfo | null>;
  /** Continue the checkpointed run exactly where it was saved (its charts come back too). */
  resumeCheckpoint(): Promise<void>;
  /** Save the current weights to IndexedDB as 'local:<name>'. */
  saveLocal(name: string): Promise<SavedInfo>;
  listLocal(): Promise<SavedInfo[]>;
  removeLocal(name: string): Promise<void>;
  /** The current weights as the two tfjs files (model.json text and the .bin bytes). */
  exportFiles(name: string): Promise<{ json: string; bin: ArrayBuffer }>;
  /** Validate imported files; on success they become the current weights. */
  importFiles(json: string, bins: ArrayBuffer | Record<string, ArrayBuffer>): Promise<SavedInfo>;
}
