/**
 * The UI's single source of truth: the ExperimentSpec, plus actions that edit it. Every edit
 * produces a new spec object; the worker client and the URL mirror subscribe to it.
 */
import { create } from 'zustand';
import {
  type BackendPref,
  type ChartSettings,
  defaultSpec,
  type ExperimentSpec,
  MAX_OPTIMIZERS,
  type OptimizerEntry,
} from '../../core/experiment/schema';
import { isLearnedKind, LEARNED } from '../../core/learned/catalog';
import { type Hyper, OPTIMIZERS, type OptimizerId } from '../../core/optim/catalog';
import { defaultTaskOptions, type TaskId, type TaskOptions } from '../../core/tasks/catalog';
import { nextColor, PALETTE } from '../lib/colors';

export interface SpecState {
  spec: ExperimentSpec;
  replaceSpec(spec: ExperimentSpec): void;
  setTask(id: TaskId): void;
  setTaskOptions(patch: Partial<Record<string, unknown>>): void;
  setSteps(steps: number): void;
  setSeed(seed: number): void;
  setBackend(b: BackendPref): void;
  setFused(fused: boolean): void;
  setChart(patch: Partial<ChartSettings>): void;
  addOptimizer(id?: OptimizerId): void;
  removeOptimizer(index: number): void;
  duplicateOptimizer(index: number): void;
  /** A hand-designed or learned id; a learned one starts on its shipped pretrained weights. */
  setOptimizerId(index: number, id: string): void;
  /** Learned entries: 'pretrained:<name>' or 'local:<name>'. */
  setWeights(index: number, weights: string): void;
  /** Add a learned optimizer with the given weights (e.g. "Race it" after a save). */
  addLearned(id: string, weights: string): void;
  setHyper(index: number, patch: Hyper): void;
  /** Replace an entry's hyperparameters and recorded edits (worker/client.ts live edits). */
  setEdits(index: number, edits: Pick<OptimizerEntry, 'hyper' | 'schedule'>): void;
  setColor(index: number, color: string): void;
}

/**
 * Set by the worker client: takes a hyperparameter edit made while a run is mid-way (it is then
 * recorded at the step where it applies) and returns true; false leaves it to setHyper.
 */
let hyperHook: ((index: number, patch: Hyper) => boolean) | null = null;
export function setHyperHook(hook: typeof hyperHook): void {
  hyperHook = hook;
}

/** Give every entry an explicit colour so that colours survive add/remove. */
export function withColors(spec: ExperimentSpec): ExperimentSpec {
  const used: string[] = [];
  const optimizers = spec.optimizers.map((o, i) => {
    const color =
      o.color ?? (used.includes(PALETTE[i % PALETTE.length]) ? nextColor(used) : PALETTE[i % PALETTE.length]);
    used.push(color);
    return { ...o, color };
  });
  return { ...spec, optimizers };
}

/** A learned entry on locally saved weights is labelled with their name ("DMOptimizer (L2L) · mine"). */
function learnedLabel(id: string, weights: string): string | undefined {
  if (!isLearnedKind(id) || !weights.startsWith('local:')) return undefined;
  return `${LEARNED[id].label} · ${weights.slice('local:'.length)}`;
}

function isAutoLabel(id: string, label: string): boolean {
  return isLearnedKind(id) && label.startsWith(`${LEARNED[id].label} · `);
}

const editList = (spec: ExperimentSpec, f: (list: OptimizerEntry[]) => OptimizerEntry[]): ExperimentSpec => ({
  ...spec,
  optimizers: f([...spec.optimizers]),
});

