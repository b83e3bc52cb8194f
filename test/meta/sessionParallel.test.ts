/**
 * The Meta-train tab's data parallelism (cpu backend, in this thread): a MetaSession started
 * with workers = 2 and a spawn function runs data-parallel BPTT through the message protocol
 * the tab's Web Workers speak (remote.ts, over a real MessageChannel here), and computes the
 * SAME meta-losses and φ as the CLI's DataParallelTrainer with K = 2 in-thread workers for the
 * same seed (deterministic for seed and K); workers = 1 trains through one such worker (the session’s thread stays free for Stop); an
 * out-of-range count is refused naming the field. A second session leaves no more tensors.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ARCHITECTURES } from '../../src/core/learned/catalog';
import { initLearned } from '../../src/core/learned/factory';
import { GradWorker } from '../../src/core/meta/parallel/gradWorker';
import { DataParallelTrainer, inThread } from '../../src/core/meta/parallel/leader';
import type { MetaEvent } from '../../src/core/meta/protocol';
import { MetaSession } from '../../src/core/meta/session';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';
import { channelGradSpawn } from './channelWorkers';
import { tinyBpttRecipe } from './sessionHelpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const recipe = () => tinyBpttRecipe({ iterations: 4, seed: 7 });

/** A GradWorker served over a MessageChannel: the tab's Web Worker protocol, in this thread. */
const channelSpawn = channelGradSpawn();

async function runSession(workers: number) {
  const events: MetaEvent[] = [];
  const s = new MetaSession(NO_DATA_ENV, (e) => events.push(e), channelSpawn);
  await s.start({ recipe: recipe(), evalEvery: 0, evalRuns: 1, adamLr: 0.01, workers });
  for (let i = 0; i < 400; i++) {
    const last = events.filter((e) => e.type === 'progress').at(-1);
    if (last?.type === 'progress' && ['done', 'error'].includes(last.progress.state)) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const losses = events.flatMap((e) => (e.type === 'loss' ? e.values : []));
  const progress = events.filter((e) => e.type === 'progress').at(-1);
  const file = await s.exportFiles('p');
  return { losses, progress, events, bin: new Float32Array(file.bin), session: s };
}

describe('Meta-train session, data-parallel workers', () => {
  it('K = 2 through the worker protocol = DataParallelTrainer with K = 2 (same seed)', async () => {
    const rec = recipe();
    const ref = await (async () => {
      const opt = initLearned(DEFAULT_ARCHITECTURES.dmoptimizer, rec.seed);
      const ws = await Promise.all([0, 1].map(() => GradWorker.create(rec, NO_DATA_ENV)));
      const t = new DataParallelTrainer(rec, opt, ws.map(inThread));
      const losses: number[] = [];
      while (!t.done) losses.push((await t.iterate()).metaLoss);
      await t.disposeWorkers();
      const phi = opt.weights.list().flatMap((v) => Array.from(v.dataSync()));
      opt.dispose();
      return { losses, phi };
    })();
    const a = await runSession(2);
    expect(a.progress?.type === 'progress' && a.progress.progress.state).toBe('done');
    expect(a.progress?.type === 'progress' && a.progress.progress.workers).toBe(2);
    expect(a.losses).toHaveLength(4);
    expect(a.losses).toEqual(ref.losses);
    expect(Array.from(a.bin)).toEqual(ref.phi);
    // Deterministic: a second session gives the same numbers.
    const b = await runSession(2);
    expect(b.losses).toEqual(a.losses);
    await a.session.stop();
    await b.session.stop();
  });

  it('workers = 1 trains through one worker (the session’s thread stays free for Stop); out-of-range counts are refused', async () => {
    const warm = await runSession(1);
    await warm.session.setBackend('cpu');
    const before = tf.memory().numTensors;
    const one = await runSession(1);
    expect(one.progress?.type === 'progress' && one.progress.progress.workers).toBe(1);
    expect(one.losses).toHaveLength(4);
    expect(one.losses.every(Number.isFinite)).toBe(true);
    const s = new MetaSession(NO_DATA_ENV, () => {}, channelSpawn);
    await expect(
      s.start({ recipe: recipe(), evalEvery: 0, evalRuns: 1, adamLr: 0.01, workers: 17 }),
    ).rejects.toThrow(/workers: 17 is not valid; allowed range is \[1, 16\]/);
    await one.session.setBackend('cpu');
    expect(tf.memory().numTensors).toBe(before); // a second session leaves no more behind
    expect(one.losses).toEqual(warm.losses);
  });
});
