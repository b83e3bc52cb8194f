/** Run status shown by the UI: worker state, step, speed, backend in use, messages. */
import { create } from 'zustand';
import type { BackendInfo } from '../../core/backend/types';
import type { KernelsInfo } from '../../core/run/types';
import type { RunState } from '../../core/worker/protocol';

export interface RunStore {
  state: RunState;
  step: number;
  stepsPerSec: number;
  backend: BackendInfo | null;
  backendPending: boolean;
  /** Shown under the badge when a backend failed and the run moved elsewhere. */
  backendNote: string | null;
  /** Fused WebGPU kernels or plain tfjs ops, for the hand-designed rules of the loaded run. */
  kernels: KernelsInfo | null;
  error: string | null;
  /** Bumped whenever the streamed series change. */
  version: number;
  /** Final held-out losses per run, when the task has them. */
  evalLosses: (number | null)[] | null;
  /** Runs hidden from the charts (by index). */
  hidden: Set<number>;
  toggleHidden(i: number): void;
  /** Set while the series come from an imported export file (not re-run here). */
  imported: ImportedRuns | null;
  /** The spec changed since the curves shown were computed (kept until Run; worker/client.ts). */
  stale: boolean;
  /** Instant mode switched on (it applies to cheap tasks only: worker/liveSync.ts). */
  instant: boolean;
  /** Instant mode: time the worker took for the last whole recompute (ms), and answers/s. */
  instantMs: number | null;
  instantRate: number | null;
  /** Instant answers shown so far (e2e measures updates/s with it). */
  instantCount: number;
  /** Why the last instant answer ran through tfjs (null: the exact fast path; worker/instant.ts). */
  instantSlow: string | null;
}

/** Where imported series came from (share/importDocument.ts fills the series store). */
export interface ImportedRuns {
  fileName: string;
  appVersion: string;
  /** The backend the exported runs used. */
  backend: string;
  exportedAt?: string;
  /** Steps in the longest imported series. */
  steps: number;
}

export const useRun = create<RunStore>((set) => ({
  state: 'idle',
  step: 0,
  stepsPerSec: 0,
  backend: null,
  backendPending: true,
  backendNote: null,
  kernels: null,
  error: null,
  version: 0,
  evalLosses: null,
  hidden: new Set(),
  imported: null,
  stale: false,
  instant: false,
  instantMs: null,
  instantRate: null,
  instantCount: 0,
  instantSlow: null,
  toggleHidden: (i) =>
    set((s) => {
      const hidden = new Set(s.hidden);
      if (hidden.has(i)) hidden.delete(i);
      else hidden.add(i);
      return { hidden };
    }),
}));
