/**
 * worker_threads entry of a data-parallel meta-training worker (src/core/meta/parallel/): its
 * own tfjs backend (wasm or cpu) and one GradWorker, serving the shared protocol
 * (src/core/meta/parallel/remote.ts; metaWorkerPool.ts is the other side).
 */
import { parentPort } from 'node:worker_threads';
import { type GradRequest, serveGradWorker } from '../core/meta/parallel/remote';
import { type NodeBackend, nodeTaskEnv, setupNodeBackend } from './nodeBackend';

const port = parentPort;
if (!port) throw new Error('metaWorker: not in a worker thread');

serveGradWorker(
  (cb) => port.on('message', (m: GradRequest) => cb(m)),
  (r, transfer = []) => port.postMessage(r, transfer),
  async (backend) => {
    await setupNodeBackend(backend as NodeBackend);
    return nodeTaskEnv();
  },
  () => port.close(),
);
