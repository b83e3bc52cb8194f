/**
 * The main thread's side of the training worker: spawns it, forwards worker events into the
 * stores, and turns spec edits into worker calls (hyperparameter edits → setHyper at the next
 * step; task/seed/optimizer-list edits → reset; backend edits → re-select then reset).
 */
import * as Comlink from 'comlink';
import type { ExperimentSpec } from '../../core/experiment/schema';
import type { TrainApi, WorkerEvent } from '../../core/worker/protocol';
import { useRun } from '../store/runStore';
import { appendFrame, resetSeries, series } from '../store/series';
import { runKey, useSpec } from '../store/specStore';

let api: Comlink.Remote<TrainApi> | null = null;
let loadedKey: string | null = null;
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
      void guarded('hyperparameter change', async () => api?.setHyper(i, o.hyper));
  });
}

/** Start the worker once; safe to call again. */
export function startWorker(): void {
  if (api) return;
  const worker = new Worker(new URL('../../../workers/train.worker.ts', import.meta.url), {
    type: 'module',
    name: 'train',
  });
  worker.addEventListener('error', (e) => {
    useRun.setState({ error: `training worker failed: ${e.message}`, backendPending: false, state: 'error' });
  });
  worker.addEventListener('messageerror', () => {
    useRun.setState({ error: 'training worker: a message could not be read', state: 'error' });
  });
  api = Comlink.wrap<TrainApi>(worker);
  void guarded('training worker', async () => api?.connect(Comlink.proxy(onEvent)));
  void changeBackend(useSpec.getState().spec);
  useSpec.subscribe((s, p) => {
    if (s.spec !== p.spec) onSpecChange(s.spec, p.spec);
  });
}
