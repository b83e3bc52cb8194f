/**
 * Meta-training worker entry (module worker): registers the tfjs backends, points wasm at
 * its Vite-bundled binaries, and exposes a MetaSession through comlink. All the logic lives
 * in src/core/meta; this file only wires the host (same backend chain as train.worker.ts).
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
import type { MetaApi, MetaEvent } from '../src/core/meta/protocol';
import { MetaSession } from '../src/core/meta/session';
import { ensureGradients } from '../src/core/tasks/gradients';

// Threaded wasm crashes in minified builds and gains nothing on few cores (docs/environment.md).
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({
  'tfjs-backend-wasm.wasm': plain,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': threaded,
});
void ensureGradients();

let sink: ((ev: MetaEvent) => void) | null = null;

const session = new MetaSession(
  {
    mnist: async () => {
      const res = await fetch(new URL(`${import.meta.env.BASE_URL}data/mnist.bin`, self.location.origin));
      if (!res.ok)
        throw new Error(`MNIST data: GET /data/mnist.bin → ${res.status} (run npm run prepare-data)`);
      return res.arrayBuffer();
    },
  },
  (ev) => sink?.(ev),
);

const api: MetaApi = {
  async connect(onEvent) {
    sink = onEvent;
  },
  setBackend: (pref) => session.setBackend(pref),
  start: (o) => session.start(o),
  pause: () => session.pause(),
  resume: () => session.resume(),
  stop: () => session.stop(),
  saveLocal: (name) => session.saveLocal(name),
  listLocal: () => session.listLocal(),
  removeLocal: (name) => session.removeLocal(name),
  exportFiles: async (name) => {
    const f = await session.exportFiles(name);
    return Comlink.transfer(f, [f.bin]);
  },
  importFiles: (json, bin) => session.importFiles(json, bin),
};

Comlink.expose(api);
