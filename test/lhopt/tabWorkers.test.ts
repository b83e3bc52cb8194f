/**
 * PPO episodes in the Meta-train tab's workers: the session's trainer for an LHOPT recipe with
 * workers K = 2 and a host that spawns episode workers rolls its episodes out through the
 * worker protocol (ppo/remoteEpisodes.ts; here both ends in this thread over an in-memory
 * port) and gives the same numbers as K = 1; errors in a worker reach the leader.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ppoInnerOf } from '../../src/core/meta/ppo/outer';
import { createSessionTrainer, workersOf } from '../../src/core/meta/sessionTrainer';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';
import { channelEpisodeSpawn } from '../meta/channelWorkers';
import { tinyPpoStart } from '../meta/sessionHelpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Both ends of the protocol in this thread (messages cloned, delivered asynchronously). */
const spawnHere = channelEpisodeSpawn();

describe('PPO episodes in the tab’s workers', () => {
  it('K = 2 spawned episode workers = this thread', async () => {
    const opts = (workers: number) => tinyPpoStart({ episodesPerIteration: 3 }, workers);
    const one = await createSessionTrainer(opts(1), NO_DATA_ENV, undefined, spawnHere);
    const two = await createSessionTrainer(opts(2), NO_DATA_ENV, undefined, spawnHere);
    expect(workersOf(one)).toBe(1);
    expect(workersOf(two)).toBe(2);
    const a = await one.iterate();
    const b = await two.iterate();
    expect(b.losses.length).toBe(3);
    expect(Array.from(b.losses)).toEqual(Array.from(a.losses));
    expect(b.extra).toEqual({ ...a.extra, episodesPerSec: b.extra?.episodesPerSec });
    const w = (t: typeof one) =>
      ppoInnerOf(t)
        ?.policy.trainable()
        .map((v) => Array.from(v.dataSync()));
    expect(w(two)).toEqual(w(one));
    one.dispose();
    two.dispose();
  });
});
