/**
 * PPO episode worker (module worker, started by metaTrain.worker.ts for an LHOPT recipe, K ≥ 1
 * of them; terminated by Stop mid-iteration): one EpisodeRunner on its own tfjs backend (the leader's, with the usual
 * fallbacks), serving src/core/meta/ppo/remoteEpisodes.ts.
 */
import { selectBackend } from '../src/core/backend/select';
import type { BackendName } from '../src/core/backend/types';
import { type EpisodeRequest, serveEpisodes } from '../src/core/meta/ppo/remoteEpisodes';
import { ensureGradients } from '../src/core/tasks/gradients';
import { browserTaskEnv } from './metaHost';

serveEpisodes(
  (cb) => {
    self.onmessage = (e: MessageEvent<EpisodeRequest>) => cb(e.data);
  },
  (r) => self.postMessage(r),
  async (backend) => {
    await selectBackend(backend as BackendName);
    await ensureGradients();
    return browserTaskEnv;
  },
  () => self.close(),
);
