/**
 * The worker client's answers to edits of a loaded run (liveSync.ts decides which):
 *  - a hyperparameter changed while a run is mid-way is sent to the worker, which applies it
 *    at the next step and records it there (run/edits.ts); the spec takes the worker's record,
 *    so the link redraws the curve exactly;
 *  - Continue +N extends a finished run in the worker (Runner.extend) and grows spec.steps;
 *  - instant mode recomputes every trajectory on each change (worker/instant.ts; latest wins).
 */
import { finalHyper, recordEdit } from '../../core/experiment/schedule';
import type { ExperimentSpec, OptimizerEntry } from '../../core/experiment/schema';
import type { Hyper } from '../../core/optim/catalog';
import type { Frame } from '../../core/run/types';
import { useRun } from '../store/runStore';
import { appendFrame, resetSeries, series } from '../store/series';
import { useSpec } from '../store/specStore';
import { guarded, link, withEntryEdits } from './link';
import { instantApplies } from './liveSync';

/** Record edits in the mirror first, so the spec change that follows looks like no change. */
function commitEdits(index: number, edits: Pick<OptimizerEntry, 'hyper' | 'schedule'>): void {
  if (link.loaded) link.loaded = withEntryEdits(link.loaded, index, edits);
  useSpec.getState().setEdits(index, edits);
}

/** specStore's hyperHook: true when the edit was taken as a mid-run edit. */
export function liveHyper(index: number, patch: Hyper): boolean {
  const run = useRun.getState();
  const api = link.api;
  const loaded = link.loaded;
  if (!api || !loaded || run.stale || series.steps === 0) return false;
  if (run.state !== 'running' && run.state !== 'paused') return false;
  const entry = useSpec.getState().spec.optimizers[index];
  if (!entry) return false;
  const before = { hyper: entry.hyper, schedule: entry.schedule };
  const full = { ...finalHyper(entry.hyper, entry.schedule), ...patch };
  // Shown at once at the step last seen; the worker's answer says where it applied.
  commitEdits(index, recordEdit(entry.hyper, entry.schedule, Math.max(1, run.step), patch));
  void guarded('hyperparameter change', async () => {
    const applied = await api.setHyper(index, full);
    if (!applied) {
      commitEdits(index, before); // refused: the error event says why
    } else if (applied.step >= (link.loaded?.steps ?? 0)) {
      // The run finished first: a starting-value edit of a finished run (stale until Run).
      commitEdits(index, before);
      useSpec.getState().setEdits(index, { hyper: { ...entry.hyper, ...patch }, schedule: entry.schedule });
    } else commitEdits(index, { hyper: applied.entry.hyper, schedule: applied.entry.schedule });
  });
  return true;
}

/** Continue +N: a finished run goes on for n more steps (instant mode: recompute with more). */
export function continueBy(n: number): Promise<void> {
  return guarded('continue', async () => {
    const spec = useSpec.getState().spec;
    if (useRun.getState().instant && instantApplies(spec)) {
      useSpec.getState().setSteps(spec.steps + n);
      return;
    }
    const api = link.api;
    if (!api || !link.loaded || useRun.getState().stale || useRun.getState().state !== 'done') return;
    const steps = await api.extend(n);
    if (steps === null || !link.loaded) return;
    link.loaded = { ...link.loaded, steps };
    useSpec.getState().setSteps(steps);
    await api.play();
  });
}

let nextId = 0;
let shownId = -1;
const answers: number[] = [];

/** An instant request is still unanswered (a drag then waits instead of re-rendering for nothing). */
export function instantBusy(): boolean {
  return nextId > shownId && link.api !== null && useRun.getState().instant;
}

/** Ask the worker for the whole run of `spec` (instant mode). */
export function requestInstant(spec: ExperimentSpec): void {
  const api = link.api;
  if (!api) return;
  const id = ++nextId;
  void guarded('instant', async () => api.instant(spec, id));
}

type InstantAnswer = { id: number; frame: Frame; ms: number; slow: string | null };
let waiting: InstantAnswer | null = null;

/**
 * An instant answer: replaces the curves unless a newer answer is already shown. Answers are
 * shown at most once per animation frame (the newest of those that arrived since the last
 * one), so a burst of fast answers costs one redraw per frame; the drag sends its next point
 * once an answer is shown (instantBusy).
 */
export function onInstant(ev: InstantAnswer): boolean {
  if (ev.id <= shownId || !useRun.getState().instant) return false;
  if (waiting && waiting.id >= ev.id) return false;
  const first = waiting === null;
  waiting = ev;
  if (first) requestAnimationFrame(showInstant);
  return true;
}

function showInstant(): void {
  const ev = waiting;
  waiting = null;
  if (!ev || ev.id <= shownId || !useRun.getState().instant) return;
  shownId = ev.id;
  const spec = useSpec.getState().spec;
  resetSeries(spec.optimizers.length);
  appendFrame(ev.frame);
  const now = performance.now();
  answers.push(now);
  while (answers.length > 0 && answers[0] < now - 1000) answers.shift();
  useRun.setState((s) => ({
    state: 'done',
    step: ev.frame.count - 1,
    stale: false,
    error: null,
    evalLosses: null,
    instantMs: ev.ms,
    instantRate: answers.length,
    instantCount: s.instantCount + 1,
    instantSlow: ev.slow,
    version: s.version + 1,
  }));
}
