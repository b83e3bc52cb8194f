/**
 * Meta-training checkpoints for the tab's worker trainers (issue 16; meta/sessionCheckpoint.ts):
 * data-parallel BPTT with K = 2 workers (checkpoints at run boundaries: φ + the CLI's state
 * format, parallel/state.ts) and LHOPT's PPO with its episodes in 2 workers (after every
 * iteration: policy + ppo/state.ts). A fresh session (a reloaded tab) offers the checkpoint
 * and, resumed, finishes with exactly the meta-losses, evaluations, PPO scalars and weights of
 * an uninterrupted run (cpu, bit-identical). Both ends of the worker protocols run in this
 * thread over MessageChannels (the messages are structured clones, as between Web Workers).
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { MessageChannel } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRecipe } from '../../src/core/learned/catalog';
import { memoryStore } from '../../src/core/meta/checkpointStore';
import type { SpawnGradSource } from '../../src/core/meta/parallel/outerParallel';
import {
  type GradReply,
  type GradRequest,
  remoteSource,
  serveGradWorker,
} from '../../src/core/meta/parallel/remote';
import { parsePpoRecipe } from '../../src/core/meta/ppo/recipe';
import {
  type EpisodeReply,
  type EpisodeRequest,
  remoteEpisodes,
  type SpawnEpisodeSource,
  serveEpisodes,
} from '../../src/core/meta/ppo/remoteEpisodes';
import type { MetaEvent, MetaStartOptions } from '../../src/core/meta/protocol';
import { MetaSession } from '../../src/core/meta/session';
import type { Recipe } from '../../src/core/meta/trainers/catalog';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const channelSpawn: SpawnGradSource = (rec, arch) => {
  const { port1, port2 } = new MessageChannel();
  serveGradWorker(
    (cb) => port2.on('message', (m: GradRequest) => cb(m)),
    (r, transfer = []) => port2.postMessage(r, transfer),
    async () => NO_DATA_ENV,
    () => port2.close(),
  );
  return remoteSource(
    {
      post: (m, transfer = []) => port1.postMessage(m, transfer),
      listen: (cb) => port1.on('message', (r: GradReply) => cb(r)),
      terminate: () => port1.close(),
    },
    rec,
    arch,
    'cpu',
  );
};

const episodeSpawn: SpawnEpisodeSource = (rec) => {
  const { port1, port2 } = new MessageChannel();
  serveEpisodes(
    (cb) => port2.on('message', (m: EpisodeRequest) => cb(m)),
    (r) => port2.postMessage(r),
    async () => NO_DATA_ENV,
    () => port2.close(),
  );
  return remoteEpisodes(
    {
      post: (m) => port1.postMessage(m),
      listen: (cb) => port1.on('message', (r: EpisodeReply) => cb(r)),
      terminate: () => port1.close(),
    },
    rec,
    'cpu',
  );
};

const bpttOptions = (): MetaStartOptions => {
  const r = parseRecipe({
    kind: 'dmoptimizer',
    task: { id: 'dm-quadratic', options: { problems: 2 } },
    steps: 6,
    unroll: 3, // 2 iterations per run: checkpoints at 2, 4, 6, 8
    iterations: 8,
    metaLr: 1e-2,
    seed: 7,
    path: 'lean',
  });
  if (!r.ok) throw new Error(r.errors.join());
  return { recipe: r.value, evalEvery: 3, evalRuns: 1, adamLr: 0.01, workers: 2 };
};

const ppoOptions = (): MetaStartOptions => {
  const r = parsePpoRecipe({
    families: ['quadratic'],
    iterations: 4,
    episodesPerIteration: 3,
    envReuse: 2,
    minOuter: 3,
    maxOuter: 4,
    minInner: 4,
    maxInner: 8,
    epochs: 1,
    minibatch: 2,
    baselineLrs: [0.01, 0.1],
  });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return { recipe: r.value as unknown as Recipe, evalEvery: 0, evalRuns: 1, adamLr: 0.01, workers: 2 };
};

const until = async (f: () => boolean, ms = 120_000) => {
  const t0 = Date.now();
  while (!f()) {
    if (Date.now() - t0 > ms) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 2));
  }
};

const isDone = (events: MetaEvent[]) =>
  events.some((e) => e.type === 'progress' && e.progress.state === 'done');

/** Drive a session to 'done': the losses, evals and PPO scalars as the UI assembles them, and φ. */
async function finish(s: MetaSession, events: MetaEvent[]) {
  await until(() => isDone(events));
  const losses: number[] = [];
  for (const e of events) if (e.type === 'loss') losses.splice(e.from - 1, e.values.length, ...e.values);
  const evals = events.flatMap((e) => (e.type === 'eval' ? [e.result] : []));
  const extras = new Map<number, number[]>();
  const put = (it: number, extra: Record<string, number>) => {
    const { episodesPerSec: _t, ...x } = extra; // wall-clock speed: not a result
    extras.set(it, Object.values(x));
  };
  for (const e of events) {
    if (e.type === 'progress' && e.progress.extra) put(e.progress.iteration, e.progress.extra);
    if (e.type === 'extras')
      e.values.forEach((x, i) => {
        if (x) put(e.from + i, x);
      });
  }
  const bin = new Float32Array((await s.exportFiles('w')).bin);
  await s.setBackend('cpu'); // frees the trainer and ends its workers
  return { losses, evals, extras, bin: Array.from(bin) };
}

