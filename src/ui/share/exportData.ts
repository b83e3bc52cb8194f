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
import type { ExperimentSpec } from '../../core/experiment/schema';
import type { RunSeries } from '../store/series';

/** One column per run (labels from runLabels, distinct), in spec order. */
export function curveColumns(spec: ExperimentSpec, runs: readonly RunSeries[]): CurveColumn[] {
  const labels = runLabels(spec);
  return labels.map((label, i) => {
    const r = runs[i];
    return {
      label,
      losses: r ? r.losses.view() : new Float32Array(0),
      ...(r && r.divergedAt !== null ? { divergedAt: r.divergedAt } : {}),
    };
  });
}

export function exportRuns(spec: ExperimentSpec, runs: readonly RunSeries[]): ExportRunInput[] {
  const labels = runLabels(spec);
  return labels.map((label, i) => {
    const r = runs[i];
    if (!r) return { label, losses: new Float32Array(0), probes: {} };
    const probes: Record<string, { width: number; values: Float32Array }> = {};
    for (const [name, p] of r.probes) probes[name] = { width: p.width, values: p.buf.view() };
    return {
      label,
      losses: r.losses.view(),
      probes,
      ...(r.divergedAt !== null ? { divergedAt: r.divergedAt } : {}),
      ...(r.trajectory.length > 0 ? { trajectory: r.trajectory.view() } : {}),
    };
  });
}

export function exportInput(
  spec: ExperimentSpec,
  runs: readonly RunSeries[],
  backend: string,
  appVersion: string,
  exportedAt?: string,
): ExportInput {
  return {
    spec,
    backend,
    appVersion,
    ...(exportedAt !== undefined ? { exportedAt } : {}),
    runs: exportRuns(spec, runs),
  };
}

/** Longest loss series (values, i.e. steps done + 1); 0 when nothing ran. */
export function seriesLength(runs: readonly RunSeries[]): number {
  return runs.reduce((m, r) => Math.max(m, r.losses.length), 0);
}
