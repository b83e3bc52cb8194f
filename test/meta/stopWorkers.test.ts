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
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ARCHITECTURES } from '../../src/core/learned/catalog';
import { initLearned } from '../../src/core/learned/factory';
import { evaluateRule } from '../../src/core/meta/evaluate';
import { StopRequested } from '../../src/core/meta/outer';
import { GradWorker } from '../../src/core/meta/parallel/gradWorker';
import { DataParallelTrainer, inThread } from '../../src/core/meta/parallel/leader';
import type { MetaEvent, MetaStartOptions } from '../../src/core/meta/protocol';
import { MetaSession } from '../../src/core/meta/session';
import { getRule } from '../../src/core/optim/registry';
import { parseHyper } from '../../src/core/optim/validate';
import { createTask, NO_DATA_ENV } from '../../src/core/tasks/registry';
import { channelEpisodeSpawn, channelGradSpawn } from './channelWorkers';
import { tinyBpttRecipe, tinyPpoStart } from './sessionHelpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const recipe = () => tinyBpttRecipe({ iterations: 6, seed: 3 });

const held: ReturnType<typeof setTimeout>[] = [];
let closed = 0;

/** A worker over a MessageChannel whose replies from the 3rd unroll on take a minute. */
const slowSpawn = channelGradSpawn({
  replies: () => {
    let steps = 0;
    return (r, post) => {
      if (r.type === 'result' && ++steps >= 3) held.push(setTimeout(post, 60_000));
      else post();
    };
  },
  onTerminate: () => closed++,
});

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
    const ppo = (iterations: number): MetaStartOptions =>
      tinyPpoStart({ iterations, episodesPerIteration: 2 }, 2);
    const heldRuns: ReturnType<typeof setTimeout>[] = [];
    let terminated = 0;
    /** Episode workers whose replies from their 2nd run on take a minute (hold: true). */
    const spawnEpisodes = (hold: boolean) =>
      channelEpisodeSpawn({
        replies: () => {
          let runs = 0;
          return (r, post) => {
            if (hold && r.type === 'result' && ++runs >= 2) heldRuns.push(setTimeout(post, 60_000));
            else post();
          };
        },
        onTerminate: () => terminated++,
      });
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
