/**
 * Leader side of `meta-train --kind lhopt --workers K`: each EpisodeSource is a worker_threads
 * Worker running episodeWorker.ts (its own tfjs backend), started through tsx's ESM loader like
 * the data-parallel meta-training workers (src/cli/metaWorkerPool.ts), and spoken to through
 * the same protocol as the tab's Web Workers (core/meta/ppo/remoteEpisodes.ts).
 */
import { Worker } from 'node:worker_threads';
import type { PpoRecipe } from '../../core/meta/ppo/recipe';
import { type EpisodePort, type EpisodeReply, remoteEpisodes } from '../../core/meta/ppo/remoteEpisodes';
import type { EpisodeSource } from '../../core/meta/ppo/rollout';
import type { NodeBackend } from '../nodeBackend';

function boot(): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const entry = new URL(`./episodeWorker${ext}`, import.meta.url).href;
  return `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
}

/** A worker_threads Worker as an EpisodePort. */
function threadPort(w: Worker): EpisodePort {
  return {
    post: (msg) => w.postMessage(msg),
    listen(cb, fail) {
      w.on('message', (r: EpisodeReply) => cb(r));
      w.on('error', fail);
    },
    terminate: async () => {
      await w.terminate();
    },
  };
}

/** A worker thread ready to roll out PPO episodes for `recipe`. */
export async function episodeThread(recipe: PpoRecipe, backend: NodeBackend): Promise<EpisodeSource> {
  return remoteEpisodes(threadPort(new Worker(boot(), { eval: true })), recipe, backend);
}
