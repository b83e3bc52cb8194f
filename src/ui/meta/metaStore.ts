/**
 * The Meta-train panel's state: the form (a recipe plus evaluation settings), the worker's
 * progress, the meta-loss series and the evaluation curves. No tfjs here.
 */
import { create } from 'zustand';
import type { BackendInfo } from '../../core/backend/types';
import { defaultRecipe, type LearnedId, type Recipe } from '../../core/learned/catalog';
import type { MetaEval, MetaProgress } from '../../core/meta/protocol';

export interface MetaForm {
  recipe: Recipe;
  evalEvery: number;
  evalRuns: number;
  adamLr: number;
  /** Data-parallel workers (Web Workers computing meta-gradients; BPTT only). */
  workers: number;
}

/**
 * The tab's recipe for a kind: its default, with BPTT's unroll path 'fused' — the WGSL nodes on
 * WebGPU, the lean path elsewhere (the status line says which runs; core/meta/unrollPath.ts).
 */
export function tabRecipe(kind: LearnedId): Recipe {
  const d = defaultRecipe(kind);
  return d.trainer === 'bptt' ? { ...d, path: 'fused' } : d;
}

/** One worker per core, minus one for the page (at least 1, at most 16). */
export function defaultWorkers(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
  return Math.min(16, Math.max(1, (cores ?? 2) - 1));
}

/** One PPO iteration as the tab saw it (LHOPT; from the progress events' `extra`). */
export interface PpoPoint {
  it: number;
  reward: number;
  speedup: number;
  entropy: number;
}

export interface MetaStore {
  form: MetaForm;
  progress: MetaProgress;
  /** performance.now() when the last progress event arrived (the live clock counts from it). */
  progressAt: number;
  /** Stop was pressed; cleared when the worker reports a final state. */
  stopping: boolean;
  losses: number[];
  /** PPO: mean reward, speedup and entropy per iteration (empty for the bptt trainer). */
  ppo: PpoPoint[];
  evals: MetaEval[];
  backend: BackendInfo | null;
  error: string | null;
  message: string | null;
  /** The last checkpoint written to IndexedDB, and the last write that failed (shown, never dropped). */
  checkpointSaved: number | null;
  checkpointError: string | null;
  setForm(f: Partial<MetaForm>): void;
  setRecipe(r: Partial<Recipe>): void;
  setKind(kind: LearnedId): void;
  reset(): void;
}

const IDLE: MetaProgress = { state: 'idle', iteration: 0, iterations: 0, elapsed: 0, eta: null, skipped: 0 };

export const useMeta = create<MetaStore>((set) => ({
  form: {
    recipe: tabRecipe('rnnprop'),
    evalEvery: 20,
    evalRuns: 3,
    adamLr: 0.01,
    workers: defaultWorkers(),
  },
  progress: IDLE,
  progressAt: 0,
  stopping: false,
  losses: [],
  ppo: [],
  evals: [],
  backend: null,
  error: null,
  message: null,
  checkpointSaved: null,
  checkpointError: null,
  setForm: (f) => set((s) => ({ form: { ...s.form, ...f } })),
  setRecipe: (r) => set((s) => ({ form: { ...s.form, recipe: { ...s.form.recipe, ...r } } })),
  setKind: (kind) =>
    set((s) => {
      const d = tabRecipe(kind);
      return {
        form: { ...s.form, recipe: { ...d, task: s.form.recipe.task, iterations: s.form.recipe.iterations } },
      };
    }),
  reset: () =>
    set({
      losses: [],
      ppo: [],
      evals: [],
      error: null,
      progress: IDLE,
      stopping: false,
      checkpointSaved: null,
      checkpointError: null,
    }),
}));
