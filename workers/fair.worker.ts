/**
 * Fair-comparisons worker entry (module worker): sweeps ("Tune") and paper presets beside the
 * training worker. Registers the tfjs backends, points wasm at its Vite-bundled binaries, and
 * exposes a FairSession through comlink; the logic is in src/core (same chain as train.worker.ts).
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import type { FairApi } from '../src/core/worker/fairProtocol';
import { FairSession } from '../src/core/worker/fairSession';

// Threaded wasm crashes in minified builds and gains nothing on few cores (docs/environment.md).
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({
  'tfjs-backend-wasm.wasm': plain,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': threaded,
});

/** Uploaded CSVs by content hash (the 'csv' task's data; the main thread sends them). */
const csvTexts = new Map<string, string>();

const session = new FairSession({
  csv: async (hash) => {
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
});

const api: FairApi = {
  setBackend: (pref) => session.setBackend(pref),
  sweep: (call, onProgress) => session.sweep(call, onProgress),
  preset: (id, onProgress) => session.preset(id, onProgress),
  tuneAdam: (spec, onProgress) => session.tuneAdam(spec, onProgress),
  putCsv: async (hash, text) => {
    csvTexts.set(hash, text);
  },
};

Comlink.expose(api);
