/**
 * What the meta-training worker entries share (metaTrain.worker.ts, metaGrad.worker.ts): the
 * tfjs backends registered with wasm pointed at its Vite-bundled binaries, and the task
 * environment that fetches MNIST from the app's own origin.
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
import type { TaskEnv } from '../src/core/tasks/registry';

// Threaded wasm crashes in minified builds and gains nothing on few cores (docs/environment.md).
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({
  'tfjs-backend-wasm.wasm': plain,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': threaded,
});

export const browserTaskEnv: TaskEnv = {
  mnist: async () => {
    const res = await fetch(new URL(`${import.meta.env.BASE_URL}data/mnist.bin`, self.location.origin));
    if (!res.ok)
      throw new Error(`MNIST data: GET /data/mnist.bin → ${res.status} (run npm run prepare-data)`);
    return res.arrayBuffer();
  },
};
