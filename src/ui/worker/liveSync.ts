/**
 * How the worker client (client.ts) reacts to a spec edit, as pure functions of the spec the
 * loaded run was made from and the edited one:
 *   same run content            → nothing (colours, labels, chart settings)
 *   another task, seed, fused, optimizer list, weights → reset (the curves cannot be kept)
 *   starting values before the first step            → setHyper in the worker
 *   anything else (start point, steps, a finished run's hyperparameters) → stale: the curves
 *   stay until Run (or, in instant mode on a cheap task, everything is recomputed at once).
 */
import type { ExperimentSpec } from '../../core/experiment/schema';
import { TASKS } from '../../core/tasks/catalog';

/** What makes the runs comparable to the curves shown (no steps, options, hyperparameters). */
export function shapeKey(s: ExperimentSpec): string {
  return JSON.stringify([
    s.task.id,
    s.seed,
    s.seeds ?? 1,
    s.fused,
    s.optimizers.map((o) => [o.id, o.weights]),
  ]);
}

/** Everything that decides the curves. */
export function contentKey(s: ExperimentSpec): string {
  return JSON.stringify([
    s.task,
    s.seed,
    s.seeds ?? 1,
    s.steps,
    s.fused,
    s.optimizers.map((o) => [o.id, o.weights, o.hyper, o.schedule ?? []]),
  ]);
}

/** Only starting hyperparameters differ between the two: their indices; else null. */
export function baseHyperChanges(spec: ExperimentSpec, loaded: ExperimentSpec): number[] | null {
  const strip = (s: ExperimentSpec) => ({ ...s, optimizers: s.optimizers.map((o) => ({ ...o, hyper: {} })) });
  if (contentKey(strip(spec)) !== contentKey(strip(loaded))) return null;
  return spec.optimizers.flatMap((o, i) =>
    JSON.stringify(o.hyper) === JSON.stringify(loaded.optimizers[i].hyper) ? [] : [i],
  );
}

/** Most optimizer-steps (× seeds) instant mode recomputes per change. */
export const INSTANT_BUDGET = 8000;

/** Tasks cheap enough to recompute while dragging: 2-D landscapes and small quadratics. */
export function instantApplies(s: ExperimentSpec): boolean {
  const o = s.task.options as { dim?: number };
  const cheap =
    TASKS[s.task.id].twoD ||
    s.task.id === 'dm-quadratic' ||
    (s.task.id === 'quadratic' && (o.dim ?? 0) <= 1000);
  return cheap && s.optimizers.length * s.steps * (s.seeds ?? 1) <= INSTANT_BUDGET;
}

/** Why instant mode does not apply here (for the toggle's hint), or null when it does. */
export function instantWhyNot(s: ExperimentSpec): string | null {
  if (instantApplies(s)) return null;
  const work = s.optimizers.length * s.steps * (s.seeds ?? 1);
  return work > INSTANT_BUDGET
    ? `optimizers × steps × seeds is ${work} here; instant mode recomputes at most ${INSTANT_BUDGET}`
    : 'instant mode applies to the 2-D landscapes and small quadratics (≤ 1000 dimensions)';
}
