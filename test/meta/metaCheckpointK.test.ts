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
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/core/meta/checkpointStore';
import type { MetaEvent, MetaStartOptions } from '../../src/core/meta/protocol';
import { MetaSession } from '../../src/core/meta/session';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';
import { channelEpisodeSpawn, channelGradSpawn } from './channelWorkers';
import { tinyBpttRecipe, tinyPpoStart, until } from './sessionHelpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const channelSpawn = channelGradSpawn();
const episodeSpawn = channelEpisodeSpawn();

// 2 iterations per run: checkpoints at 2, 4, 6, 8
const bpttOptions = (): MetaStartOptions => ({
  recipe: tinyBpttRecipe({ iterations: 8, seed: 7 }),
  evalEvery: 3,
  evalRuns: 1,
  adamLr: 0.01,
  workers: 2,
});

const ppoOptions = (): MetaStartOptions => tinyPpoStart({ iterations: 4, episodesPerIteration: 3 }, 2);

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
