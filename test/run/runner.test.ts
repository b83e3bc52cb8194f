import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { isInputError } from '../../src/core/experiment/errors';
import { defaultSpec, type ExperimentSpec } from '../../src/core/experiment/schema';
import { Runner } from '../../src/core/run/runner';
import type { Frame } from '../../src/core/run/types';
import type { TaskId, TaskOptions } from '../../src/core/tasks/catalog';
import { LANDSCAPES } from '../../src/core/tasks/landscapes';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';
import { specFor } from './specFor';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const spec = (
  task: TaskId,
  optimizers: ExperimentSpec['optimizers'],
  steps: number,
  seed = 1,
  options: Partial<TaskOptions> = {},
): ExperimentSpec => specFor(task, optimizers, steps, options, { seed, backend: 'cpu' });

/** Run to the end in frames of `every`; concatenate losses/trajectories per run. */
async function runAll(s: ExperimentSpec, every: number) {
  const r = await Runner.create(s, NO_DATA_ENV);
  const frames: Frame[] = [];
  while (!r.done) frames.push(await r.advance(every));
  const cat = (pick: (f: Frame, i: number) => Float32Array | undefined, i: number) =>
    frames.flatMap((f) => Array.from(pick(f, i) ?? []));
  const out = s.optimizers.map((_, i) => ({
    losses: cat((f, j) => f.runs[j].losses, i),
    trajectory: cat((f, j) => f.runs[j].trajectory, i),
    probes: frames.map((f) => f.runs[i].probes),
    divergedAt: frames.map((f) => f.runs[i].divergedAt).find((d) => d !== undefined),
  }));
  const diverged = s.optimizers.map((_, i) => r.diverged(i));
  r.dispose();
  return { out, frames, diverged };
}

