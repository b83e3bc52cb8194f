/**
 * worker_threads entry of a data-parallel meta-training worker (src/core/meta/parallel/): its
 * own tfjs backend (wasm or cpu) and one GradWorker. Messages (metaWorkerPool.ts is the other
 * side):
 *   in  { type: 'init', recipe, architecture, backend }  → out { type: 'ready' }
 *   in  { type: 'step', phi, run, unroll }               → out { type: 'result', metaLoss, grads, losses }
 *   in  { type: 'dispose' }                              → exits
 * Any failure → out { type: 'error', message }.
 */
import { parentPort } from 'node:worker_threads';
import type { Architecture, Recipe } from '../core/learned/catalog';
import { GradWorker } from '../core/meta/parallel/gradWorker';
import { type NodeBackend, nodeTaskEnv, setupNodeBackend } from './nodeBackend';

type Msg =
  | { type: 'init'; recipe: Recipe; architecture: Architecture; backend: NodeBackend }
  | { type: 'step'; phi: Float32Array[]; run: number; unroll: number }
  | { type: 'dispose' };

let worker: GradWorker | null = null;
const port = parentPort;
if (!port) throw new Error('metaWorker: not in a worker thread');

// Messages are handled one at a time, in order.
let queue: Promise<void> = Promise.resolve();
port.on('message', (m: Msg) => {
  queue = queue
    .then(() => handle(m))
    .catch((e: unknown) => {
      port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    });
});

async function handle(m: Msg): Promise<void> {
  if (m.type === 'init') {
    await setupNodeBackend(m.backend);
    worker = await GradWorker.create(m.recipe, nodeTaskEnv(), m.architecture);
    port?.postMessage({ type: 'ready' });
  } else if (m.type === 'step') {
    if (!worker) throw new Error('metaWorker: step before init');
    const r = await worker.step(m.phi, m.run, m.unroll);
    const buffers = [...(r.grads ?? []).map((g) => g.buffer), r.losses.buffer] as ArrayBuffer[];
    port?.postMessage({ type: 'result', ...r }, buffers);
  } else {
    worker?.dispose();
    worker = null;
    port?.close();
  }
}
