/**
 * The JSON export document (version 1) as text: exportDocumentJson. See exportFormats.ts for
 * the format; importJson.ts reads it back.
 */
import { EXPORT_KIND, EXPORT_VERSION, type HeldOutSeries, shortestFloat32 } from './exportCommon';
import type { ExperimentSpec } from './schema';

export interface ProbeSeries {
  width: number;
  /** width values per recorded step, row-major. */
  values: Float32Array;
}

export interface ExportRun {
  label: string;
  losses: Float32Array;
  probes: Record<string, ProbeSeries>;
  divergedAt?: number;
  /** 2-D tasks: interleaved x, y per step. */
  trajectory?: Float32Array;
  heldOut?: HeldOutSeries;
}

export interface ExportDocument {
  kind: typeof EXPORT_KIND;
  version: number;
  appVersion: string;
  exportedAt?: string;
  spec: ExperimentSpec;
  /** The backend the runs actually used (webgpu, webgl, wasm, cpu, …). */
  backend: string;
  runs: ExportRun[];
}

export interface ExportRunInput {
  label: string;
  losses: ArrayLike<number>;
  probes?: Record<string, { width: number; values: ArrayLike<number> }>;
  divergedAt?: number;
  trajectory?: ArrayLike<number>;
  heldOut?: HeldOutSeries;
}

export interface ExportInput {
  spec: ExperimentSpec;
  backend: string;
  appVersion: string;
  /** ISO time; left out unless given (keeps exports reproducible byte for byte). */
  exportedAt?: string;
  runs: readonly ExportRunInput[];
}

function jsonSeries(a: ArrayLike<number>): (number | null)[] {
  const f32 = a instanceof Float32Array;
  const out: (number | null)[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    out[i] = Number.isFinite(v) ? (f32 ? shortestFloat32(v) : v) : null;
  }
  return out;
}

/** The export document as JSON text. */
export function exportDocumentJson(input: ExportInput): string {
  const doc = {
    kind: EXPORT_KIND,
    version: EXPORT_VERSION,
    appVersion: input.appVersion,
    ...(input.exportedAt !== undefined ? { exportedAt: input.exportedAt } : {}),
    spec: input.spec,
    backend: input.backend,
    runs: input.runs.map((r) => ({
      label: r.label,
      losses: jsonSeries(r.losses),
      probes: Object.fromEntries(
        Object.entries(r.probes ?? {}).map(([name, p]) => [
          name,
          { width: p.width, values: jsonSeries(p.values) },
        ]),
      ),
      ...(r.divergedAt !== undefined ? { divergedAt: r.divergedAt } : {}),
      ...(r.trajectory !== undefined ? { trajectory: jsonSeries(r.trajectory) } : {}),
      ...(r.heldOut
        ? {
            heldOut: {
              steps: r.heldOut.steps,
              loss: jsonSeries(r.heldOut.loss),
              ...(r.heldOut.accuracy ? { accuracy: jsonSeries(r.heldOut.accuracy) } : {}),
            },
          }
        : {}),
    })),
  };
  return JSON.stringify(doc);
}
