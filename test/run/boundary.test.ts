import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSpec, type ExperimentSpec } from '../../src/core/experiment/schema';
import { decisionGrid, gridInputs } from '../../src/core/run/boundary';
import { BOUNDARY_EVERY, BOUNDARY_RES, liveOptions, SeedRunner } from '../../src/core/run/seeds';
import type { DecisionGrid } from '../../src/core/run/types';
import { defaultTaskOptions, type TaskOptions } from '../../src/core/tasks/catalog';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function spirals(steps: number, extra: Partial<ExperimentSpec> = {}): ExperimentSpec {
  return {
    ...defaultSpec(),
    task: { id: 'spirals', options: defaultTaskOptions('spirals') as TaskOptions },
    optimizers: [
      { id: 'adam', hyper: { lr: 0.01 } },
      { id: 'sgd', hyper: { lr: 0.1 } },
    ],
    steps,
    seed: 1,
    backend: 'cpu',
    fused: false,
    ...extra,
  };
}

/** Fraction of the training points on the right side of the map's 0.5 contour (nearest cell). */
function mapAccuracy(g: DecisionGrid, run: number): number {
  const cells = g.res * g.res;
  let right = 0;
  for (let i = 0; i < g.labels.length; i++) {
    const x = g.points[2 * i];
    const y = g.points[2 * i + 1];
    const c = Math.min(g.res - 1, Math.max(0, Math.floor(((x + g.extent) / (2 * g.extent)) * g.res)));
    const r = Math.min(g.res - 1, Math.max(0, Math.floor(((g.extent - y) / (2 * g.extent)) * g.res)));
    const p = g.probs[run * cells + r * g.res + c];
    if ((p > 0.5 ? 1 : 0) === g.labels[i]) right++;
  }
  return right / g.labels.length;
}

describe('decision-boundary maps (spirals)', () => {
  it('grid cells are centred, top row first, covering [−e, e]²', () => {
    const g = gridInputs(4, 1);
    expect(Array.from(g.slice(0, 4))).toEqual([-0.75, 0.75, -0.25, 0.75]);
    expect(Array.from(g.slice(-2))).toEqual([0.75, -0.75]);
  });

  it('live frames carry the maps every few steps; the default spirals task learns them in 200 steps', async () => {
    const r = await SeedRunner.create(spirals(200), NO_DATA_ENV, liveOptions({ steps: 200 }));
    const grids: DecisionGrid[] = [];
    let tensorsAfterFirst = -1;
    while (!r.done) {
      const f = await r.advance(3);
      if (f.decision) grids.push(f.decision);
      if (tensorsAfterFirst < 0) tensorsAfterFirst = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
    // One map at the first frame at least BOUNDARY_EVERY steps after the last, and at the end.
    const steps = grids.map((g) => g.step);
    for (let i = 1; i < steps.length - 1; i++)
      expect(steps[i] - steps[i - 1]).toBeGreaterThanOrEqual(BOUNDARY_EVERY);
    expect(steps.at(-1)).toBe(200);
    expect(grids.length).toBeGreaterThan(25);
    const last = grids.at(-1)!;
    expect(last.res).toBe(BOUNDARY_RES);
    expect(last.probs.length).toBe(2 * BOUNDARY_RES * BOUNDARY_RES);
    expect(last.labels.length).toBe(400);
    expect(last.extent).toBeGreaterThan(1);
    expect(last.extent).toBeLessThan(1.5);
    // Adam's map: probabilities in [0, 1], chance at step 0-ish, the spirals separated at the end.
    const adam = last.probs.subarray(0, BOUNDARY_RES ** 2);
    expect(adam.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(mapAccuracy(grids[0], 0)).toBeLessThan(0.75);
    expect(mapAccuracy(last, 0)).toBeGreaterThan(0.9);
    r.dispose();
  }, 120_000);

  it('one readback for all live runs; a diverged run gets NaN; no tensors left', async () => {
    const source = {
      points: new Float32Array([0.5, 0.5]),
      labels: new Uint8Array([1]),
      extent: 1,
      // P(class 1) = sigmoid(w·x) with the run's weight w (params[0]) on x.
      predict: (params: tf.Tensor[], xy: tf.Tensor) =>
        tf.sigmoid(tf.mul(tf.reshape(tf.slice(xy, [0, 0], [-1, 1]), [-1]), params[0])),
    };
    const w = tf.scalar(50);
    const before = tf.memory().numTensors;
    const g = (await decisionGrid(
      source,
      [
        { params: [w], diverged: false },
        { params: [w], diverged: true },
      ],
      2,
      7,
    ))!;
    expect(tf.memory().numTensors).toBe(before);
    expect(g.step).toBe(7);
    // Left column (x = −0.5) ≈ 0, right column (x = 0.5) ≈ 1, both rows.
    expect(Array.from(g.probs.slice(0, 4)).map((p) => Math.round(p))).toEqual([0, 1, 0, 1]);
    expect(Array.from(g.probs.slice(4)).every(Number.isNaN)).toBe(true);
    expect(g.points).not.toBe(source.points);
    w.dispose();
  });

  it('no maps without boundaryEvery, nor on tasks without a 2-D classifier', async () => {
    const plain = await SeedRunner.create(spirals(10), NO_DATA_ENV, { evalEvery: 5 });
    expect((await plain.advance(10)).decision).toBeUndefined();
    plain.dispose();
    const quad = await SeedRunner.create(
      {
        ...spirals(10),
        task: { id: 'rosenbrock', options: defaultTaskOptions('rosenbrock') as TaskOptions },
      },
      NO_DATA_ENV,
      liveOptions({ steps: 10 }),
    );
    expect((await quad.advance(10)).decision).toBeUndefined();
    quad.dispose();
  });
});