export const useSpec = create<SpecState>((set) => ({
  spec: withColors(defaultSpec()),
  replaceSpec: (spec) => set({ spec: withColors(spec) }),
  setTask: (id) => set((s) => ({ spec: { ...s.spec, task: { id, options: defaultTaskOptions(id) } } })),
  setTaskOptions: (patch) =>
    set((s) => ({
      spec: {
        ...s.spec,
        task: { ...s.spec.task, options: { ...s.spec.task.options, ...patch } as TaskOptions },
      },
    })),
  setSteps: (steps) => set((s) => ({ spec: { ...s.spec, steps } })),
  setSeed: (seed) => set((s) => ({ spec: { ...s.spec, seed } })),
  setBackend: (backend) => set((s) => ({ spec: { ...s.spec, backend } })),
  setFused: (fused) => set((s) => ({ spec: { ...s.spec, fused } })),
  setChart: (patch) => set((s) => ({ spec: { ...s.spec, chart: { ...s.spec.chart, ...patch } } })),
  addOptimizer: (id = 'adam') =>
    set((s) => {
      if (s.spec.optimizers.length >= MAX_OPTIMIZERS) return s;
      const color = nextColor(s.spec.optimizers.map((o) => o.color));
      return { spec: editList(s.spec, (l) => [...l, { id, hyper: { ...OPTIMIZERS[id].defaults }, color }]) };
    }),
  removeOptimizer: (index) =>
    set((s) => ({ spec: editList(s.spec, (l) => l.filter((_, i) => i !== index)) })),
  duplicateOptimizer: (index) =>
    set((s) => {
      if (s.spec.optimizers.length >= MAX_OPTIMIZERS) return s;
      const src = s.spec.optimizers[index];
      const color = nextColor(s.spec.optimizers.map((o) => o.color));
      const copy: OptimizerEntry = { ...src, hyper: { ...src.hyper }, color };
      return { spec: editList(s.spec, (l) => [...l.slice(0, index + 1), copy, ...l.slice(index + 1)]) };
    }),
  setOptimizerId: (index, id) =>
    set((s) => ({
      spec: editList(s.spec, (l) => {
        const { weights: _drop, label, ...own } = l[index];
        const rest = label !== undefined && !isAutoLabel(own.id, label) ? { ...own, label } : own;
        if (isLearnedKind(id)) {
          // The output scale's default is what the weights were trained with: don't carry lr over.
          const shipped = LEARNED[id].pretrained;
          const hyper = { ...LEARNED[id].defaults } as Hyper;
          l[index] = shipped
            ? { ...rest, id, hyper, weights: `pretrained:${shipped}` }
            : { ...rest, id, hyper };
          return l;
        }
        const lr = isLearnedKind(l[index].id) ? undefined : l[index].hyper.lr;
        const hyper: Hyper = { ...OPTIMIZERS[id as OptimizerId].defaults };
        if (lr !== undefined) hyper.lr = lr;
        l[index] = { ...rest, id, hyper };
        return l;
      }),
    })),
  setWeights: (index, weights) =>
    set((s) => ({
      spec: editList(s.spec, (l) => {
        const { label, ...rest } = l[index];
        const keep = label !== undefined && !isAutoLabel(rest.id, label);
        const auto = learnedLabel(rest.id, weights);
        l[index] = { ...rest, weights, ...(keep ? { label } : auto ? { label: auto } : {}) };
        return l;
      }),
    })),
  addLearned: (id, weights) =>
    set((s) => {
      if (!isLearnedKind(id) || s.spec.optimizers.length >= MAX_OPTIMIZERS) return s;
      const color = nextColor(s.spec.optimizers.map((o) => o.color));
      const entry: OptimizerEntry = { id, hyper: { ...LEARNED[id].defaults } as Hyper, weights, color };
      const label = learnedLabel(id, weights);
      if (label) entry.label = label;
      return { spec: editList(s.spec, (l) => [...l, entry]) };
    }),
  setHyper: (index, patch) => {
    if (!hyperHook?.(index, patch))
      useSpec.getState().setEdits(index, baseEdit(useSpec.getState().spec, index, patch));
  },
  setEdits: (index, { hyper, schedule }) =>
    set((s) => ({
      spec: editList(s.spec, (l) => {
        const { schedule: _old, ...rest } = l[index];
        l[index] = { ...rest, hyper, ...(schedule && schedule.length > 0 ? { schedule } : {}) };
        return l;
      }),
    })),
  setColor: (index, color) =>
    set((s) => ({
      spec: editList(s.spec, (l) => {
        l[index] = { ...l[index], color };
        return l;
      }),
    })),
}));

/**
 * An edit of the starting values (no run mid-way): it replaces the recorded edits of the same
 * hyperparameters (so the field shows what the run will use), keeping the others.
 */
function baseEdit(
  spec: ExperimentSpec,
  index: number,
  patch: Hyper,
): Pick<OptimizerEntry, 'hyper' | 'schedule'> {
  const o = spec.optimizers[index];
  const schedule = (o.schedule ?? []).flatMap((ev) => {
    const hyper = Object.fromEntries(Object.entries(ev.hyper).filter(([k]) => !(k in patch)));
    return Object.keys(hyper).length > 0 ? [{ step: ev.step, hyper }] : [];
  });
  return { hyper: { ...o.hyper, ...patch }, schedule };
}

/**
 * The parts of the spec that define a run (task, seed, optimizer ids, steps): changing any
 * of them needs a fresh runner; hyperparameters, colours and chart settings do not.
 */
export function runKey(spec: ExperimentSpec): string {
  return JSON.stringify([
    spec.task,
    spec.seed,
    spec.seeds ?? 1,
    spec.steps,
    spec.fused,
    spec.optimizers.map((o) => [o.id, o.weights]),
  ]);
}