describe('Runner', () => {
  it('emits steps + 1 losses and positions; θ_0 is the start; frames are contiguous', async () => {
    const s = spec('rosenbrock', [{ id: 'sgd', hyper: { lr: 1e-3 } }], 23);
    const { out, frames } = await runAll(s, 5);
    expect(out[0].losses).toHaveLength(24);
    expect(out[0].trajectory).toHaveLength(48);
    expect(frames.map((f) => f.fromStep)).toEqual([0, 5, 10, 15, 20]);
    expect(frames.map((f) => f.count)).toEqual([5, 5, 5, 5, 4]);
    expect(out[0].trajectory.slice(0, 2)).toEqual([-1.5, 2]);
    expect(out[0].losses[0]).toBeCloseTo(LANDSCAPES.rosenbrock.f(-1.5, 2), 3);
    // Hand check of one SGD step: θ_1 = θ_0 − lr ∇f(θ_0), and loss[1] = f(θ_1).
    const [gx, gy] = LANDSCAPES.rosenbrock.grad(-1.5, 2);
    const x1 = -1.5 - 1e-3 * gx;
    const y1 = 2 - 1e-3 * gy;
    expect(out[0].trajectory[2]).toBeCloseTo(x1, 5);
    expect(out[0].trajectory[3]).toBeCloseTo(y1, 5);
    expect(out[0].losses[1]).toBeCloseTo(LANDSCAPES.rosenbrock.f(x1, y1), 3);
    // updateNorm probe in rows 0..22, NaN in the final row.
    const un = frames.flatMap((f) => Array.from(f.runs[0].probes.updateNorm.values));
    expect(un).toHaveLength(24);
    expect(un[0]).toBeCloseTo(1e-3 * Math.hypot(gx, gy), 4);
    expect(Number.isNaN(un[23])).toBe(true);
    expect(un.slice(0, 23).every(Number.isFinite)).toBe(true);
  });

  it('gives every optimizer the same init and batches: identical entries are bit-identical', async () => {
    const s = spec(
      'spirals',
      [
        { id: 'adam', hyper: { lr: 0.01 } },
        { id: 'sgd', hyper: { lr: 0.1 } },
        { id: 'adam', hyper: { lr: 0.01 } },
      ],
      30,
      7,
      { pointsPerClass: 50, batchSize: 16 },
    );
    const { out } = await runAll(s, 7);
    expect(out[0].losses).toEqual(out[2].losses);
    expect(out[0].losses[0]).toBe(out[1].losses[0]); // same θ_0 and same first batch
    expect(out[0].losses[5]).not.toBe(out[1].losses[5]);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const mk = (seed: number) =>
      spec('spirals', [{ id: 'adam', hyper: { lr: 0.01 } }], 20, seed, { pointsPerClass: 40, batchSize: 8 });
    const a = await runAll(mk(3), 6);
    const b = await runAll(mk(3), 20);
    const c = await runAll(mk(4), 6);
    expect(a.out[0].losses).toEqual(b.out[0].losses); // frame size does not matter either
    expect(a.out[0].losses).not.toEqual(c.out[0].losses);
  });

  it('marks a diverging run and lets the others finish', async () => {
    const s = spec(
      'rosenbrock',
      [
        { id: 'sgd', hyper: { lr: 10 } },
        { id: 'adam', hyper: { lr: 0.01 } },
      ],
      40,
    );
    const { out, diverged } = await runAll(s, 10);
    expect(diverged).toEqual([true, false]);
    const at = out[0].divergedAt!;
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(10);
    expect(out[0].losses.slice(0, at).every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(out[0].losses[at])).toBe(false);
    expect(out[0].losses.slice(at + 1).every(Number.isNaN)).toBe(true);
    expect(out[0].losses).toHaveLength(41);
    expect(out[1].losses.every(Number.isFinite)).toBe(true);
    expect(out[1].losses[40]).toBeLessThan(out[1].losses[0]);
  });

  it('applies setHyper from the next step', async () => {
    const s = spec('ill-quadratic', [{ id: 'sgd', hyper: { lr: 0.01 } }], 4, 1, { kappa: 1 });
    const r = await Runner.create(s, NO_DATA_ENV);
    const f1 = await r.advance(2); // θ_0, θ_1 with lr 0.01
    expect(r.setHyper(0, { lr: 0.5 })).toBe(2);
    expect(r.spec.optimizers[0]).toMatchObject({
      hyper: { lr: 0.01 },
      schedule: [{ step: 2, hyper: { lr: 0.5 } }],
    });
    const f2 = await r.advance(2); // θ_2 (lr 0.01 from θ_1), θ_3 and θ_4 with lr 0.5
    const xs = [...f1.runs[0].trajectory!, ...f2.runs[0].trajectory!].filter((_, i) => i % 2 === 0);
    // κ = 1: ∇f = θ, so x_{k+1} = (1 − lr) x_k.
    expect(xs[0]).toBeCloseTo(2, 6);
    expect(xs[1]).toBeCloseTo(2 * 0.99, 5);
    expect(xs[2]).toBeCloseTo(2 * 0.99 * 0.99, 5);
    expect(xs[3]).toBeCloseTo(2 * 0.99 * 0.99 * 0.5, 5);
    expect(xs[4]).toBeCloseTo(2 * 0.99 * 0.99 * 0.25, 5);
    expect(() => r.setHyper(0, { lr: -1 })).toThrow(/optimizers\[0\]\.hyper.*lr.*allowed range/);
    expect(() => r.setHyper(0, { beta3: 0.9 })).toThrow(/beta3.*valid for sgd: lr, weightDecay/);
    expect(() => r.setHyper(5, { lr: 1 })).toThrow(/out of range/);
    r.dispose();
  });

  it('keeps tf.memory().numTensors flat over many frames, and frees everything on dispose', async () => {
    const before = tf.memory().numTensors;
    const s = spec(
      'spirals',
      [
        { id: 'adamod', hyper: { lr: 0.01 } },
        { id: 'adabound', hyper: {} },
        { id: 'nesterov', hyper: { lr: 0.1 } },
      ],
      200,
      2,
      { pointsPerClass: 30, batchSize: 8, width: 8, depth: 1 },
    );
    const r = await Runner.create(s, NO_DATA_ENV);
    await r.advance(5);
    const counts: number[] = [];
    while (!r.done) {
      await r.advance(13);
      counts.push(tf.memory().numTensors);
    }
    expect(counts.length).toBeGreaterThan(10);
    expect(new Set(counts).size).toBe(1);
    const evals = await r.evalLosses();
    expect(evals).toHaveLength(3);
    expect(evals[0]).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(counts[counts.length - 1]);
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('streams the rules’ probes (AdaMod quantiles, width 3) in the same readback', async () => {
    const s = spec('beale', [{ id: 'adamod', hyper: { lr: 0.01 } }], 6);
    const { frames } = await runAll(s, 3);
    const p = frames[0].runs[0].probes;
    expect(Object.keys(p)).toContain('updateNorm');
    const q = Object.entries(p).find(([name]) => name.endsWith('Quantiles'));
    expect(q?.[1].width).toBe(3);
    expect(q?.[1].values).toHaveLength(9);
    expect(Array.from(q![1].values).every(Number.isFinite)).toBe(true);
  });

  it('returns null eval losses for tasks without held-out data; advance past the end is empty', async () => {
    const r = await Runner.create(spec('saddle', [{ id: 'adam', hyper: {} }], 2), NO_DATA_ENV);
    expect(r.twoD).toBe(true);
    const f = await r.advance(100);
    expect(f.count).toBe(3);
    expect(r.done).toBe(true);
    expect(r.step).toBe(2);
    expect((await r.advance(5)).count).toBe(0);
    expect(await r.evalLosses()).toEqual([null]);
    r.dispose();
  });

  it('reports bad hyperparameters at create time with the field and the range', async () => {
    const s = spec('rosenbrock', [{ id: 'adam', hyper: { beta1: 2 } }], 2);
    await expect(Runner.create(s, NO_DATA_ENV)).rejects.toThrow(/optimizers\[0\]\.hyper: adam\.beta1/);
  });
});

describe('Runner input errors', () => {
  it('missing learned weights are an input error naming the entry (no backend fallback helps)', async () => {
    const spec: ExperimentSpec = {
      ...defaultSpec(),
      optimizers: [
        { id: 'adam', hyper: {} },
        { id: 'rnnprop', hyper: {}, weights: 'pretrained:no-such-file' },
      ],
      steps: 3,
    };
    const err = await Runner.create(spec, NO_DATA_ENV).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isInputError(err)).toBe(true);
    expect((err as Error).message).toMatch(
      /^optimizers\[1\] \(rnnprop, weights pretrained:no-such-file\): pretrained\/no-such-file\.json: cannot read/,
    );
  });
});
