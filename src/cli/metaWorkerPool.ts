/**
 * Leader side of the CLI's data-parallel meta-training: each GradSource is a worker_threads
 * Worker running src/cli/metaWorker.ts (its own tfjs backend). TypeScript workers start
 * through tsx's ESM loader (tsx/esm/api register, then import the entry), the same loader
 * `npm run cli` uses. One request in flight per worker.
 */
import { Worker } from 'node:worker_threads';
import type { Architecture, Recipe } from '../core/learned/catalog';
import type { WorkerResult } from '../core/meta/parallel/gradWorker';
import type { GradSource } from '../core/meta/parallel/leader';
import type { NodeBackend } from './nodeBackend';

type Reply = { type: 'ready' } | ({ type: 'result' } & WorkerResult) | { type: 'error'; message: string };

function boot(): string {
  const entry = new URL(`./metaWorker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url)
    .href;
  return `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
}

/** A worker thread ready to compute meta-gradients for `recipe`. */
export async function threadSource(
  recipe: Recipe,
  architecture: Architecture,
  backend: NodeBackend,
): Promise<GradSource> {
  const w = new Worker(boot(), { eval: true });
  let pending: { resolve(r: Reply): void; reject(e: Error): void } | null = null;
  const request = (msg: unknown, transfer: ArrayBuffer[] = []) =>
    new Promise<Reply>((resolve, reject) => {
      pending = { resolve, reject };
      w.postMessage(msg, transfer);
    });
  w.on('message', (r: Reply) => {
    const p = pending;
    pending = null;
    if (!p) return;
    if (r.type === 'error') p.reject(new Error(`meta-train worker: ${r.message}`));
    else p.resolve(r);
  });
  w.on('error', (e) => {
    pending?.reject(e);
    pending = null;
  });
  await request({ type: 'init', recipe, architecture, backend });
  return {
    async step(phi, run, unroll) {
      const r = await request({ type: 'step', phi, run, unroll });
      if (r.type !== 'result') throw new Error('meta-train worker: unexpected reply');
      return { metaLoss: r.metaLoss, grads: r.grads, losses: r.losses };
    },
    async dispose() {
      w.postMessage({ type: 'dispose' });
      await w.terminate();
    },
  };
}
