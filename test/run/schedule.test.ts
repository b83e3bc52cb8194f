/**
 * Recorded edits reproduce a live run exactly (cpu): a hyperparameter changed at step k with
 * setHyper gives the same losses, bit for bit, as a fresh run of the spec the runner recorded
 * (a schedule event at k), and as that spec after a trip through the URL.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentSpec } from '../../src/core/experiment/schema';
import { specFromQuery, specToQuery } from '../../src/core/experiment/url';
import { Runner } from '../../src/core/run/runner';
import { SeedRunner } from '../../src/core/run/seeds';
import type { TaskId, TaskOptions } from '../../src/core/tasks/catalog';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';
import { specFor } from './specFor';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const spec = (task: TaskId, steps: number, options: Partial<TaskOptions> = {}): ExperimentSpec =>
  specFor(
    task,
    [
      { id: 'adam', hyper: { lr: 0.01 } },
      { id: 'adamod', hyper: { lr: 0.01 } },
      { id: 'sgd', hyper: { lr: 0.001 } },
    ],
    steps,
    options,
    { backend: 'cpu' },
  );

type Losses = number[][];
const append = (acc: Losses, f: Awaited<ReturnType<Runner['advance']>>) => {
  for (const r of f.runs) acc[r.index].push(...r.losses);
};

async function replay(s: ExperimentSpec, chunk: number): Promise<Losses> {
  const r = await SeedRunner.create(s, NO_DATA_ENV);
  const out: Losses = s.optimizers.map(() => []);
  while (!r.done) append(out, await r.advance(chunk));
  r.dispose();
  return out;
}

describe('recorded edits', () => {
  for (const [task, opts] of [
    ['rosenbrock', {}],
    ['spirals', { pointsPerClass: 30, batchSize: 8, width: 8, depth: 1 }],
  ] as const) {
    it(`${task}: live edits at steps 7 and 19 = the recorded schedule, bit for bit`, async () => {
      const s = spec(task, 30, opts);
      const live = await SeedRunner.create(s, NO_DATA_ENV);
      const got: Losses = s.optimizers.map(() => []);
      append(got, await live.advance(7));
      expect(live.setHyper(0, { lr: 0.05 })).toBe(7);
      expect(live.setHyper(2, { lr: 0.01, weightDecay: 0.001 })).toBe(7);
      append(got, await live.advance(12));
      expect(live.setHyper(1, { lr: 0.002, beta3: 0.99 })).toBe(19);
      expect(live.setHyper(0, { lr: 0.05 })).toBe(19); // unchanged: nothing recorded
      while (!live.done) append(got, await live.advance(5));
      const recorded = live.spec;
      live.dispose();
      expect(recorded.optimizers.map((o) => [o.hyper, o.schedule])).toEqual([
        [{ lr: 0.01 }, [{ step: 7, hyper: { lr: 0.05 } }]],
        [{ lr: 0.01 }, [{ step: 19, hyper: { lr: 0.002, beta3: 0.99 } }]],
        [{ lr: 0.001 }, [{ step: 7, hyper: { lr: 0.01, weightDecay: 0.001 } }]],
      ]);
      const again = await replay(recorded, 4);
      expect(again).toEqual(got);
      const fromLink = specFromQuery(specToQuery(recorded));
      expect(fromLink.errors).toEqual([]);
      expect(await replay(fromLink.spec, 30)).toEqual(got);
      // The edits changed the curves (the test can fail).
      const plain = await replay(s, 30);
      expect(plain[0].slice(0, 8)).toEqual(got[0].slice(0, 8));
      expect(plain[0][8]).not.toBe(got[0][8]);
      expect(plain[1][20]).not.toBe(got[1][20]);
    });
  }

  it('an edit before the first step changes the starting values', async () => {
    const s = spec('rosenbrock', 5);
    const r = await Runner.create(s, NO_DATA_ENV);
    expect(r.setHyper(0, { lr: 0.2 })).toBe(0);
    expect(r.spec.optimizers[0]).toEqual({ id: 'adam', hyper: { lr: 0.2 } });
    r.dispose();
  });
});

describe('Continue +N', () => {
  for (const [task, opts] of [
    ['rosenbrock', {}],
    ['spirals', { pointsPerClass: 30, batchSize: 8, width: 8, depth: 1 }],
  ] as const) {
    it(`${task}: a finished run continued twice = one run of the grown spec, bit for bit`, async () => {
      const s = spec(task, 12, opts);
      s.optimizers[0].schedule = [{ step: 5, hyper: { lr: 0.03 } }];
      const r = await SeedRunner.create(s, NO_DATA_ENV);
      const got: Losses = s.optimizers.map(() => []);
      const before = tf.memory().numTensors;
      while (!r.done) append(got, await r.advance(5));
      r.extend(9);
      expect(r.done).toBe(false);
      expect(r.spec.steps).toBe(21);
      const f = await r.advance(4);
      expect(f.fromStep).toBe(13);
      expect(f.count).toBe(3); // θ_12's loss came with the first finish; updates 12..15 emit θ_13..θ_15
      append(got, f);
      while (!r.done) append(got, await r.advance(100));
      expect(r.setHyper(1, { lr: 0.05 })).toBe(21); // an edit after the finish applies when continued
      r.extend(4);
      while (!r.done) append(got, await r.advance(3));
      expect(tf.memory().numTensors).toBe(before);
      const grown = r.spec;
      r.dispose();
      expect(grown.steps).toBe(25);
      expect(grown.optimizers[1].schedule).toEqual([{ step: 21, hyper: { lr: 0.05 } }]);
      expect(got.map((l) => l.length)).toEqual([26, 26, 26]);
      expect(await replay(grown, 7)).toEqual(got);
      expect(await replay(specFromQuery(specToQuery(grown)).spec, 25)).toEqual(got);
    });
  }

  it('refuses a bad count with a message', async () => {
    const r = await Runner.create(spec('rosenbrock', 3), NO_DATA_ENV);
    expect(() => r.extend(0)).toThrow(/continue: steps must be an integer in \[1, 99997\]/);
    expect(() => r.extend(1e6)).toThrow(/continue: steps/);
    r.dispose();
  });
});
