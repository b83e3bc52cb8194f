/**
 * Data-parallel meta-training worker (module worker, started by metaTrain.worker.ts for every
 * BPTT run, K ≥ 1 of them; terminated by Stop mid-unroll): one GradWorker on its own tfjs backend (the leader's, with
 * the usual fallbacks), serving the protocol of src/core/meta/parallel/remote.ts — the same one
 * the CLI's worker_threads speak.
 */

import { selectBackend } from '../src/core/backend/select';
import type { BackendName } from '../src/core/backend/types';
import { type GradRequest, serveGradWorker } from '../src/core/meta/parallel/remote';
import { ensureGradients } from '../src/core/tasks/gradients';
import { browserTaskEnv } from './metaHost';

serveGradWorker(
  (cb) => {
    self.onmessage = (e: MessageEvent<GradRequest>) => cb(e.data);
  },
  (r, transfer = []) => self.postMessage(r, { transfer }),
  async (backend) => {
    await selectBackend(backend as BackendName);
    await ensureGradients();
    return browserTaskEnv;
  },
  () => self.close(),
);
