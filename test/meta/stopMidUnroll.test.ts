/**
 * Stop inside a meta-iteration (issue 16): the BPTT trainer asks `stop` before every inner
 * step and abandons the iteration at the first true answer — counted in inner steps, not
 * time — with nothing changed (φ, meta-Adam, the run, its minibatch stream), so the next
 * iteration is exactly the one an uninterrupted trainer does; the session passes its Stop.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRecipe } from '../../src/core/learned/catalog';
import { createOuterTrainer } from '../../src/core/meta/createTrainer';
import { StopRequested } from '../../src/core/meta/outer';
import type { MetaEvent } from '../../src/core/meta/protocol';
import { MetaSession } from '../../src/core/meta/session';
import type { Recipe } from '../../src/core/meta/trainers/catalog';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A long iteration: 40 inner steps per unroll. */
const recipe = (iterations: number): Recipe => {
  const r = parseRecipe({
    kind: 'dmoptimizer',
    task: { id: 'dm-quadratic', options: { problems: 2 } },
    steps: 80,
    unroll: 40,
    iterations,
    metaLr: 1e-3,
    seed: 4,
  });
  if (!r.ok) throw new Error(r.errors.join());
  return r.value as Recipe;
};

const weightsOf = (opt: { weights: { list(): tf.Variable[] } }) =>
  tf.tidy(() => Array.from(tf.concat(opt.weights.list().map((v) => tf.reshape(v, [-1]))).dataSync()));

describe('Stop inside a meta-iteration', () => {
  it('abandons the unroll at the first true answer, unchanged; the run continues exactly', async () => {
    const clean = await createOuterTrainer(recipe(4), NO_DATA_ENV);
    const want: number[] = [];
    for (let i = 0; i < 4; i++) want.push((await clean.iterate()).metaLoss);
    const wantWeights = weightsOf(clean.opt);
    clean.dispose();

    const t = await createOuterTrainer(recipe(4), NO_DATA_ENV);
    const got = [(await t.iterate()).metaLoss];
    const before = weightsOf(t.opt);
    const tensors = tf.memory().numTensors;
    let asked = 0;
    const err = await t.iterate({ stop: () => ++asked > 7 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StopRequested);
    expect((err as StopRequested).innerSteps).toBe(7); // 7 inner steps done, the 8th never began
    expect(asked).toBe(8);
    expect(t.iteration).toBe(1);
    expect(weightsOf(t.opt)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    // A Stop already pending when the iteration begins: no inner step at all.
    const at0 = await t.iterate({ stop: () => true }).catch((e: unknown) => e);
    expect((at0 as StopRequested).innerSteps).toBe(0);
    for (let i = 1; i < 4; i++) got.push((await t.iterate({ stop: () => false })).metaLoss);
    expect(got).toEqual(want);
    expect(weightsOf(t.opt)).toEqual(wantWeights);
    t.dispose();
  });

  it('the session hands its Stop to the trainer: a Stop during the first iteration ends it unfinished', async () => {
    const events: MetaEvent[] = [];
    const s = new MetaSession(NO_DATA_ENV, (e) => events.push(e));
    await s.start({ recipe: recipe(100), evalEvery: 0, evalRuns: 1, adamLr: 0.01 });
    await s.stop(); // the loop is inside its first iteration (opening the run)
    for (let i = 0; i < 50; i++) await new Promise((r) => setTimeout(r, 5));
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e.progress] : []));
    expect(progress.at(-1)).toMatchObject({ state: 'stopped', iteration: 0 });
    expect(events.filter((e) => e.type === 'loss' || e.type === 'error')).toEqual([]);
    // The session still works: Start again trains.
    await s.start({ recipe: recipe(1), evalEvery: 0, evalRuns: 1, adamLr: 0.01 });
    const until = Date.now() + 60_000;
    while (!events.some((e) => e.type === 'progress' && e.progress.state === 'done') && Date.now() < until)
      await new Promise((r) => setTimeout(r, 5));
    expect(events.flatMap((e) => (e.type === 'loss' ? e.values : []))).toHaveLength(1);
  });
});
