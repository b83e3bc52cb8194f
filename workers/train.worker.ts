/**
 * Training worker entry (module worker): registers the tfjs backends, points wasm at its
 * Vite-bundled binaries, and exposes a TrainSession through comlink. All the logic lives in
 * src/core; this file only wires the host.
 */
import '../src/core/experiment/zodSetup';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import { InstantRunner } from '../src/core/worker/instant';
import type { TrainApi, WorkerEvent } from '../src/core/worker/protocol';
import { TrainSession } from '../src/core/worker/session';

// Threaded wasm crashes in minified builds and gains nothing on few cores (docs/environment.md).
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({
  'tfjs-backend-wasm.wasm': plain,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': threaded,
});

let sink: ((ev: WorkerEvent) => void) | null = null;
const emit = (ev: WorkerEvent, transfer?: ArrayBuffer[]) => {
  if (!sink) return;
  sink(transfer && transfer.length > 0 ? Comlink.transfer(ev, transfer) : ev);
};

/** Uploaded CSVs by content hash (the 'csv' task's data; the main thread sends them). */
const csvTexts = new Map<string, string>();

const env = {
  csv: async (hash: string) => {
    const t = csvTexts.get(hash);
    if (t === undefined) throw new Error(`no uploaded CSV with hash ${hash}`);
    return t;
  },
  mnist: async () => {
    const res = await fetch(new URL(`${import.meta.env.BASE_URL}data/mnist.bin`, self.location.origin));
    if (!res.ok)
      throw new Error(`MNIST data: GET /data/mnist.bin → ${res.status} (run npm run prepare-data)`);
    return res.arrayBuffer();
  },
};
const session = new TrainSession(env, emit);
// Instant mode shares the backend with the session: one computation at a time.
const instant = new InstantRunner(env, emit, (f) => session.exclusive(f));

const api: TrainApi = {
  async connect(onEvent) {
    sink = onEvent;
  },
  setBackend: (pref) => session.setBackend(pref),
  load: (spec, from) => session.load(spec, from),
  play: () => session.play(),
  pause: () => session.pause(),
  stepOnce: (n) => session.stepOnce(n),
  setHyper: (i, h) => session.setHyper(i, h),
  extend: (n) => session.extend(n),
  instant: async (spec, id) => instant.request(spec, id),
  setFrameRate: (fps) => session.setFrameRate(fps),
  putCsv: async (hash, text) => {
    csvTexts.set(hash, text);
  },
};

Comlink.expose(api);
