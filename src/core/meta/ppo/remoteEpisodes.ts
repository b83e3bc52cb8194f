/**
 * PPO episode workers behind a message port (rollout.ts EpisodeRunner in a Web Worker or a
 * worker thread), the episode counterpart of meta/parallel/remote.ts. Messages:
 *   in  { type: 'init', recipe, backend }        → out { type: 'ready' }
 *   in  { type: 'run', phi, norm, indices }      → out { type: 'result', outs }
 *   in  { type: 'dispose' }                      → the worker frees everything
 * Any failure → out { type: 'error', message }. One request in flight per worker; the worker
 * handles messages one at a time, in order. Host-agnostic: the host supplies the port.
 * abort() (Stop) terminates the worker at once: the request in flight rejects with StopRequested.
 */
import type { NormStats } from '../../learned/lhopt/normalizer';
import type { TaskEnv } from '../../tasks/registry';
import { connectWorker, type RpcPort, serveInOrder } from '../parallel/workerRpc';
import type { PpoRecipe } from './recipe';
import { type EpisodeOut, EpisodeRunner, type EpisodeSource } from './rollout';

export type EpisodeRequest =
  | { type: 'init'; recipe: PpoRecipe; backend: string }
  | { type: 'run'; phi: Float32Array[] | null; norm: NormStats; indices: number[] }
  | { type: 'dispose' };

export type EpisodeReply =
  | { type: 'ready' }
  | { type: 'result'; outs: EpisodeOut[] }
  | { type: 'error'; message: string };

export type EpisodePort = RpcPort<EpisodeRequest, EpisodeReply>;

/** Starts one episode worker for a recipe (the host's: Web Workers in the tab). */
export type SpawnEpisodeSource = (recipe: PpoRecipe) => Promise<EpisodeSource>;

/** A worker behind `port`, initialised for `recipe` on `backend`, as an EpisodeSource. */
export async function remoteEpisodes(
  port: EpisodePort,
  recipe: PpoRecipe,
  backend: string,
): Promise<EpisodeSource> {
  const rpc = await connectWorker(
    port,
    'episode worker',
    { type: 'init', recipe, backend },
    { type: 'dispose' },
  );
  return {
    async run(phi, norm, indices) {
      const r = await rpc.request({ type: 'run', phi, norm, indices });
      if (r.type !== 'result') throw new Error('episode worker: unexpected reply');
      return r.outs;
    },
    abort: () => rpc.abort(),
    dispose: () => rpc.dispose(),
  };
}

/** The worker's side: answer requests with an EpisodeRunner on the backend `setup` selects. */
export function serveEpisodes(
  listen: (cb: (m: EpisodeRequest) => void) => void,
  reply: (r: EpisodeReply) => void,
  setup: (backend: string) => Promise<TaskEnv>,
  close: () => void,
): void {
  let runner: EpisodeRunner | null = null;
  const handle = async (m: EpisodeRequest): Promise<void> => {
    if (m.type === 'init') {
      runner = EpisodeRunner.standalone(m.recipe, await setup(m.backend));
      reply({ type: 'ready' });
    } else if (m.type === 'run') {
      if (!runner) throw new Error('run before init');
      reply({ type: 'result', outs: await runner.run(m.phi, m.norm, m.indices) });
    } else {
      runner?.dispose();
      runner = null;
      close();
    }
  };
  serveInOrder(listen, (message) => reply({ type: 'error', message }), handle);
}
