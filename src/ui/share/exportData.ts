/**
 * What the export buttons write, from the stores: the loss curves as CurveColumns (CSV) and
 * the export document's input (JSON: spec, series, probes, backend, app version). Pure
 * functions of their arguments; the caller passes the stores' current values.
 */
import {
  type CurveColumn,
  type ExportInput,
  type ExportRunInput,
  runLabels,
} from '../../core/experiment/exportFormats';
import { describeEvent } from '../../core/experiment/schedule';
import type { ExperimentSpec } from '../../core/experiment/schema';
import type { EvalPoint } from '../../core/run/types';
import { heldOutOf } from '../fair/heldOut';
import type { RunSeries } from '../store/series';

/**
 * A CSV column header: the entry's own label if it has one, else its name (distinct, from
 * runLabels) with the hyperparameters the spec sets and any weights, as in the link:
 * "Adam (lr=0.02)", "Adam #2 (lr=0.001, beta2=0.99)", "RNNprop (weights=local:mine)"; recorded
 * edits follow, so the file says which curve was edited where.
 */
export function csvLabel(spec: ExperimentSpec, i: number, base: string): string {
  const o = spec.optimizers[i];
  // Recorded mid-run edits (experiment/schedule.ts): "Adam (lr=0.01; from step 120: lr → 0.001)".
  const edits = (o?.schedule ?? []).map((ev) => `from step ${ev.step}: ${describeEvent(ev)}`);
  if (!o || o.label) return edits.length > 0 ? `${base} (${edits.join('; ')})` : base;
  const parts = Object.entries(o.hyper as Record<string, number | undefined>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`);
  if (o.weights) parts.push(`weights=${o.weights}`);
  return `${base} (${[parts.length > 0 ? parts.join(', ') : 'defaults', ...edits].join('; ')})`;
}

/** One column per run (labels distinct, with hyperparameters), in spec order. */
export function curveColumns(
  spec: ExperimentSpec,
  runs: readonly RunSeries[],
  evals: readonly EvalPoint[] = [],
): CurveColumn[] {
  const labels = runLabels(spec).map((l, i) => csvLabel(spec, i, l));
  return labels.map((label, i) => {
    const r = runs[i];
    const heldOut = heldOutOf(evals, i);
    return {
      label,
      losses: r ? r.losses.view() : new Float32Array(0),
      ...(r && r.divergedAt !== null ? { divergedAt: r.divergedAt } : {}),
      ...(heldOut ? { heldOut } : {}),
    };
  });
}

export function exportRuns(
  spec: ExperimentSpec,
  runs: readonly RunSeries[],
  evals: readonly EvalPoint[] = [],
): ExportRunInput[] {
  const labels = runLabels(spec);
  return labels.map((label, i) => {
    const r = runs[i];
    if (!r) return { label, losses: new Float32Array(0), probes: {} };
    const heldOut = heldOutOf(evals, i);
    const probes: Record<string, { width: number; values: Float32Array }> = {};
    for (const [name, p] of r.probes) probes[name] = { width: p.width, values: p.buf.view() };
    return {
      label,
      losses: r.losses.view(),
      probes,
      ...(r.divergedAt !== null ? { divergedAt: r.divergedAt } : {}),
      ...(r.trajectory.length > 0 ? { trajectory: r.trajectory.view() } : {}),
      ...(heldOut ? { heldOut } : {}),
    };
  });
}

export function exportInput(
  spec: ExperimentSpec,
  runs: readonly RunSeries[],
  backend: string,
  appVersion: string,
  exportedAt?: string,
  evals: readonly EvalPoint[] = [],
): ExportInput {
  return {
    spec,
    backend,
    appVersion,
    ...(exportedAt !== undefined ? { exportedAt } : {}),
    runs: exportRuns(spec, runs, evals),
  };
}

/** Longest loss series (values, i.e. steps done + 1); 0 when nothing ran. */
export function seriesLength(runs: readonly RunSeries[]): number {
  return runs.reduce((m, r) => Math.max(m, r.losses.length), 0);
}
