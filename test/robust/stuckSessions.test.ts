/**
 * Nothing stuck (issue 16): a value the schema refuses, or a failure inside a training loop,
 * ends as an 'error' state or a refused call with a message naming the field, and the session
 * keeps working (the next Start runs to the end). No promise is left rejected.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSpec } from '../../src/core/experiment/schema';
import { parseRecipe } from '../../src/core/learned/catalog';
import type { MetaEvent } from '../../src/core/meta/protocol';
import { MetaSession } from '../../src/core/meta/session';
import { evalSettingsErrors, parseStartOptions } from '../../src/core/meta/startOptions';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';
import type { WorkerEvent } from '../../src/core/worker/protocol';
import { TrainSession } from '../../src/core/worker/session';

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
beforeAll(async () => {
  await tf.setBackend('cpu');
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

const recipe = (iterations: number) => {
  const r = parseRecipe({
    kind: 'rnnprop',
    task: { id: 'dm-quadratic', options: { problems: 2 } },
    steps: 10,
    unroll: 5,
    iterations,
    metaLr: 1e-3,
    seed: 2,
  });
  if (!r.ok) throw new Error(r.errors.join());
  return r.value;
};

const until = async (f: () => boolean, ms = 60_000) => {
  const t0 = Date.now();
  while (!f()) {
    if (Date.now() - t0 > ms) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 5));
  }
};

const lastState = (events: MetaEvent[]) => {
  const p = events.filter((e) => e.type === 'progress').at(-1);
  return p?.type === 'progress' ? p.progress.state : undefined;
};

describe('Meta-train session', () => {
  it('refuses a baseline Adam lr outside the schema range before anything runs, then trains normally', async () => {
    const events: MetaEvent[] = [];
    const s = new MetaSession(NO_DATA_ENV, (e) => events.push(e));
    await expect(s.start({ recipe: recipe(2), evalEvery: 1, evalRuns: 1, adamLr: 100 })).rejects.toThrow(
      /^Adam lr \(baseline\): 100 is out of range; allowed range is \[1e-7, 10\]$/,
    );
    expect(lastState(events)).toBeUndefined(); // never 'running'
    await s.start({ recipe: recipe(2), evalEvery: 1, evalRuns: 1, adamLr: 0.01 });
    await until(() => lastState(events) === 'done');
    expect(events.filter((e) => e.type === 'eval')).toHaveLength(2);
    await s.setBackend('cpu'); // does not hang or throw
  });

  it('a failing evaluation ends in the error state; Start and backend changes still work', async () => {
    const events: MetaEvent[] = [];
    const s = new MetaSession(NO_DATA_ENV, (e) => events.push(e));
    const real = (s as unknown as { evaluate: unknown }).evaluate;
    (s as unknown as { evaluate: () => Promise<void> }).evaluate = () =>
      Promise.reject(new Error('evaluation exploded'));
    await s.start({ recipe: recipe(3), evalEvery: 1, evalRuns: 1, adamLr: 0.01 });
    await until(() => lastState(events) === 'error');
    expect(events.some((e) => e.type === 'error' && e.message === 'evaluation exploded')).toBe(true);
    (s as unknown as { evaluate: unknown }).evaluate = real;
    await s.setBackend('cpu');
    await s.start({ recipe: recipe(2), evalEvery: 0, evalRuns: 1, adamLr: 0.01 });
    await until(() => lastState(events) === 'done');
  });

  it('validates every evaluation setting with its range', () => {
    expect(evalSettingsErrors({ evalEvery: 1.5, evalRuns: 0, adamLr: Number.NaN })).toEqual([
      'evaluate every N iterations: 1.5 is not valid; allowed range is [0, 100000] (integer)',
      'evaluation runs: 0 is not valid; allowed range is [1, 100] (integer)',
      'Adam lr (baseline): not a number is out of range; allowed range is [1e-7, 10]',
    ]);
    expect(evalSettingsErrors({ evalEvery: 20, evalRuns: 3, adamLr: 0.01 })).toEqual([]);
    const bad = parseStartOptions({
      recipe: { ...recipe(2), iterations: -1 },
      evalEvery: 0,
      evalRuns: 1,
      adamLr: 1e-8,
    });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.join('\n')).toMatch(
      /iterations[\s\S]*Adam lr \(baseline\): 1e-8 is out of range/,
    );
  });
});

describe('Training session', () => {
  it('a failure in the play loop becomes an error event; pause() resolves', async () => {
    const events: WorkerEvent[] = [];
    let frames = 0;
    let thrown = false;
    const session = new TrainSession(NO_DATA_ENV, (ev) => {
      if (ev.type === 'frame') frames++;
      if (!thrown && ev.type === 'status' && ev.state === 'running' && frames > 0) {
        thrown = true;
        throw new Error('postMessage failed (simulated)');
      }
      events.push(ev);
    });
    await session.load({ ...defaultSpec(), steps: 200 });
    await session.play();
    await until(() => thrown && events.some((e) => e.type === 'error'));
    await expect(session.pause()).resolves.toBeUndefined();
    expect(events.find((e) => e.type === 'error')).toMatchObject({
      message: 'postMessage failed (simulated)',
    });
  });

  it('setHyper with a refused value or index reports it and keeps the old value', async () => {
    const events: WorkerEvent[] = [];
    const session = new TrainSession(NO_DATA_ENV, (ev) => events.push(ev));
    await session.load({ ...defaultSpec(), steps: 10 });
    await expect(session.setHyper(0, { lr: 100 })).resolves.toBeNull();
    await expect(session.setHyper(7, { lr: 0.1 })).resolves.toBeNull();
    const errors = events.flatMap((e) => (e.type === 'error' ? [e.message] : []));
    expect(errors[0]).toMatch(/optimizers\[0\]\.hyper.*lr.*allowed range is \[1e-7, 10\]/);
    expect(errors[1]).toBe('optimizers[7]: no such run (2 loaded)');
    await session.stepOnce(10);
    expect(events.some((e) => e.type === 'status' && e.state === 'done')).toBe(true);
  });

  it('left no unhandled rejection behind', () => {
    expect(unhandled).toEqual([]);
  });
});
