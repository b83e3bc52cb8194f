import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSpec, type ExperimentSpec } from '../../src/core/experiment/schema';
import { Runner } from '../../src/core/run/runner';
import { SeedRunner, seedsOf } from '../../src/core/run/seeds';
import { curveStats, finalOfCurve, meanStd } from '../../src/core/run/stats';
import type { Frame } from '../../src/core/run/types';
import { defaultTaskOptions, type TaskOptions } from '../../src/core/tasks/catalog';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function spiralsSpec(seeds: number | undefined, steps = 12): ExperimentSpec {
  const s: ExperimentSpec = {
    ...defaultSpec(),
    task: {
      id: 'spirals',
      options: {
        ...defaultTaskOptions('spirals'),
        pointsPerClass: 40,
        width: 8,
        batchSize: 16,
      } as TaskOptions,
    },
    optimizers: [
      { id: 'adam', hyper: { lr: 0.05 } },
      { id: 'sgd', hyper: { lr: 0.5 } },
      { id: 'adam', hyper: { lr: 0.05 } },
    ],
    steps,
    seed: 7,
    backend: 'cpu',
    fused: false,
  };
  if (seeds !== undefined) s.seeds = seeds;
  return s;
}

async function lossesOf(r: { done: boolean; advance(n: number): Promise<Frame> }, every: number) {
  const frames: Frame[] = [];
  while (!r.done) frames.push(await r.advance(every));
  return frames;
}

describe('stats', () => {
  it('mean and sample std; NaN once a value is not finite', () => {
    expect(meanStd([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(5 / 3) });
    expect(meanStd([5])).toEqual({ mean: 5, std: 0 });
    expect(Number.isNaN(meanStd([1, Number.NaN]).mean)).toBe(true);
    const c = curveStats([
      [1, 2],
      [3, 6],
    ]);
    expect(Array.from(c.mean)).toEqual([2, 4]);
    expect(Array.from(c.min)).toEqual([1, 2]);
    expect(Array.from(c.max)).toEqual([3, 6]);
    expect(c.std[1]).toBeCloseTo(Math.SQRT2 * 2, 5);
    expect(finalOfCurve([9, 9, 9, 9, 9, 9, 9, 9, 9, 1, 3])).toBe(3); // last 10% of 11 = 1 value
    expect(finalOfCurve(Array.from({ length: 20 }, (_, k) => k))).toBe(18.5); // mean of 18, 19
  });
});

describe('SeedRunner', () => {
  it('seeds are seed, seed+1, …; absent means one', () => {
    expect(seedsOf({ seed: 7 })).toEqual([7]);
    expect(seedsOf({ seed: 7, seeds: 3 })).toEqual([7, 8, 9]);
  });

  it('one seed gives exactly the Runner frames', async () => {
    const a = await SeedRunner.create(spiralsSpec(undefined), NO_DATA_ENV);
    const b = await Runner.create(spiralsSpec(undefined), NO_DATA_ENV);
    const fa = await lossesOf(a, 5);
    const fb = await lossesOf(b, 5);
    a.dispose();
    b.dispose();
    expect(fa.map((f) => f.runs.map((r) => Array.from(r.losses)))).toEqual(
      fb.map((f) => f.runs.map((r) => Array.from(r.losses))),
    );
    expect(fa[0].runs[0].seedLosses).toBeUndefined();
  });

  it('N seeds: per-seed losses equal separate runs at seed+s, the mean is their average, and all optimizers share inits and batches', async () => {
    const before = tf.memory().numTensors;
    const multi = await SeedRunner.create(spiralsSpec(3), NO_DATA_ENV);
    const frames = await lossesOf(multi, 5);
    multi.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const seedCurves = [0, 1, 2].map((s) =>
      frames.flatMap((f) => Array.from(f.runs[0].seedLosses?.[s] ?? [])),
    );
    for (const [s, seed] of [7, 8, 9].entries()) {
      const one = await Runner.create({ ...spiralsSpec(undefined), seed }, NO_DATA_ENV);
      const fs = await lossesOf(one, 4);
      one.dispose();
      expect(seedCurves[s]).toEqual(fs.flatMap((f) => Array.from(f.runs[0].losses)));
    }
    // Different seeds really differ; identical entries (0 and 2) agree seed by seed.
    expect(seedCurves[0][3]).not.toBe(seedCurves[1][3]);
    for (const f of frames) {
      expect(f.runs[2].seedLosses).toEqual(f.runs[0].seedLosses);
      const k = f.count - 1;
      const vals = (f.runs[1].seedLosses ?? []).map((c) => c[k]);
      expect(f.runs[1].losses[k]).toBeCloseTo((vals[0] + vals[1] + vals[2]) / 3, 5);
    }
    expect(frames.reduce((n, f) => n + f.count, 0)).toBe(13);
  });

  it('held-out loss and accuracy per optimizer and seed at every evalEvery and at the end', async () => {
    const r = await SeedRunner.create(spiralsSpec(2, 10), NO_DATA_ENV, { evalEvery: 4 });
    const frames = await lossesOf(r, 3);
    r.dispose();
    const evals = frames.filter((f) => f.eval).map((f) => f.eval!);
    expect(evals.map((e) => e.step)).toEqual([6, 9, 10]);
    for (const e of evals) {
      expect(e.loss.length).toBe(3);
      expect(e.loss[0].length).toBe(2);
      expect(e.accuracy?.[1].length).toBe(2);
      for (const a of e.accuracy!.flat()) expect(a >= 0 && a <= 1).toBe(true);
      for (const l of e.loss.flat()) expect(l).toBeGreaterThan(0);
    }
    // Adam at lr 0.05 on spirals beats chance after 10 steps in the mean over seeds.
    const last = evals.at(-1)!;
    expect((last.accuracy![0][0] + last.accuracy![0][1]) / 2).toBeGreaterThan(0.5);
  });

  it('a diverging seed marks the run once, at its earliest step, and the mean is NaN from there', async () => {
    const s: ExperimentSpec = {
      ...defaultSpec(),
      task: { id: 'rosenbrock', options: defaultTaskOptions('rosenbrock') },
      optimizers: [{ id: 'sgd', hyper: { lr: 0.01 } }],
      steps: 20,
      seed: 1,
      seeds: 2,
      backend: 'cpu',
      fused: false,
    };
    const r = await SeedRunner.create(s, NO_DATA_ENV);
    const frames = await lossesOf(r, 3);
    expect(r.diverged(0)).toBe(true);
    r.dispose();
    const marks = frames.map((f) => f.runs[0].divergedAt).filter((d) => d !== undefined);
    expect(marks).toEqual([5]);
    const mean = frames.flatMap((f) => Array.from(f.runs[0].losses));
    expect(Number.isFinite(mean[4])).toBe(true);
    expect(Number.isNaN(mean[6])).toBe(true);
  });
});
