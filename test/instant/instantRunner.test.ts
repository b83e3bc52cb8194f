/**
 * The worker's instant-mode runner (worker/instant.ts): 2-D landscapes with hand-designed rules
 * are answered by the fast path (slow = null) and equal the tfjs path's frame; other tasks go
 * through tfjs and the answer says why; requests made while one computes coalesce (latest wins).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSpec, type ExperimentSpec } from '../../src/core/experiment/schema';
import type { Frame } from '../../src/core/run/types';
import { defaultTaskOptions, type TaskId, type TaskOptions } from '../../src/core/tasks/catalog';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';
import { InstantRunner } from '../../src/core/worker/instant';
import type { WorkerEvent } from '../../src/core/worker/protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Answer = Extract<WorkerEvent, { type: 'instant' }>;

function spec(task: TaskId, x0?: number): ExperimentSpec {
  const options = { ...defaultTaskOptions(task), ...(x0 === undefined ? {} : { x0 }) } as TaskOptions;
  return {
    ...defaultSpec(),
    task: { id: task, options },
    optimizers: [
      { id: 'adam', hyper: { lr: 0.01 } },
      { id: 'momentum', hyper: { lr: 0.001 } },
    ],
    steps: 60,
    backend: 'cpu',
  };
}

function runner() {
  const events: WorkerEvent[] = [];
  let computing = 0;
  const r = new InstantRunner(
    NO_DATA_ENV,
    (ev) => events.push(ev),
    async (f) => {
      computing++;
      return f();
    },
  );
  const answers = () => events.filter((e): e is Answer => e.type === 'instant');
  const settled = async (n: number) => {
    for (let i = 0; i < 2000 && answers().length < n; i++) await new Promise((res) => setTimeout(res, 5));
  };
  return { r, events, answers, settled, tfjsCalls: () => computing };
}

const bits = (f: Frame) => f.runs.map((r) => Array.from(new Uint32Array(Float32Array.from(r.losses).buffer)));

describe('InstantRunner', () => {
  it('answers landscapes by the fast path and other tasks through tfjs, saying why', async () => {
    const t = runner();
    t.r.request(spec('rosenbrock'), 1);
    await t.settled(1);
    t.r.request(spec('quadratic'), 2);
    await t.settled(2);
    const [fast, slow] = t.answers();
    expect(t.events.filter((e) => e.type === 'error')).toEqual([]);
    expect(fast).toMatchObject({ id: 1, slow: null });
    expect(fast.frame.count).toBe(61);
    expect(slow.id).toBe(2);
    expect(slow.slow).toMatch(/not a 2-D landscape/);
    expect(t.tfjsCalls()).toBe(1); // only the quadratic used the backend
  });

  it('latest request wins: a burst computes the first and the last only', async () => {
    const t = runner();
    for (let id = 1; id <= 5; id++) t.r.request(spec('beale', 0.5 + id / 10), id);
    await t.settled(2);
    await new Promise((res) => setTimeout(res, 50));
    expect(t.answers().map((a) => a.id)).toEqual([1, 5]);
    const last = t.answers()[1].frame.runs[0].trajectory as Float32Array;
    expect(last[0]).toBe(Math.fround(1));
  });

  it("the fast path's frame equals the tfjs runner's for the same spec", async () => {
    const t = runner();
    const s = spec('himmelblau');
    t.r.request(s, 1);
    await t.settled(1);
    // The same spec through the runner directly.
    const { SeedRunner } = await import('../../src/core/run/seeds');
    const ref = await SeedRunner.create(s, NO_DATA_ENV);
    const frame = await ref.advance(s.steps);
    ref.dispose();
    expect(bits(t.answers()[0].frame)).toEqual(bits(frame));
  });
});
