/**
 * Import a JSON export: validate it (core parseExportDocument, messages naming each bad
 * field), then restore its spec AND its series into the stores without re-running. The run
 * store's `imported` marks the series as such until a real run replaces them (Run, or an edit
 * of task, seed, steps, optimizer list or backend). A rejected file changes nothing.
 */
import { type ExportDocument, parseExportDocument } from '../../core/experiment/exportFormats';
import { GrowBuf } from '../lib/growable';
import { useRun } from '../store/runStore';
import { type RunSeries, series } from '../store/series';
import { runKey, useSpec } from '../store/specStore';
import { controller } from '../worker/client';

/** The series of an export document, as the series store holds them. */
export function seriesFromDocument(doc: ExportDocument): RunSeries[] {
  return doc.runs.map((r) => {
    const losses = new GrowBuf(Math.max(1, r.losses.length));
    losses.push(r.losses);
    const trajectory = new GrowBuf(Math.max(1, r.trajectory?.length ?? 0));
    if (r.trajectory) trajectory.push(r.trajectory);
    const probes = new Map<string, { width: number; buf: GrowBuf }>();
    for (const [name, p] of Object.entries(r.probes)) {
      const buf = new GrowBuf(Math.max(1, p.values.length));
      buf.push(p.values);
      probes.set(name, { width: p.width, buf });
    }
    return { losses, trajectory, probes, divergedAt: r.divergedAt ?? null };
  });
}

let importedKey: string | null = null;
/** The series arrays that were imported; the worker client replaces them on Run, Step or Reset. */
let importedRuns: RunSeries[] | null = null;
let watching = false;

function leave(): void {
  importedKey = null;
  importedRuns = null;
  useRun.setState({ imported: null });
}

/** Leave the imported state once the runs it shows no longer match the spec, or are replaced. */
function watch(): void {
  if (watching) return;
  watching = true;
  useSpec.subscribe((s, p) => {
    if (!useRun.getState().imported || s.spec === p.spec) return;
    if (s.spec.backend !== p.spec.backend || runKey(s.spec) !== importedKey) {
      leave();
      // The backend change resets by itself; otherwise clear the stale curves.
      if (s.spec.backend === p.spec.backend) void controller.reset();
    }
  });
  useRun.subscribe((s) => {
    if (s.imported && (s.state === 'loading' || series.runs !== importedRuns)) leave();
  });
}

/** Put a validated document's spec and series into the stores (no run). */
export async function applyDocument(doc: ExportDocument, fileName: string): Promise<void> {
  watch();
  if (useRun.getState().imported) leave();
  // Stop and forget the current runner, then switch the spec; a backend change resets once
  // more, so reset again afterwards (calls reach the worker in order) before filling in.
  await controller.reset();
  useSpec.getState().replaceSpec(doc.spec);
  await controller.reset();
  const runs = seriesFromDocument(doc);
  series.runs = runs;
  const n = runs.reduce((m, r) => Math.max(m, r.losses.length), 0);
  series.steps = n;
  importedRuns = runs;
  importedKey = runKey(useSpec.getState().spec);
  useRun.setState((s) => ({
    imported: {
      fileName,
      appVersion: doc.appVersion,
      backend: doc.backend,
      ...(doc.exportedAt !== undefined ? { exportedAt: doc.exportedAt } : {}),
      steps: Math.max(0, n - 1),
    },
    state: 'idle',
    step: Math.max(0, n - 1),
    stepsPerSec: 0,
    error: null,
    evalLosses: null,
    hidden: new Set(),
    version: s.version + 1,
  }));
}

export type ImportOutcome = { ok: true; notes: string[] } | { ok: false; errors: string[] };

/** Validate and apply an export file's text; on failure nothing changes. */
export async function importExportText(text: string, fileName: string): Promise<ImportOutcome> {
  const res = parseExportDocument(text);
  if (!res.ok) return { ok: false, errors: res.errors };
  await applyDocument(res.doc, fileName);
  return { ok: true, notes: res.notes };
}
