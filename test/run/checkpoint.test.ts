/**
 * Runner checkpoints (run/checkpoint.ts): a run rebuilt from its spec and restored from a
 * checkpoint continues bit-identically to the uninterrupted run (cpu), across seeds, a
 * diverged run, minibatches and stateful rules; a fused (packed) checkpoint continues on the
 * plain path; a checkpoint of another spec is refused without leaking; the worker session
 * emits checkpoints and recovers from the last one.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSpec, type ExperimentSpec } from '../../src/core/experiment/schema';
import type { RunCheckpointSet } from '../../src/core/run/checkpointTypes';
import { SeedRunner } from '../../src/core/run/seeds';
import type { Frame } from '../../src/core/run/types';
import { defaultTaskOptions, type TaskOptions } from '../../src/core/tasks/catalog';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';
import type { WorkerEvent } from '../../src/core/worker/protocol';
import { TrainSession } from '../../src/core/worker/session';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const STEPS = 40;

/** A noisy Rosenbrock (a minibatch stream) with a run that diverges within a few steps. */
function noisySpec(): ExperimentSpec {
  return {
    ...defaultSpec(),
    task: { id: 'rosenbrock', options: { ...defaultTaskOptions('rosenbrock'), noise: 0.3 } as TaskOptions },
    optimizers: [
      { id: 'adam', hyper: { lr: 0.01 } },
      { id: 'adamod', hyper: { lr: 0.01 } },
      { id: 'momentum', hyper: { lr: 0.0005 } },
      { id: 'sgd', hyper: { lr: 10 } },
    ],
    steps: STEPS,
    seed: 7,
    seeds: 2,
    backend: 'cpu',
    fused: false,
  };
}

function spiralSpec(fused: boolean): ExperimentSpec {
  return {
    ...defaultSpec(),
    task: { id: 'spirals', options: { ...defaultTaskOptions('spirals'), batchSize: 16 } as TaskOptions },
    optimizers: [
      { id: 'adam', hyper: { lr: 0.01 } },
      { id: 'adamod', hyper: { lr: 0.01 } },
      { id: 'momentum', hyper: { lr: 0.05 } },
    ],
    steps: STEPS,
    seed: 7,
    seeds: 2,
    backend: 'cpu',
    fused,
  };
}

/** Every loss, seed loss and probe value of the frames, per run, in step order from `from`. */
function flatten(frames: Frame[], from = 0) {
  const rows = frames.filter((f) => f.fromStep >= from);
  return rows[0].runs.map((_, i) => ({
    losses: rows.flatMap((f) => Array.from(f.runs[i].losses)),
    seeds: rows.flatMap((f) => (f.runs[i].seedLosses ?? []).map((l) => Array.from(l))),
    probes: rows.map((f) =>
      Object.fromEntries(Object.entries(f.runs[i].probes).map(([k, v]) => [k, Array.from(v.values)])),
    ),
    divergedAt: rows.map((f) => f.runs[i].divergedAt).filter((d) => d !== undefined),
  }));
}

async function frames(r: SeedRunner, every: number): Promise<Frame[]> {
  const out: Frame[] = [];
  while (!r.done) out.push(await r.advance(every));
  return out;
}

