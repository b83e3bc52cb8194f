/**
 * Leader side of `meta-train --kind lhopt --workers K`: each EpisodeSource is a worker_threads
 * Worker running episodeWorker.ts (its own tfjs backend), started through tsx's ESM loader like
 * the data-parallel meta-training workers (src/cli/metaWorkerPool.ts). One request in flight
 * per worker.
 */
import { Worker } from 'node:worker_threads';
import type { PpoRecipe } from '../../core/meta/ppo/recipe';
import type { EpisodeOut, EpisodeSource } from '../../core/meta/ppo/rollout';
import type { NodeBackend } from '../nodeBackend';

type Reply = { type: 'ready' } | { type: 'result'; outs: EpisodeOut[] } | { type: 'error'; message: string };

function boot(): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const entry = new URL(`./episodeWorker${ext}`, import.meta.url).href;
  return `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
}

/** A worker thread ready to roll out PPO episodes for `recipe`. */
export async function episodeThread(recipe: PpoRecipe, backend: NodeBackend): Promise<EpisodeSource> {
  const w = new Worker(boot(), { eval: true });
  let pending: { resolve(r: Reply): void; reject(e: Error): void } | null = null;
  const request = (msg: unknown) =>
    new Promise<Reply>((resolve, reject) => {
      pending = { resolve, reject };
      w.postMessage(msg);
    });
  w.on('message', (r: Reply) => {
    const p = pending;
    pending = null;
    if (!p) return;
    if (r.type === 'error') p.reject(new Error(`episode worker: ${r.message}`));
    else p.resolve(r);
  });
  w.on('error', (e) => {
    pending?.reject(e);
    pending = null;
  });
  try {
    await request({ type: 'init', recipe, backend });
  } catch (e) {
    await w.terminate();
    throw e;
  }
  return {
    async run(phi, norm, indices) {
      const r = await request({ type: 'run', phi, norm, indices });
      if (r.type !== 'result') throw new Error('episode worker: unexpected reply');
      return r.outs;
    },
    async dispose() {
      w.postMessage({ type: 'dispose' });
      await w.terminate();
    },
  };
}
