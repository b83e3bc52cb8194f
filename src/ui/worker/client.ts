/**
 * The main thread's side of the training worker: spawns it, forwards worker events into the
 * stores, and turns spec edits into worker calls (liveSync.ts decides: mid-run hyperparameter
 * edits → setHyper at the next step, recorded in the spec (liveEdits.ts); task/seed/
 * optimizer-list edits → reset; start point, steps, a finished run's values → the curves stay,
 * marked stale, until Run; instant mode → recompute everything; backend → re-select, reset).
 */
import * as Comlink from 'comlink';
import type { ExperimentSpec } from '../../core/experiment/schema';
import type { RunCheckpointSet } from '../../core/run/checkpointTypes';
import type { TrainApi, WorkerEvent } from '../../core/worker/protocol';
import { onCsv } from '../data/csvRegistry';
import { useRun } from '../store/runStore';
import { appendFrame, resetSeries, series } from '../store/series';
import { setHyperHook, useSpec } from '../store/specStore';
import { guarded, link } from './link';
import { continueBy, liveHyper, onInstant, requestInstant } from './liveEdits';
import { baseHyperChanges, contentKey, instantApplies, shapeKey } from './liveSync';

/** The loaded run's last checkpoint from the worker (params + optimizer state; run/checkpoint.ts). */
let lastCheckpoint: RunCheckpointSet | null = null;
let bumpQueued = false;
let lastStatusAt = 0;
const STATUS_INTERVAL_MS = 100;

function bumpVersion(): void {
  if (bumpQueued) return;
  bumpQueued = true;
  requestAnimationFrame(() => {
    bumpQueued = false;
    useRun.setState((s) => ({ version: s.version + 1 }));
  });
}

function onEvent(ev: WorkerEvent): void {
  switch (ev.type) {
    case 'frame':
      // Drop frames from a runner that was replaced (they would not continue our series).
      if (link.loaded === null || ev.frame.fromStep !== series.steps) return;
      appendFrame(ev.frame);
      bumpVersion();
      return;
    case 'status':
      if (link.loaded === null && ev.state !== 'loading') {
        // Imported series (share/importDocument.ts) keep their step count until a real run.
        if (!useRun.getState().imported) useRun.setState({ step: 0, stepsPerSec: 0 });
        return;
      }
      {
        // Step counter and speed at ≤ 10 Hz; state changes at once.
        const now = performance.now();
        if (
          ev.state === 'running' &&
          useRun.getState().state === 'running' &&
          now - lastStatusAt < STATUS_INTERVAL_MS
        )
          return;
        lastStatusAt = now;
        useRun.setState({ state: ev.state, step: ev.step, stepsPerSec: ev.stepsPerSec });
      }
      return;
    case 'backend':
      useRun.setState((s) => ({
        backend: ev.info,
        backendPending: false,
        backendNote: ev.note ?? s.backendNote,
      }));
      return;
    case 'kernels':
      useRun.setState({ kernels: ev.info });
      return;
    case 'eval':
      useRun.setState({ evalLosses: ev.losses });
      return;
    case 'instant':
      onInstant(ev);
      return;
    case 'checkpoint':
      if (link.loaded !== null) lastCheckpoint = ev.checkpoint;
      return;
    case 'error':
      useRun.setState({ error: ev.message, state: 'error' });
      return;
  }
}

async function ensureLoaded(): Promise<void> {
  if (!link.api) return;
  const spec = useSpec.getState().spec;
  if (link.loaded && contentKey(link.loaded) === contentKey(spec) && !useRun.getState().stale) return;
  resetSeries(spec.optimizers.length);
  lastCheckpoint = null;
  useRun.setState((s) => ({
    version: s.version + 1,
    evalLosses: null,
    error: null,
    state: 'loading',
    step: 0,
    stale: false,
  }));
  link.loaded = spec;
  await link.api.load(spec);
}

export const controller = {
  run: (): Promise<void> =>
    guarded('run', async () => {
      if (!link.api) return;
      await ensureLoaded();
      if (useRun.getState().state === 'error') return;
      await link.api.play();
    }),
  pause: (): Promise<void> => guarded('pause', async () => link.api?.pause()),
  step: (n = 1): Promise<void> =>
    guarded('step', async () => {
      if (!link.api) return;
      await ensureLoaded();
      if (useRun.getState().state === 'error') return;
      await link.api.stepOnce(n);
    }),
  reset: (): Promise<void> =>
    guarded('reset', async () => {
      if (!link.api) return;
      await link.api.pause();
      link.loaded = null;
      lastCheckpoint = null;
      resetSeries(useSpec.getState().spec.optimizers.length);
      useRun.setState((s) => ({
        state: 'idle',
        step: 0,
        stepsPerSec: 0,
        error: null,
        evalLosses: null,
        stale: false,
        version: s.version + 1,
      }));
    }),
  continueBy,
  /** Instant mode on or off; on: recompute at once where it applies. */
  setInstant(on: boolean): void {
    useRun.setState({ instant: on, instantRate: null, instantMs: null });
    const spec = useSpec.getState().spec;
    if (on && instantApplies(spec)) {
      void controller.reset().then(() => requestInstant(useSpec.getState().spec));
    }
  },
};

