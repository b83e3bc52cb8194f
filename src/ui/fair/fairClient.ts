/**
 * The main thread's side of the fair-comparisons worker (workers/fair.worker.ts): started on
 * first use with the app's backend preference; runs Tune sweeps and presets and puts their
 * progress and results in the fair store. A preset also loads its first experiment into the
 * playground and runs it, so its charts stream while the preset's numbers are computed.
 */
import * as Comlink from 'comlink';
import { specFromQuery } from '../../core/experiment/url';
import { presetById } from '../../core/presets/catalog';
import { sweepGrid } from '../../core/run/grid';
import type { FairApi } from '../../core/worker/fairProtocol';
import { onCsv } from '../data/csvRegistry';
import { useRun } from '../store/runStore';
import { useSpec } from '../store/specStore';
import { controller } from '../worker/client';
import { patchPreset, patchTune, useFair } from './fairStore';

let api: Comlink.Remote<FairApi> | null = null;

export function fairApi(): Comlink.Remote<FairApi> {
  if (api) return api;
  const worker = new Worker(new URL('../../../workers/fair.worker.ts', import.meta.url), {
    type: 'module',
    name: 'fair',
  });
  const a = Comlink.wrap<FairApi>(worker);
  api = a;
  onCsv((hash, text) => void a.putCsv(hash, text).catch(() => undefined));
  void api.setBackend(useSpec.getState().spec.backend).catch(() => undefined);
  return api;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Run the Tune sweep described by the store's tune state. */
export async function runTune(): Promise<void> {
  const t = useFair.getState().tune;
  if (!t || t.running) return;
  let values: number[];
  try {
    values = sweepGrid(t.from, t.to, t.points, t.scale);
  } catch (e) {
    patchTune({ error: message(e) });
    return;
  }
  patchTune({ running: true, progress: 0, text: 'starting…', error: null, result: null, applied: null });
  try {
    const result = await fairApi().sweep(
      { spec: useSpec.getState().spec, index: t.index, param: t.param, values },
      Comlink.proxy((progress: number, text: string) => patchTune({ progress, text })),
    );
    patchTune({ running: false, result, resultScale: t.scale, progress: 1, text: '' });
  } catch (e) {
    patchTune({ running: false, error: message(e) });
  }
}

/** Resolves once the training worker has a backend (a preset link opens before it has one). */
function backendReady(): Promise<void> {
  if (!useRun.getState().backendPending) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = useRun.subscribe((s) => {
      if (!s.backendPending) {
        stop();
        resolve();
      }
    });
  });
}

/** Open a preset: load its first experiment, run it, and compute the preset's numbers. */
export async function openPreset(id: string): Promise<void> {
  const preset = presetById(id);
  if (!preset) return;
  const { spec } = specFromQuery(preset.experiments[0].query);
  const backend = useSpec.getState().spec.backend;
  useSpec.getState().replaceSpec({ ...spec, backend });
  useFair.setState({
    preset: { id, running: true, progress: 0, text: 'starting…', result: null, error: null },
  });
  void (async () => {
    await backendReady();
    await controller.reset();
    await controller.run();
  })();
  try {
    const result = await fairApi().preset(
      id,
      Comlink.proxy((progress: number, text: string) => patchPreset({ progress, text })),
    );
    if (useFair.getState().preset?.id === id) patchPreset({ running: false, result, progress: 1, text: '' });
  } catch (e) {
    if (useFair.getState().preset?.id === id) patchPreset({ running: false, error: message(e) });
  }
}
