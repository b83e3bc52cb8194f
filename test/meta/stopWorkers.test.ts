/**
 * Stop within a second (issues 11, 14): a session whose trainer runs in workers (the tab's
 * Meta-train: BPTT with K ≥ 1 gradient workers) terminates them when Stop arrives, mid-unroll,
 * instead of waiting for the iteration to end. Here the worker's reply to the 3rd unroll is held
 * back for a minute (an unroll that would take that long): Stop still ends the run at once, the
 * worker port is closed, and the kept state is the last completed iteration — φ equals the
 * leader's after 2 iterations (DataParallelTrainer, K = 1), exported with metaIterations = 2.
 * Likewise PPO's episode workers: Stop during the 2nd iteration's episodes keeps the policy of
 * iteration 1. The periodic evaluation is interruptible between its steps too (StopRequested,
 * no tensors left).
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { MessageChannel } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ARCHITECTURES, parseRecipe, type Recipe } from '../../src/core/learned/catalog';
import { initLearned } from '../../src/core/learned/factory';
import { evaluateRule } from '../../src/core/meta/evaluate';
import { StopRequested } from '../../src/core/meta/outer';
import { GradWorker } from '../../src/core/meta/parallel/gradWorker';
import { DataParallelTrainer, inThread } from '../../src/core/meta/parallel/leader';
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
import { getRule } from '../../src/core/optim/registry';
import { parseHyper } from '../../src/core/optim/validate';
import { createTask, NO_DATA_ENV } from '../../src/core/tasks/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const recipe = (): Recipe => {
  const r = parseRecipe({
    kind: 'dmoptimizer',
    task: { id: 'dm-quadratic', options: { problems: 2 } },
    steps: 6,
    unroll: 3,
    iterations: 6,
    metaLr: 1e-2,
    seed: 3,
    path: 'lean',
  });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
};

const held: ReturnType<typeof setTimeout>[] = [];
let closed = 0;

/** A worker over a MessageChannel whose replies from the 3rd unroll on take a minute. */
const slowSpawn: SpawnGradSource = (rec, arch) => {
  const { port1, port2 } = new MessageChannel();
  let steps = 0;
  serveGradWorker(
    (cb) => port2.on('message', (m: GradRequest) => cb(m)),
    (r, transfer = []) => {
      if (r.type === 'result' && ++steps >= 3) held.push(setTimeout(() => port2.postMessage(r), 60_000));
      else port2.postMessage(r, transfer);
    },
    async () => NO_DATA_ENV,
    () => port2.close(),
  );
  return remoteSource(
    {
      post: (m, transfer = []) => port1.postMessage(m, transfer),
      listen: (cb) => port1.on('message', (r: GradReply) => cb(r)),
      terminate: () => {
        closed++;
        port1.close();
      },
    },
    rec,
    arch,
    'cpu',
  );
};

