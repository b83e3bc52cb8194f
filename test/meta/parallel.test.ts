/**
 * Data-parallel meta-training (src/core/meta/parallel/) on the cpu backend with K = 2 workers in
 * this thread: the same seed and K give bit-identical φ and meta-losses; a run interrupted at a
 * checkpoint (φ + the saved trainer state, through its JSON form) and resumed with fresh
 * workers continues bit-identically; tensors do not leak.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_ARCHITECTURES,
  type LearnedId,
  parseRecipe,
  type Recipe,
} from '../../src/core/learned/catalog';
import { initLearned, learnedFromTensors } from '../../src/core/learned/factory';
import type { LearnedOptimizer } from '../../src/core/learned/types';
import { GradWorker } from '../../src/core/meta/parallel/gradWorker';
import { DataParallelTrainer, inThread } from '../../src/core/meta/parallel/leader';
import { stateFromJson, stateToJson, type TrainerState } from '../../src/core/meta/parallel/state';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function recipe(kind: LearnedId, path: 'autodiff' | 'lean' = 'autodiff'): Recipe {
  const r = parseRecipe({
    kind,
    task: { id: 'dm-quadratic', options: { problems: 2 } },
    steps: 6,
    unroll: 3,
    iterations: 6,
    metaLr: 1e-2,
    seed: 5,
    path,
    objective: kind === 'vhadam' ? 'variational' : 'mean-unroll',
  });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
}

async function trainer(rec: Recipe, K: number, opt: LearnedOptimizer, state?: TrainerState) {
  const workers = await Promise.all(Array.from({ length: K }, () => GradWorker.create(rec, NO_DATA_ENV)));
  return new DataParallelTrainer(rec, opt, workers.map(inThread), state);
}

const phiOf = (opt: LearnedOptimizer) => opt.weights.list().map((v) => Array.from(v.dataSync()));

async function train(rec: Recipe, K: number, n: number, opt: LearnedOptimizer, state?: TrainerState) {
  const t = await trainer(rec, K, opt, state);
  const losses: number[] = [];
  for (let i = 0; i < n; i++) losses.push((await t.iterate()).metaLoss);
  await t.disposeWorkers();
  return { t, losses };
}

describe('data-parallel meta-training', () => {
  it('is deterministic for a given seed and K = 2 (and K changes the numbers)', async () => {
    const rec = recipe('dmoptimizer');
    const before = tf.memory().numTensors;
    const runs = [];
    for (const K of [2, 2, 1]) {
      const opt = initLearned(DEFAULT_ARCHITECTURES.dmoptimizer, rec.seed);
      const { t, losses } = await train(rec, K, 5, opt);
      runs.push({ phi: phiOf(opt), losses, unrolls: t.unrolls });
      opt.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(runs[0].losses.every(Number.isFinite)).toBe(true);
    expect(runs[1].losses).toEqual(runs[0].losses);
    expect(runs[1].phi).toEqual(runs[0].phi);
    expect(runs[0].unrolls).toBe(10);
    expect(runs[2].losses[0]).not.toBe(runs[0].losses[0]); // K = 1 averages one problem, K = 2 two
    expect(runs[2].phi).not.toEqual(runs[0].phi);
  });

  it.each([
    ['vhadam', 'lean'],
    ['rnnprop', 'autodiff'],
  ] as const)('%s (%s): resumed from a checkpoint, continues bit-identically (K = 2)', async (kind, path) => {
    const rec = recipe(kind, path);
    const a = initLearned(DEFAULT_ARCHITECTURES[kind], rec.seed);
    const straight = await train(rec, 2, 6, a);
    // Interrupted after 4 iterations (a run boundary), saved, and resumed in a fresh trainer.
    const b = initLearned(DEFAULT_ARCHITECTURES[kind], rec.seed);
    const first = await train(rec, 2, 4, b);
    const st = first.t.state();
    expect(st).not.toBeNull();
    const sizes = b.weights.list().map((v) => v.size);
    const restored = stateFromJson(stateToJson(st as TrainerState), sizes, 'test');
    const c = learnedFromTensors(b.architecture, b.weights.named());
    b.dispose();
    const rest = await train(rec, 2, 2, c, restored);
    expect([...first.losses, ...rest.losses]).toEqual(straight.losses);
    expect(phiOf(c)).toEqual(phiOf(a));
    expect(rest.t.iteration).toBe(6);
    expect(rest.t.unrolls).toBe(12);
    // Not a trivial pass: the two segments did move φ.
    expect(straight.losses[5]).not.toBe(straight.losses[4]);
    a.dispose();
    c.dispose();
  });

  it('state(): only at a run boundary; a state from another K is refused', async () => {
    const rec = recipe('dmoptimizer');
    const opt = initLearned(DEFAULT_ARCHITECTURES.dmoptimizer, rec.seed);
    const t = await trainer(rec, 1, opt);
    await t.iterate();
    expect(t.state()).toBeNull();
    await t.iterate();
    const st = t.state() as TrainerState;
    expect(st.iteration).toBe(2);
    await t.disposeWorkers();
    await expect(trainer(rec, 2, opt, st)).rejects.toThrow(
      /workers: the saved state was trained with 1; got 2/,
    );
    expect(() => stateFromJson('{"format":"x"}', [1], 'f')).toThrow(
      /trainer state 'f': not a meta-train-state/,
    );
    opt.dispose();
  });
});
