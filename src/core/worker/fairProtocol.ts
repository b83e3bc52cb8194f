/**
 * The typed API of the "fair comparisons" worker (workers/fair.worker.ts): hyperparameter
 * sweeps ("Tune") and paper presets, run beside the training worker so the live run goes on.
 * Pure types: the UI imports these without pulling in tfjs.
 */
import type { BackendInfo } from '../backend/types';
import type { BackendPref, ExperimentSpec } from '../experiment/schema';
import type { HyperName } from '../optim/catalog';
import type { PresetResult } from '../presets/types';
import type { MeanStd } from '../run/stats';

export interface SweepCall {
  /** The experiment (task, steps, seed, seeds); `index` names the entry to tune. */
  spec: ExperimentSpec;
  index: number;
  param: HyperName;
  values: number[];
}

export interface SweepReply {
  param: HyperName;
  points: { value: number; final: MeanStd; diverged: boolean }[];
  best: number | null;
}

/** Progress as a fraction in [0, 1] and a line of text. */
export type Progress = (fraction: number, text: string) => void;

export interface FairApi {
  setBackend(pref: BackendPref): Promise<BackendInfo>;
  sweep(call: SweepCall, onProgress: Progress): Promise<SweepReply>;
  preset(id: string, onProgress: Progress): Promise<PresetResult>;
  /** Hold an uploaded CSV's text under its content hash (Tune on the 'csv' task). */
  putCsv(hash: string, text: string): Promise<void>;
  /** Adam tuned on this experiment's task and seeds (run/speedup.ts): its lr and mean curve over 2× steps. */
  tuneAdam(
    spec: ExperimentSpec,
    onProgress: Progress,
  ): Promise<{ lr: number; curve: Float32Array; steps: number }>;
}
