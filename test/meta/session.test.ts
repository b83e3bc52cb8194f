/**
 * The Meta-train worker's session, host-free: streams every meta-loss, progress with an ETA
 * and evaluations; pause / resume / stop between iterations; export → import round trip;
 * bad imports rejected with a message.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRecipe } from '../../src/core/learned/catalog';
import type { MetaEvent } from '../../src/core/meta/protocol';
import { MetaSession } from '../../src/core/meta/session';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
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

const until = async (f: () => boolean, ms = 30_000) => {
  const t0 = Date.now();
  while (!f()) {
    if (Date.now() - t0 > ms) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('MetaSession', () => {
  it('trains to the end, streams losses, progress and evaluations', async () => {
    const events: MetaEvent[] = [];
    const s = new MetaSession(NO_DATA_ENV, (e) => events.push(e));
    await s.start({ recipe: recipe(6), evalEvery: 3, evalRuns: 2, adamLr: 0.01 });
    const state = () => events.filter((e) => e.type === 'progress').at(-1);
    await until(() => state()?.type === 'progress' && state()?.progress.state === 'done');
    const losses = events.flatMap((e) => (e.type === 'loss' ? e.values : []));
    expect(losses.length).toBe(6);
    expect(losses.every(Number.isFinite)).toBe(true);
    const evals = events.filter((e) => e.type === 'eval');
    expect(evals.map((e) => e.type === 'eval' && e.result.iteration)).toEqual([3, 6]);
    const ev = evals[0].type === 'eval' ? evals[0].result : null;
    expect(ev?.learned.length).toBe(10);
    expect(ev?.adam.length).toBe(10);
    const last = state();
    expect(last?.type === 'progress' && last.progress.eta).toBe(0);
    // export → import gives the same weights back
    const files = await s.exportFiles('x');
    const info = await s.importFiles(files.json, files.bin);
    expect(info).toMatchObject({ kind: 'rnnprop', metaIterations: 6 });
    const again = await s.exportFiles('x');
    expect(new Float32Array(again.bin)).toEqual(new Float32Array(files.bin));
    await expect(s.importFiles(files.json, files.bin.slice(0, 40))).rejects.toThrow(
      /weight data is 40 bytes/,
    );
    await expect(s.saveLocal('bad name!')).rejects.toThrow(/name: 1–64 letters/);
  });

  it('pauses, resumes and stops between iterations', async () => {
    const events: MetaEvent[] = [];
    const s = new MetaSession(NO_DATA_ENV, (e) => events.push(e));
    await s.start({ recipe: recipe(200), evalEvery: 0, evalRuns: 1, adamLr: 0.01 });
    const count = () => events.flatMap((e) => (e.type === 'loss' ? e.values : [])).length;
    await s.pause();
    await new Promise((r) => setTimeout(r, 300));
    const n = count();
    await new Promise((r) => setTimeout(r, 300));
    expect(count()).toBe(n);
    expect(n).toBeLessThanOrEqual(1);
    await s.resume();
    await until(() => count() >= n + 2);
    await s.stop();
    const stopped = count();
    await new Promise((r) => setTimeout(r, 300));
    expect(count()).toBe(stopped);
    expect(stopped).toBeLessThan(200);
    const prog = events.filter((e) => e.type === 'progress').at(-1);
    expect(prog?.type === 'progress' && prog.progress.state).toBe('stopped');
    const files = await s.exportFiles('after-stop');
    expect(JSON.parse(files.json).modelTopology.metaIterations).toBeGreaterThanOrEqual(2);
  });
});
