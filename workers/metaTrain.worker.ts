/**
 * Meta-training worker entry (module worker): registers the tfjs backends (metaHost.ts) and
 * exposes a MetaSession through comlink. For BPTT the session is the leader of K ≥ 1
 * data-parallel Web Workers (metaGrad.worker.ts, one GradWorker each, spoken to through
 * src/core/meta/parallel/remote.ts); for PPO, of K episode workers (ppoEpisode.worker.ts). Its
 * own thread stays free, so Stop arrives at once and terminates them mid-iteration. All the
 * logic lives in src/core/meta; this file only wires the host.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import { indexedDbStore } from '../src/core/meta/checkpointStore';
import type { SpawnGradSource } from '../src/core/meta/parallel/outerParallel';
import { type GradReply, remoteSource } from '../src/core/meta/parallel/remote';
import {
  type EpisodeReply,
  remoteEpisodes,
  type SpawnEpisodeSource,
} from '../src/core/meta/ppo/remoteEpisodes';
import type { MetaApi, MetaEvent } from '../src/core/meta/protocol';
import { MetaSession } from '../src/core/meta/session';
import { ensureGradients } from '../src/core/tasks/gradients';
import { browserTaskEnv } from './metaHost';

void ensureGradients();

let sink: ((ev: MetaEvent) => void) | null = null;

/** One data-parallel Web Worker on this worker's backend. */
const spawn: SpawnGradSource = (recipe, architecture) => {
  const w = new Worker(new URL('./metaGrad.worker.ts', import.meta.url), { type: 'module' });
  return remoteSource(
    {
      post: (msg, transfer = []) => w.postMessage(msg, transfer),
      listen: (cb, fail) => {
        w.onmessage = (e: MessageEvent<GradReply>) => cb(e.data);
        w.onerror = (e) => fail(new Error(`meta-train worker failed: ${e.message || 'could not load'}`));
      },
      terminate: () => w.terminate(),
    },
    recipe,
    architecture,
    tf.getBackend(),
  );
};

/** One PPO episode Web Worker (LHOPT with K ≥ 2 workers) on this worker's backend. */
const spawnEpisodes: SpawnEpisodeSource = (recipe) => {
  const w = new Worker(new URL('./ppoEpisode.worker.ts', import.meta.url), { type: 'module' });
  return remoteEpisodes(
    {
      post: (msg) => w.postMessage(msg),
      listen: (cb, fail) => {
        w.onmessage = (e: MessageEvent<EpisodeReply>) => cb(e.data);
        w.onerror = (e) => fail(new Error(`episode worker failed: ${e.message || 'could not load'}`));
      },
      terminate: () => w.terminate(),
    },
    recipe,
    tf.getBackend(),
  );
};

const session = new MetaSession(
  browserTaskEnv,
  (ev) => sink?.(ev),
  spawn,
  spawnEpisodes,
  typeof indexedDB === 'undefined' ? null : indexedDbStore(),
);

const api: MetaApi = {
  async connect(onEvent) {
    sink = onEvent;
  },
  setBackend: (pref) => session.setBackend(pref),
  start: (o) => session.start(o),
  pause: () => session.pause(),
  resume: () => session.resume(),
  stop: () => session.stop(),
  checkpointInfo: () => session.checkpointInfo(),
  resumeCheckpoint: () => session.resumeCheckpoint(),
  saveLocal: (name) => session.saveLocal(name),
  listLocal: () => session.listLocal(),
  removeLocal: (name) => session.removeLocal(name),
  exportFiles: async (name) => {
    const f = await session.exportFiles(name);
    return Comlink.transfer(f, [f.bin]);
  },
  importFiles: (json, bin) => session.importFiles(json, bin),
};

Comlink.expose(api);
