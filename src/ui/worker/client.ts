/**
 * The main thread's side of the training worker: spawns it, forwards worker events into the
 * stores, and turns spec edits into worker calls (hyperparameter edits → setHyper at the next
 * step; task/seed/optimizer-list edits → reset; backend edits → re-select then reset).
 */
import * as Comlink from 'comlink';
import type { ExperimentSpec } from '../../core/experiment/schema';
import type { RunCheckpointSet } from '../../core/run/checkpointTypes';
import type { TrainApi, WorkerEvent } from '../../core/worker/protocol';
import { onCsv } from '../data/csvRegistry';
import { useRun } from '../store/runStore';
import { appendFrame, resetSeries, series } from '../store/series';
import { runKey, useSpec } from '../store/specStore';

let api: Comlink.Remote<TrainApi> | null = null;
let loadedKey: string | null = null;
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
      if (loadedKey === null || ev.frame.fromStep !== series.steps) return;
      appendFrame(ev.frame);
      bumpVersion();
      return;
    case 'status':
      if (loadedKey === null && ev.state !== 'loading') {
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
    case 'checkpoint':
      if (loadedKey !== null) lastCheckpoint = ev.checkpoint;
      return;
    case 'error':
      useRun.setState({ error: ev.message, state: 'error' });
      return;
  }
}

async function ensureLoaded(): Promise<void> {
  if (!api) return;
  const spec = useSpec.getState().spec;
  const key = runKey(spec);
  if (loadedKey === key) return;
  resetSeries(spec.optimizers.length);
  lastCheckpoint = null;
  useRun.setState((s) => ({
    version: s.version + 1,
    evalLosses: null,
    error: null,
    state: 'loading',
    step: 0,
  }));
  loadedKey = key;
  await api.load(spec);
}

/** Run a worker call; a failure (worker gone, call rejected) becomes the run's error, never a rejection. */
async function guarded(what: string, f: () => Promise<void>): Promise<void> {
  try {
    await f();
  } catch (e) {
    useRun.setState({ error: `${what}: ${e instanceof Error ? e.message : String(e)}`, state: 'error' });
  }
}

export const controller = {
  run: (): Promise<void> =>
    guarded('run', async () => {
      if (!api) return;
      await ensureLoaded();
      if (useRun.getState().state === 'error') return;
      await api.play();
    }),
  pause: (): Promise<void> => guarded('pause', async () => api?.pause()),
  step: (n = 1): Promise<void> =>
    guarded('step', async () => {
      if (!api) return;
      await ensureLoaded();
      if (useRun.getState().state === 'error') return;
      await api.stepOnce(n);
    }),
  reset: (): Promise<void> =>
    guarded('reset', async () => {
      if (!api) return;
      await api.pause();
      loadedKey = null;
      lastCheckpoint = null;
      resetSeries(useSpec.getState().spec.optimizers.length);
      useRun.setState((s) => ({
        state: 'idle',
        step: 0,
        stepsPerSec: 0,
        error: null,
        evalLosses: null,
        version: s.version + 1,
      }));
    }),
};

async function changeBackend(spec: ExperimentSpec): Promise<void> {
  if (!api) return;
  await controller.reset();
  useRun.setState({ backendPending: true, backendNote: null });
  try {
    await api.setBackend(spec.backend);
  } catch (e) {
    useRun.setState({ error: e instanceof Error ? e.message : String(e), backendPending: false });
  }
}

function onSpecChange(spec: ExperimentSpec, prev: ExperimentSpec): void {
  if (spec.backend !== prev.backend) {
    void changeBackend(spec);
    return;
  }
  if (runKey(spec) !== runKey(prev)) {
    if (loadedKey !== null) void controller.reset();
    return;
  }
  if (loadedKey === null || !api) return;
  spec.optimizers.forEach((o, i) => {
    // Sparse: the runner completes it with the defaults (run/rules.ts completeHyper).
    if (o.hyper !== prev.optimizers[i]?.hyper)
      void guarded('hyperparameter change', async () => {
        await api?.setHyper(i, o.hyper);
      });
  });
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
  if (restarting || !api) return;
  restarting = true;
  worker?.terminate();
  generation++; // from here on, frames still queued from the dead worker are dropped
  const { state, backend } = useRun.getState();
  const at = series.steps;
  const current = CHAIN.indexOf((backend?.name ?? 'cpu') as (typeof CHAIN)[number]);
  const next = CHAIN[Math.min(CHAIN.length - 1, Math.max(0, current + 1))];
  try {
    api = spawnWorker();
    useRun.setState({ backendPending: true });
    await api.setBackend(next);
    let from = 0;
    if (loadedKey !== null) {
      const ck = lastCheckpoint && lastCheckpoint.step <= at ? lastCheckpoint : undefined;
      from = await api.load(useSpec.getState().spec, ck);
      // Its frames start before the charts' last step: dropped, the history stays.
      if (at > from) await api.stepOnce(at - from);
      if (state === 'running') await api.play();
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
  if (api) return;
  api = spawnWorker();
  void changeBackend(useSpec.getState().spec);
  useSpec.subscribe((s, p) => {
    if (s.spec !== p.spec) onSpecChange(s.spec, p.spec);
  });
}
