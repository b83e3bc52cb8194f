/**
 * worker_threads entry of a PPO episode worker (src/core/meta/ppo/rollout.ts): its own tfjs
 * backend and one EpisodeRunner with its own policy copy. Messages (episodePool.ts is the other
 * side), one at a time, in order:
 *   in  { type: 'init', recipe, backend }        → out { type: 'ready' }
 *   in  { type: 'run', phi, norm, indices }      → out { type: 'result', outs }
 *   in  { type: 'dispose' }                      → exits
 * Any failure → out { type: 'error', message }.
 */
import { parentPort } from 'node:worker_threads';
import type { NormStats } from '../../core/learned/lhopt/normalizer';
import type { PpoRecipe } from '../../core/meta/ppo/recipe';
import { EpisodeRunner } from '../../core/meta/ppo/rollout';
import { type NodeBackend, nodeTaskEnv, setupNodeBackend } from '../nodeBackend';

type Msg =
  | { type: 'init'; recipe: PpoRecipe; backend: NodeBackend }
  | { type: 'run'; phi: Float32Array[]; norm: NormStats; indices: number[] }
  | { type: 'dispose' };

let runner: EpisodeRunner | null = null;
const port = parentPort;
if (!port) throw new Error('episodeWorker: not in a worker thread');

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
    runner = EpisodeRunner.standalone(m.recipe, nodeTaskEnv());
    port?.postMessage({ type: 'ready' });
  } else if (m.type === 'run') {
    if (!runner) throw new Error('episodeWorker: run before init');
    const outs = await runner.run(m.phi, m.norm, m.indices);
    port?.postMessage({ type: 'result', outs });
  } else {
    runner?.dispose();
    runner = null;
    port?.close();
  }
}
