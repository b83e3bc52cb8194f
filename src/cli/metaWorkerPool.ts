/**
 * Leader side of the CLI's data-parallel meta-training: each GradSource is a worker_threads
 * Worker running src/cli/metaWorker.ts (its own tfjs backend), spoken to through the shared
 * protocol (src/core/meta/parallel/remote.ts). TypeScript workers start through tsx's ESM
 * loader (tsx/esm/api register, then import the entry), the same loader `npm run cli` uses.
 */
import { Worker } from 'node:worker_threads';
import type { Architecture, Recipe } from '../core/learned/catalog';
import type { GradSource } from '../core/meta/parallel/leader';
import { type GradReply, remoteSource } from '../core/meta/parallel/remote';
import type { NodeBackend } from './nodeBackend';

function boot(): string {
  const entry = new URL(`./metaWorker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url)
    .href;
  return `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
}

/** A worker thread ready to compute meta-gradients for `recipe`. */
export function threadSource(
  recipe: Recipe,
  architecture: Architecture,
  backend: NodeBackend,
): Promise<GradSource> {
  const w = new Worker(boot(), { eval: true });
  return remoteSource(
    {
      post: (msg, transfer = []) => w.postMessage(msg, transfer),
      listen: (cb, fail) => {
        w.on('message', (r: GradReply) => cb(r));
        w.on('error', fail);
      },
      terminate: async () => {
        await w.terminate();
      },
    },
    recipe,
    architecture,
    backend,
  );
}