async function changeBackend(spec: ExperimentSpec): Promise<void> {
  if (!link.api) return;
  await controller.reset();
  useRun.setState({ backendPending: true, backendNote: null });
  try {
    await link.api.setBackend(spec.backend);
  } catch (e) {
    useRun.setState({ error: e instanceof Error ? e.message : String(e), backendPending: false });
  }
}

function onSpecChange(spec: ExperimentSpec, prev: ExperimentSpec): void {
  if (spec.backend !== prev.backend) {
    void changeBackend(spec);
    return;
  }
  if (useRun.getState().instant && instantApplies(spec)) {
    if (contentKey(spec) !== contentKey(prev)) requestInstant(spec);
    return;
  }
  const loaded = link.loaded;
  if (loaded === null || !link.api) return;
  if (contentKey(spec) === contentKey(loaded)) {
    if (useRun.getState().stale) useRun.setState({ stale: false });
    return;
  }
  if (shapeKey(spec) !== shapeKey(loaded)) {
    void controller.reset();
    return;
  }
  const base = baseHyperChanges(spec, loaded);
  if (base && series.steps === 0) {
    // Loaded, not started: new starting values. Sparse: the runner completes them with defaults.
    link.loaded = spec;
    for (const i of base)
      void guarded('hyperparameter change', async () => {
        await link.api?.setHyper(i, spec.optimizers[i].hyper);
      });
    return;
  }
  // The start point, the steps or a finished run's values changed: keep the curves until Run.
  if (useRun.getState().state === 'running') void controller.pause();
  useRun.setState({ stale: true });
}

const CHAIN = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
let worker: Worker | null = null;
let restarting = false;
/** Events of an older (crashed) worker still in flight are ignored. */
let generation = 0;

function spawnWorker(): Comlink.Remote<TrainApi> {
  const w = new Worker(new URL('../../../workers/train.worker.ts', import.meta.url), {
    type: 'module',
    name: 'train',
  });
  worker = w;
  // An uncaught error in the worker: it cannot be trusted to go on, so start a fresh one.
  w.addEventListener('error', (e) => {
    if (worker === w) void restartWorker(e.message || 'uncaught error');
  });
  w.addEventListener('messageerror', () => {
    useRun.setState({ error: 'training worker: a message could not be read', state: 'error' });
  });
  const a = Comlink.wrap<TrainApi>(w);
  const gen = ++generation;
  const sink = (ev: WorkerEvent) => {
    if (gen === generation) onEvent(ev);
  };
  void guarded('training worker', async () => a.connect(Comlink.proxy(sink)));
  // Uploaded CSVs (the 'csv' task's data) go to this worker before any load.
  onCsv((hash, text) => {
    if (gen === generation) void a.putCsv(hash, text).catch(() => undefined);
  });
  return a;
}

/**
 * The training worker crashed (or was lost): start a new one on the next backend, load the
 * same run from its last checkpoint (step 0 without one), replay silently to the step the
 * charts show (deterministic: the same state, inits and minibatches) and go on if it was
 * running. The history is kept.
 */
export async function restartWorker(why: string): Promise<void> {
  if (restarting || !link.api) return;
  restarting = true;
  worker?.terminate();
  generation++; // from here on, frames still queued from the dead worker are dropped
  const { state, backend } = useRun.getState();
  const at = series.steps;
  const current = CHAIN.indexOf((backend?.name ?? 'cpu') as (typeof CHAIN)[number]);
  const next = CHAIN[Math.min(CHAIN.length - 1, Math.max(0, current + 1))];
  try {
    link.api = spawnWorker();
    useRun.setState({ backendPending: true });
    await link.api.setBackend(next);
    let from = 0;
    if (link.loaded !== null) {
      const ck = lastCheckpoint && lastCheckpoint.step <= at ? lastCheckpoint : undefined;
      from = await link.api.load(useSpec.getState().spec, ck);
      // Its frames start before the charts' last step: dropped, the history stays.
      if (at > from) await link.api.stepOnce(at - from);
      if (state === 'running') await link.api.play();
    }
    const resumed = from > 0 ? ` from the checkpoint at step ${from}` : '';
    useRun.setState({
      backendNote: `The training worker crashed (${why}); restarted on ${next}${resumed}${at > from ? ` and replayed ${at - from} steps` : ''}. History kept.`,
    });
  } catch (e) {
    useRun.setState({
      error: `training worker restart failed: ${e instanceof Error ? e.message : String(e)}`,
      state: 'error',
    });
  } finally {
    restarting = false;
  }
}

/** The step of the last checkpoint the main thread holds (null: none yet); for tests. */
export function checkpointStep(): number | null {
  return lastCheckpoint?.step ?? null;
}

/** Test hook: kill the training worker as a crash would, then recover (restartWorker). */
export function crashWorkerForTest(): Promise<void> {
  worker?.terminate();
  return restartWorker('terminated');
}

/** Start the worker once; safe to call again. */
export function startWorker(): void {
  if (link.api) return;
  link.api = spawnWorker();
  setHyperHook(liveHyper);
  void changeBackend(useSpec.getState().spec);
  useSpec.subscribe((s, p) => {
    if (s.spec !== p.spec) onSpecChange(s.spec, p.spec);
  });
}
