/**
 * The Meta-train tab's worker protocols with both ends in this thread (meta/parallel/remote.ts,
 * meta/ppo/remoteEpisodes.ts): each spawned worker is served over a MessageChannel, so its
 * messages are structured clones delivered asynchronously, as between Web Workers (cpu).
 * Hooks let a test hold back replies (an unroll that takes a minute) or count terminations.
 */
import { MessageChannel } from 'node:worker_threads';
import type { SpawnGradSource } from '../../src/core/meta/parallel/outerParallel';
import {
  type GradReply,
  type GradRequest,
  remoteSource,
  serveGradWorker,
} from '../../src/core/meta/parallel/remote';
import {
  type EpisodeReply,
  type EpisodeRequest,
  remoteEpisodes,
  type SpawnEpisodeSource,
  serveEpisodes,
} from '../../src/core/meta/ppo/remoteEpisodes';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';

export interface ChannelHooks<R> {
  /** Per spawned worker: how it sends each reply (post() sends it now); default: at once. */
  replies?: () => (r: R, post: () => void) => void;
  /** Called when the leader terminates a worker. */
  onTerminate?: () => void;
}

function sender<R>(hooks: ChannelHooks<R>) {
  const send = hooks.replies?.();
  return (r: R, post: () => void) => (send ? send(r, post) : post());
}

/** Gradient workers (data-parallel BPTT) over MessageChannels. */
export function channelGradSpawn(hooks: ChannelHooks<GradReply> = {}): SpawnGradSource {
  return (rec, arch) => {
    const { port1, port2 } = new MessageChannel();
    const send = sender(hooks);
    serveGradWorker(
      (cb) => port2.on('message', (m: GradRequest) => cb(m)),
      (r, transfer = []) => send(r, () => port2.postMessage(r, transfer)),
      async () => NO_DATA_ENV,
      () => port2.close(),
    );
    return remoteSource(
      {
        post: (m, transfer = []) => port1.postMessage(m, transfer),
        listen: (cb) => port1.on('message', (r: GradReply) => cb(r)),
        terminate: () => {
          hooks.onTerminate?.();
          port1.close();
        },
      },
      rec,
      arch,
      'cpu',
    );
  };
}

/** PPO episode workers over MessageChannels. */
export function channelEpisodeSpawn(hooks: ChannelHooks<EpisodeReply> = {}): SpawnEpisodeSource {
  return (rec) => {
    const { port1, port2 } = new MessageChannel();
    const send = sender(hooks);
    serveEpisodes(
      (cb) => port2.on('message', (m: EpisodeRequest) => cb(m)),
      (r) => send(r, () => port2.postMessage(r)),
      async () => NO_DATA_ENV,
      () => port2.close(),
    );
    return remoteEpisodes(
      {
        post: (m) => port1.postMessage(m),
        listen: (cb) => port1.on('message', (r: EpisodeReply) => cb(r)),
        terminate: () => {
          hooks.onTerminate?.();
          port1.close();
        },
      },
      rec,
      'cpu',
    );
  };
}