/** Uninterrupted vs. checkpoint → "reload" (a new session on the same store) → resume. */
async function resumeMatches(options: () => MetaStartOptions, atLeast: number, trainer: string) {
  const mk = (events: MetaEvent[], store = memoryStore()) =>
    new MetaSession(NO_DATA_ENV, (e) => events.push(e), channelSpawn, episodeSpawn, store);
  const e0: MetaEvent[] = [];
  const clean = mk(e0);
  await clean.start(options());
  const want = await finish(clean, e0);
  expect(want.losses).toHaveLength(options().recipe.iterations);

  const store = memoryStore();
  const e1: MetaEvent[] = [];
  const first = mk(e1, store);
  await first.start(options());
  await until(() => e1.some((e) => e.type === 'checkpoint' && (e.iteration ?? 0) >= atLeast));
  await first.stop(); // the tab goes away (its workers are terminated mid-iteration)
  expect(isDone(e1)).toBe(false);
  const info = await mk([], store).checkpointInfo();
  expect(info).toMatchObject({ trainer, workers: 2, iterations: options().recipe.iterations });
  const k = info?.iteration ?? 0;
  expect(k).toBeGreaterThanOrEqual(atLeast);
  expect(k).toBeLessThan(options().recipe.iterations);

  const e2: MetaEvent[] = [];
  const second = mk(e2, store);
  await second.resumeCheckpoint();
  const got = await finish(second, e2);
  const running = e2.flatMap((e) => (e.type === 'progress' && e.progress.state === 'running' ? [e] : []));
  expect(running[0]?.type === 'progress' && running[0].progress).toMatchObject({ iteration: k, workers: 2 });
  expect(got.losses).toEqual(want.losses);
  expect(got.evals).toEqual(want.evals);
  // PPO's scalars ride on progress events (≤ 4/s), so each run has a timing-dependent subset;
  // the resumed run sends the checkpoint's for 1..k at once, and every one equals the clean run's.
  for (const [it, x] of got.extras) if (want.extras.has(it)) expect(x).toEqual(want.extras.get(it));
  if (want.extras.size > 0) for (let it = 1; it <= k; it++) expect(got.extras.has(it)).toBe(true);
  expect(got.bin).toEqual(want.bin);
  return { want, k };
}

describe('meta-training checkpoints with workers', () => {
  it('data-parallel BPTT (K = 2): resumed = uninterrupted, bit for bit', async () => {
    const { want } = await resumeMatches(bpttOptions, 4, 'bptt');
    expect(want.evals.map((e) => e.iteration)).toEqual([3, 6, 8]);
    expect(want.losses.every(Number.isFinite)).toBe(true);
  });

  it('PPO with episodes in 2 workers: resumed = uninterrupted, bit for bit', async () => {
    const { want } = await resumeMatches(ppoOptions, 2, 'ppo');
    expect(want.extras.get(4)?.every(Number.isFinite)).toBe(true); // the last one is always sent
  });
});
