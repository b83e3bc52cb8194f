/**
 * The request/reply protocol both kinds of meta-training worker speak (remote.ts: BPTT gradient
 * workers; ppo/remoteEpisodes.ts: PPO episode workers; docs/architecture.md "Meta-training"):
 * one request in flight per worker, which handles its messages one at a time, in order; any
 * failure answers { type: 'error', message }. abort() (Stop) terminates the worker at once: the
 * request in flight rejects with StopRequested.
 */
import { StopRequested } from '../outer';

/** The leader's side of one worker's message port (the host supplies it). */
export interface RpcPort<Req, Rep> {
  post(msg: Req, transfer?: ArrayBuffer[]): void;
  /** Calls `cb` for every reply; `fail` when the worker dies. */
  listen(cb: (r: Rep) => void, fail: (e: Error) => void): void;
  terminate(): void | Promise<void>;
}

export interface RpcClient<Req, Rep> {
  request(msg: Req, transfer?: ArrayBuffer[]): Promise<Rep>;
  abort(): void;
  dispose(): Promise<void>;
}

/**
 * The leader's client of the worker behind `port`, once it has answered `init` (the port is
 * terminated if init fails). `name` prefixes the worker's error messages; `dispose` is the
 * message that makes the worker free everything.
 */
export async function connectWorker<Req, Rep extends { type: string; message?: string }>(
  port: RpcPort<Req, Rep>,
  name: string,
  init: Req,
  dispose: Req,
): Promise<RpcClient<Req, Rep>> {
  let pending: { resolve(r: Rep): void; reject(e: Error): void } | null = null;
  let aborted = false;
  const request = (msg: Req, transfer: ArrayBuffer[] = []) =>
    new Promise<Rep>((resolve, reject) => {
      if (aborted) throw new StopRequested(0);
      pending = { resolve, reject };
      port.post(msg, transfer);
    });
  port.listen(
    (r) => {
      const p = pending;
      pending = null;
      if (!p) return;
      if (r.type === 'error') p.reject(new Error(`${name}: ${r.message}`));
      else p.resolve(r);
    },
    (e) => {
      pending?.reject(e);
      pending = null;
    },
  );
  try {
    await request(init);
  } catch (e) {
    await port.terminate();
    throw e;
  }
  return {
    request,
    abort() {
      if (aborted) return;
      aborted = true;
      void port.terminate();
      pending?.reject(new StopRequested(0));
      pending = null;
    },
    async dispose() {
      if (aborted) return;
      aborted = true;
      port.post(dispose);
      await port.terminate();
    },
  };
}

/** The worker's side: `handle` each message after the previous one; a throw answers `error`. */
export function serveInOrder<Req>(
  listen: (cb: (m: Req) => void) => void,
  error: (message: string) => void,
  handle: (m: Req) => Promise<void>,
): void {
  let queue: Promise<void> = Promise.resolve();
  listen((m) => {
    queue = queue
      .then(() => handle(m))
      .catch((e: unknown) => error(e instanceof Error ? e.message : String(e)));
  });
}
