/**
 * The main thread's side of the meta-training worker (workers/metaTrain.worker.ts): spawns
 * it on first use, forwards its events into the panel's store, and wraps its calls so errors
 * land in the store as messages.
 */
import * as Comlink from 'comlink';
import type { BackendPref } from '../../core/experiment/schema';
import type { MetaApi, MetaEvent } from '../../core/meta/protocol';
import { useSpec } from '../store/specStore';
import { useMeta } from './metaStore';
import { appendPpo, ppoPointsOf } from './ppoHistory';

let api: Comlink.Remote<MetaApi> | null = null;
let backendReady: Promise<unknown> | null = null;

function onEvent(ev: MetaEvent): void {
  switch (ev.type) {
    case 'progress':
      useMeta.setState((s) => ({
        progress: ev.progress,
        progressAt: performance.now(),
        stopping: s.stopping && (ev.progress.state === 'running' || ev.progress.state === 'paused'),
        ...appendPpo(s, ev.progress),
      }));
      return;
    case 'loss':
      useMeta.setState((s) => {
        const losses = s.losses.slice(0, ev.from - 1);
        losses.push(...ev.values);
        return { losses };
      });
      return;
    case 'eval':
      useMeta.setState((s) => ({ evals: [...s.evals, ev.result] }));
      return;
    case 'extras':
      useMeta.setState((s) => ({
        ppo: [...s.ppo.filter((p) => p.it < ev.from), ...ppoPointsOf(ev.from, ev.values)],
      }));
      return;
    case 'backend':
      useMeta.setState({ backend: ev.info });
      return;
    case 'error':
      useMeta.setState({ error: ev.message });
      return;
    case 'checkpoint':
      if (ev.error) useMeta.setState({ checkpointError: ev.error });
      else useMeta.setState({ checkpointSaved: ev.iteration ?? null });
      return;
  }
}

/** The worker, started on first use with the app's backend preference (same chain as training). */
export function metaApi(pref: BackendPref = useSpec.getState().spec.backend): Comlink.Remote<MetaApi> {
  if (!api) {
    const worker = new Worker(new URL('../../../workers/metaTrain.worker.ts', import.meta.url), {
      type: 'module',
      name: 'meta-train',
    });
    // A worker that dies (load error, out of memory) must not leave the panel 'running'.
    worker.addEventListener('error', (e) => {
      useMeta.setState((s) => ({
        error: `meta-training worker failed: ${e.message || 'unknown error'}`,
        progress: { ...s.progress, state: 'error' },
      }));
    });
    api = Comlink.wrap<MetaApi>(worker);
    api.connect(Comlink.proxy(onEvent)).catch((e: unknown) => useMeta.setState({ error: String(e) }));
    backendReady = api.setBackend(pref).catch((e: unknown) => useMeta.setState({ error: String(e) }));
  }
  return api;
}

/** Run a worker call once the backend is up; errors become the store's error line. */
export async function call<T>(f: (a: Comlink.Remote<MetaApi>) => Promise<T>): Promise<T | undefined> {
  try {
    const a = metaApi();
    await backendReady;
    useMeta.setState({ error: null });
    return await f(a);
  } catch (e) {
    useMeta.setState({ error: e instanceof Error ? e.message : String(e) });
    return undefined;
  }
}
