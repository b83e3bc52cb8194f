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
import { parsePpoRecipe } from '../../src/core/meta/ppo/recipe';
import {
  type EpisodeReply,
  type EpisodeRequest,
  remoteEpisodes,
  type SpawnEpisodeSource,
  serveEpisodes,
} from '../../src/core/meta/ppo/remoteEpisodes';
import { createSessionTrainer, workersOf } from '../../src/core/meta/sessionTrainer';
import type { Recipe } from '../../src/core/meta/trainers/catalog';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Both ends of the protocol in this thread (messages cloned, delivered asynchronously). */
const spawnHere: SpawnEpisodeSource = (recipe) => {
  let toWorker: ((m: EpisodeRequest) => void) | null = null;
  let toLeader: ((r: EpisodeReply) => void) | null = null;
  serveEpisodes(
    (cb) => {
      toWorker = cb;
    },
    (r) => setTimeout(() => toLeader?.(structuredClone(r)), 0),
    async () => NO_DATA_ENV,
    () => undefined,
  );
  return remoteEpisodes(
    {
      post: (m) => setTimeout(() => toWorker?.(structuredClone(m)), 0),
      listen: (cb) => {
        toLeader = cb;
      },
      terminate: () => undefined,
    },
    recipe,
    'cpu',
  );
};

describe('PPO episodes in the tab’s workers', () => {
  it('K = 2 spawned episode workers = this thread', async () => {
    const r = parsePpoRecipe({
      families: ['quadratic'],
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
    const opts = (workers: number) => ({
      recipe: r.value as unknown as Recipe,
      evalEvery: 0,
      evalRuns: 1,
      adamLr: 0.01,
      workers,
    });
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
