/**
 * A GradWorker (gradWorker.ts) behind a message port: the one protocol shared by the CLI's
 * worker_threads (src/cli/metaWorkerPool.ts, metaWorker.ts) and the Meta-train tab's Web
 * Workers (workers/metaGrad.worker.ts, via session's spawn function). Messages:
 *   in  { type: 'init', recipe, architecture, backend }  → out { type: 'ready' }
 *   in  { type: 'step', phi, run, unroll }               → out { type: 'result', metaLoss, grads, losses }
 *   in  { type: 'dispose' }                              → the worker frees everything
 * Any failure → out { type: 'error', message }. One request in flight per worker; the worker
 * handles messages one at a time, in order. The grads and losses travel as transferred buffers.
 * Host-agnostic: the host supplies a Port (post + a message listener + terminate). abort()
 * (Stop) terminates the worker at once, mid-unroll: the request in flight rejects with
 * StopRequested.
 */
import type { Architecture, Recipe } from '../../learned/catalog';
import type { TaskEnv } from '../../tasks/registry';
import { GradWorker, type WorkerResult } from './gradWorker';
import type { GradSource } from './leader';
import { connectWorker, type RpcPort, serveInOrder } from './workerRpc';

export type GradRequest =
  | { type: 'init'; recipe: Recipe; architecture: Architecture; backend: string }
  | { type: 'step'; phi: Float32Array[]; run: number; unroll: number }
  | { type: 'dispose' };

export type GradReply =
  | { type: 'ready' }
  | ({ type: 'result' } & WorkerResult)
  | { type: 'error'; message: string };

/** The leader's side of one worker. */
export type LeaderPort = RpcPort<GradRequest, GradReply>;

/** A worker behind `port`, initialised for `recipe` on `backend`, as a GradSource. */
export async function remoteSource(
  port: LeaderPort,
  recipe: Recipe,
  architecture: Architecture,
  backend: string,
): Promise<GradSource> {
  const init: GradRequest = { type: 'init', recipe, architecture, backend };
  const rpc = await connectWorker(port, 'meta-train worker', init, { type: 'dispose' });
  return {
    async step(phi, run, unroll) {
      const r = await rpc.request({ type: 'step', phi, run, unroll });
      if (r.type !== 'result') throw new Error('meta-train worker: unexpected reply');
      return { metaLoss: r.metaLoss, grads: r.grads, losses: r.losses };
    },
    abort: () => rpc.abort(),
    dispose: () => rpc.dispose(),
  };
}

/** The worker's side: answer `port`'s requests with a GradWorker on the backend `setup` selects. */
export function serveGradWorker(
  listen: (cb: (m: GradRequest) => void) => void,
  reply: (r: GradReply, transfer?: ArrayBuffer[]) => void,
  setup: (backend: string) => Promise<TaskEnv>,
  close: () => void,
): void {
  let worker: GradWorker | null = null;
  const handle = async (m: GradRequest): Promise<void> => {
    if (m.type === 'init') {
      const env = await setup(m.backend);
      worker = await GradWorker.create(m.recipe, env, m.architecture);
      reply({ type: 'ready' });
    } else if (m.type === 'step') {
      if (!worker) throw new Error('step before init');
      const r = await worker.step(m.phi, m.run, m.unroll);
      reply({ type: 'result', ...r }, [
        ...(r.grads ?? []).map((g) => g.buffer),
        r.losses.buffer,
      ] as ArrayBuffer[]);
    } else {
      worker?.dispose();
      worker = null;
      close();
    }
  };
  serveInOrder(listen, (message) => reply({ type: 'error', message }), handle);
}