describe('runner checkpoints', () => {
  it('a restored runner continues bit-identically (2 seeds, minibatches, a diverged run, eval cadence)', async () => {
    const before = tf.memory().numTensors;
    const spec = noisySpec();
    const clean = await SeedRunner.create(spec, NO_DATA_ENV, { evalEvery: 5 });
    const whole = await frames(clean, 5);
    clean.dispose();

    const first = await SeedRunner.create(spec, NO_DATA_ENV, { evalEvery: 5 });
    for (let i = 0; i < 3; i++) await first.advance(5);
    const ck = await first.checkpoint();
    await first.advance(7); // work after the checkpoint, lost in the "crash"
    first.dispose();
    expect(ck.step).toBe(15);
    expect(ck.runners[0].runs[3].diverged).toBe(true);

    const second = await SeedRunner.create(spec, NO_DATA_ENV, { evalEvery: 5 });
    second.restore(structuredClone(ck));
    expect(second.step).toBe(15);
    const rest = await frames(second, 5);
    second.dispose();
    expect(rest[0].fromStep).toBe(15);
    expect(flatten(rest)).toEqual(flatten(whole, 15));
    expect(rest.map((f) => f.eval)).toEqual(whole.filter((f) => f.fromStep >= 15).map((f) => f.eval));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a fused (packed) checkpoint continues on the plain path (state converted)', async () => {
    const fused = await SeedRunner.create(spiralSpec(true), NO_DATA_ENV);
    await fused.advance(10);
    const ck = await fused.checkpoint();
    const whole = await frames(fused, 10);
    fused.dispose();
    expect(Object.keys(ck.runners[0].runs[0].slots)).toEqual(['packed:m,v']);

    const plain = await SeedRunner.create(spiralSpec(false), NO_DATA_ENV);
    plain.restore(ck);
    const rest = await frames(plain, 10);
    plain.dispose();
    const a = flatten(rest)[0].losses;
    const b = flatten(whole)[0].losses;
    expect(a).toHaveLength(b.length);
    a.forEach((v, k) => {
      expect(v).toBeCloseTo(b[k], 4);
    });
  });

  it('refuses a checkpoint of another spec, naming what differs, without leaking', async () => {
    const r = await SeedRunner.create(spiralSpec(false), NO_DATA_ENV);
    await r.advance(3);
    const ck = await r.checkpoint();
    r.dispose();
    const before = tf.memory().numTensors;
    const other = { ...spiralSpec(false), seeds: 1 };
    const o = await SeedRunner.create(other, NO_DATA_ENV);
    expect(() => o.restore(ck)).toThrow('checkpoint: 2 seeds, the spec has 1');
    o.dispose();
    const wider: ExperimentSpec = {
      ...spiralSpec(false),
      task: { id: 'spirals', options: { ...defaultTaskOptions('spirals'), width: 9 } as TaskOptions },
    };
    const w = await SeedRunner.create(wider, NO_DATA_ENV);
    expect(() => w.restore(ck)).toThrow(/checkpoint run 0: params\[0\] has shape/);
    w.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const swapped = { ...spiralSpec(false), optimizers: [...spiralSpec(false).optimizers].reverse() };
    const s = await SeedRunner.create(swapped, NO_DATA_ENV);
    s.dispose();
    const again = tf.memory().numTensors;
    const s2 = await SeedRunner.create(swapped, NO_DATA_ENV);
    expect(() => s2.restore(ck)).toThrow(/state slots/);
    s2.dispose();
    expect(tf.memory().numTensors).toBe(again);
  });
});

describe('TrainSession checkpoints', () => {
  it('emits checkpoints while running; load(spec, checkpoint) continues from it with the same losses', async () => {
    const spec: ExperimentSpec = { ...spiralSpec(false), steps: 300, seeds: 1 };
    const events: WorkerEvent[] = [];
    const s = new TrainSession(NO_DATA_ENV, (ev) => events.push(ev), 0);
    await s.setBackend('cpu');
    await s.load(spec);
    await s.stepOnce(300);
    const whole = events.filter((e) => e.type === 'frame').map((e) => e.frame);

    events.length = 0;
    await s.load(spec);
    await s.play();
    while (!events.some((e) => e.type === 'checkpoint' && e.checkpoint.step >= 30)) {
      expect(events.filter((e) => e.type === 'error')).toEqual([]);
      await new Promise((r) => setTimeout(r, 5));
    }
    await s.pause();
    const cks = events.flatMap((e) => (e.type === 'checkpoint' ? [e.checkpoint] : []));
    const ck: RunCheckpointSet = cks[cks.length - 1]; // taken on pause, at the paused step
    const statuses = events.flatMap((e) => (e.type === 'status' ? [e.step] : []));
    expect(ck.step).toBe(statuses[statuses.length - 1]);

    const fresh = new TrainSession(NO_DATA_ENV, (ev) => events.push(ev), 0);
    await fresh.setBackend('cpu');
    events.length = 0;
    expect(await fresh.load(spec, ck)).toBe(ck.step);
    await fresh.stepOnce(300);
    const rest = events.filter((e) => e.type === 'frame').map((e) => e.frame);
    expect(rest[0].fromStep).toBe(ck.step);
    expect(flatten(rest)).toEqual(flatten(whole.length === 1 ? splitAt(whole[0], ck.step) : whole, ck.step));
    await s.load({ ...spec, steps: 1 });
    await fresh.load({ ...spec, steps: 1 });
  });
});

/** The part of a one-frame run from step `from` on, as its own frame (losses and probes). */
function splitAt(f: Frame, from: number): Frame[] {
  const k = from - f.fromStep;
  return [
    {
      fromStep: from,
      count: f.count - k,
      runs: f.runs.map((r) => ({
        ...r,
        losses: r.losses.slice(k),
        probes: Object.fromEntries(
          Object.entries(r.probes).map(([n, p]) => [
            n,
            { width: p.width, values: p.values.slice(k * p.width) },
          ]),
        ),
      })),
    },
  ];
}
