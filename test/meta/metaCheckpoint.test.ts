/**
 * Meta-training checkpoints (issue 16, meta/sessionCheckpoint.ts): a session checkpoints its
 * exact state at run boundaries; a fresh session (a reloaded tab) offers it and, resumed,
 * finishes with exactly the losses, evaluations and weights of an uninterrupted run (cpu,
 * bit-identical); a failing store is reported as an event and training goes on.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRecipe } from '../../src/core/learned/catalog';
import { type CheckpointStore, memoryStore } from '../../src/core/meta/checkpointStore';
import type { MetaEvent, MetaStartOptions } from '../../src/core/meta/protocol';
import { MetaSession } from '../../src/core/meta/session';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const options = (): MetaStartOptions => {
  const r = parseRecipe({
    kind: 'dmoptimizer',
    task: { id: 'dm-quadratic', options: { problems: 2 } },
    steps: 10,
    unroll: 5, // 2 iterations per run: checkpoints at 2, 4, 6, 8
    iterations: 8,
    metaLr: 3e-3,
    seed: 5,
  });
  if (!r.ok) throw new Error(r.errors.join());
  return { recipe: r.value, evalEvery: 3, evalRuns: 1, adamLr: 0.01 };
};

const until = async (f: () => boolean, ms = 120_000) => {
  const t0 = Date.now();
  while (!f()) {
    if (Date.now() - t0 > ms) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 2));
  }
};

/** Drive a session to 'done'; its final losses (as the UI assembles them), evals and weights. */
async function finish(s: MetaSession, events: MetaEvent[]) {
  await until(() => events.some((e) => e.type === 'progress' && e.progress.state === 'done'));
  const losses: number[] = [];
  for (const e of events) if (e.type === 'loss') losses.splice(e.from - 1, e.values.length, ...e.values);
  const evals = events.flatMap((e) => (e.type === 'eval' ? [e.result] : []));
  const bin = new Float32Array((await s.exportFiles('w')).bin);
  return { losses, evals, bin: Array.from(bin) };
}

describe('meta-training checkpoints', () => {
  it('a reloaded session resumes from the checkpoint and finishes bit-identically', async () => {
    const e0: MetaEvent[] = [];
    const clean = new MetaSession(NO_DATA_ENV, (e) => e0.push(e), undefined, undefined, memoryStore());
    await clean.start(options());
    const want = await finish(clean, e0);
    expect(want.losses).toHaveLength(8);
    expect(e0.flatMap((e) => (e.type === 'checkpoint' ? [e.iteration] : []))).toEqual([2, 4, 6, 8]);

    const store = memoryStore();
    const e1: MetaEvent[] = [];
    const first = new MetaSession(NO_DATA_ENV, (e) => e1.push(e), undefined, undefined, store);
    await first.start(options());
    await until(() => e1.some((e) => e.type === 'checkpoint' && (e.iteration ?? 0) >= 4));
    await first.stop(); // the tab goes away
    const info = await new MetaSession(
      NO_DATA_ENV,
      () => undefined,
      undefined,
      undefined,
      store,
    ).checkpointInfo();
    expect(info).toMatchObject({ kind: 'dmoptimizer', trainer: 'bptt', iterations: 8 });
    const k = info?.iteration ?? 0;
    expect([4, 6]).toContain(k);

    const e2: MetaEvent[] = [];
    const second = new MetaSession(NO_DATA_ENV, (e) => e2.push(e), undefined, undefined, store);
    await second.resumeCheckpoint();
    const firstLoss = e2.find((e) => e.type === 'loss');
    expect(firstLoss?.type === 'loss' && firstLoss.from).toBe(1); // the history comes back first
    const got = await finish(second, e2);
    expect(got.losses).toEqual(want.losses);
    expect(got.evals).toEqual(want.evals);
    expect(got.bin).toEqual(want.bin);
    const progress = e2.flatMap((e) => (e.type === 'progress' ? [e.progress] : []));
    expect(progress.find((p) => p.state === 'running')?.iteration).toBe(k);
  });

  it('a store that refuses the write (quota) is reported as an event; training goes on', async () => {
    const failing: CheckpointStore = {
      save: async () => {
        throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
      },
      load: async () => null,
      clear: async () => undefined,
    };
    const events: MetaEvent[] = [];
    const s = new MetaSession(NO_DATA_ENV, (e) => events.push(e), undefined, undefined, failing);
    await s.start(options());
    const { losses } = await finish(s, events);
    expect(losses).toHaveLength(8);
    const errors = events.flatMap((e) => (e.type === 'checkpoint' && e.error ? [e.error] : []));
    expect(errors[0]).toBe(
      'checkpoint at iteration 2 not saved (QuotaExceededError: The quota has been exceeded.)',
    );
    expect(errors).toHaveLength(4);
  });
});