describe('Stop with the trainer in workers', () => {
  it('terminates the worker mid-unroll; φ and the counters are the last completed iteration’s', async () => {
    const rec = recipe();
    const ref = await (async () => {
      const opt = initLearned(DEFAULT_ARCHITECTURES.dmoptimizer, rec.seed);
      const t = new DataParallelTrainer(rec, opt, [inThread(await GradWorker.create(rec, NO_DATA_ENV))]);
      await t.iterate();
      await t.iterate();
      await t.disposeWorkers();
      const phi = opt.weights.list().flatMap((v) => Array.from(v.dataSync()));
      opt.dispose();
      return phi;
    })();

    const events: MetaEvent[] = [];
    const s = new MetaSession(NO_DATA_ENV, (e) => events.push(e), slowSpawn);
    await s.start({ recipe: rec, evalEvery: 0, evalRuns: 1, adamLr: 0.01, workers: 1 });
    const t0 = Date.now();
    while (held.length === 0) {
      // the 3rd unroll is computed and its reply held: the leader finished iteration 2 before asking
      if (Date.now() - t0 > 60_000) throw new Error('timeout');
      await new Promise((r) => setTimeout(r, 5));
    }
    const before = closed;
    const stopAt = performance.now();
    await s.stop();
    const last = events.filter((e) => e.type === 'progress').at(-1);
    expect(last?.type === 'progress' && last.progress).toMatchObject({ state: 'stopped', iteration: 2 });
    expect(closed).toBe(before + 1); // the worker was terminated, not waited for
    const file = await s.exportFiles('stopped');
    const ms = performance.now() - stopAt;
    console.log(`stop → stopped and weights exported in ${ms.toFixed(0)} ms (the unroll in flight: 60 s)`);
    expect(JSON.parse(file.json).modelTopology.metaIterations).toBe(2);
    expect(Array.from(new Float32Array(file.bin))).toEqual(ref);
    // Nothing arrives later: no more losses, still iteration 2.
    await new Promise((r) => setTimeout(r, 200));
    expect(events.flatMap((e) => (e.type === 'loss' ? e.values : []))).toHaveLength(2);
    for (const h of held) clearTimeout(h);
    await s.setBackend('cpu');
  });

  it('PPO: terminates the episode workers mid-iteration; the policy is iteration 1’s', async () => {
    const ppo = (iterations: number): MetaStartOptions => {
      const r = parsePpoRecipe({
        families: ['quadratic'],
        iterations,
        episodesPerIteration: 2,
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
      return { recipe: r.value as never, evalEvery: 0, evalRuns: 1, adamLr: 0.01, workers: 2 };
    };
    const heldRuns: ReturnType<typeof setTimeout>[] = [];
    let terminated = 0;
    /** Episode workers whose replies from their 2nd run on take a minute (hold: true). */
    const spawnEpisodes =
      (hold: boolean): SpawnEpisodeSource =>
      (rec) => {
        const { port1, port2 } = new MessageChannel();
        let runs = 0;
        serveEpisodes(
          (cb) => port2.on('message', (m: EpisodeRequest) => cb(m)),
          (r) => {
            if (hold && r.type === 'result' && ++runs >= 2)
              heldRuns.push(setTimeout(() => port2.postMessage(r), 60_000));
            else port2.postMessage(r);
          },
          async () => NO_DATA_ENV,
          () => port2.close(),
        );
        return remoteEpisodes(
          {
            post: (m) => port1.postMessage(m),
            listen: (cb) => port1.on('message', (r: EpisodeReply) => cb(r)),
            terminate: () => {
              terminated++;
              port1.close();
            },
          },
          rec,
          'cpu',
        );
      };
    const run = async (iterations: number, hold: boolean) => {
      const events: MetaEvent[] = [];
      const s = new MetaSession(NO_DATA_ENV, (e) => events.push(e), undefined, spawnEpisodes(hold));
      await s.start(ppo(iterations));
      return { s, events };
    };
    const ref = await run(1, false);
    while (!ref.events.some((e) => e.type === 'progress' && e.progress.state === 'done'))
      await new Promise((r) => setTimeout(r, 5));
    const want = Array.from(new Float32Array((await ref.s.exportFiles('ref')).bin));
    await ref.s.setBackend('cpu');

    const { s, events } = await run(3, true);
    const t0 = Date.now();
    while (heldRuns.length < 2) {
      if (Date.now() - t0 > 60_000) throw new Error('timeout');
      await new Promise((r) => setTimeout(r, 5));
    }
    const before = terminated;
    await s.stop();
    expect(terminated).toBe(before + 2);
    const last = events.filter((e) => e.type === 'progress').at(-1);
    expect(last?.type === 'progress' && last.progress).toMatchObject({ state: 'stopped', iteration: 1 });
    const file = await s.exportFiles('stopped');
    expect(JSON.parse(file.json).modelTopology.metaIterations).toBe(1);
    expect(Array.from(new Float32Array(file.bin))).toEqual(want);
    for (const h of heldRuns) clearTimeout(h);
    await s.setBackend('cpu');
  });

  it('the evaluation stops between its steps (StopRequested), leaving no tensors', async () => {
    const task = await createTask('rosenbrock', {}, NO_DATA_ENV, 1);
    const hp = parseHyper('adam', { lr: 0.01 });
    if (!hp.ok) throw new Error(hp.errors.join());
    const before = tf.memory().numTensors;
    let asked = 0;
    const err = await evaluateRule(getRule('adam'), hp.value, task, {
      runs: 2,
      steps: 50,
      seed: 1,
      interrupt: () => ++asked > 7,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StopRequested);
    expect((err as StopRequested).innerSteps).toBe(7);
    expect(tf.memory().numTensors).toBe(before);
    task.dispose();
  });
});
