/**
 * Meta-training by truncated BPTT on tiny problems (cpu backend): meta-gradients reach every
 * meta-parameter, the objectives compute what they say, the tricks keep f at θ₀, a short
 * seeded meta-training on the DM quadratic lowers the loss, and no tensor leaks.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/experiment/rng';
import { DEFAULT_ARCHITECTURES, parseRecipe, type Recipe } from '../../src/core/learned/catalog';
import { initLearned } from '../../src/core/learned/factory';
import { learnedInit, learnedRule } from '../../src/core/learned/rule';
import type { LearnedOptimizer } from '../../src/core/learned/types';
import { evaluateRule } from '../../src/core/meta/evaluate';
import { lastStep, type MetaObjective, meanUnroll } from '../../src/core/meta/objectives';
import { makeProblem, NO_TRICKS } from '../../src/core/meta/problem';
import { MetaTrainer } from '../../src/core/meta/trainer';
import { detach, runUnroll } from '../../src/core/meta/unroll';
import { createTask, NO_DATA_ENV } from '../../src/core/tasks/registry';
import type { Task } from '../../src/core/tasks/types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const QUAD = { id: 'dm-quadratic' as const, options: { problems: 4 } };

function recipe(over: Partial<Recipe>): Recipe {
  const r = parseRecipe({
    kind: 'dmoptimizer',
    task: QUAD,
    steps: 20,
    unroll: 5,
    iterations: 4,
    seed: 3,
    ...over,
  });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
}

function unrollOnce(
  opt: LearnedOptimizer,
  task: Task,
  objective: MetaObjective,
  T: number,
  tricks = NO_TRICKS,
  stopGradient: 'alias' | 'customGrad' = 'alias',
) {
  const problem = makeProblem(task, tricks, makeRng(5));
  const params = problem.init();
  const state = learnedInit(opt, params);
  const batches = Array.from({ length: T }, () => task.nextBatch(makeRng(1)));
  const res = runUnroll({
    opt,
    scale: opt.architecture.outputScale,
    problem,
    objective,
    vars: opt.weights.list(),
    params,
    state,
    batches,
    stopGradient,
  });
  tf.dispose([...params, ...Object.values(state.slots).flat()]);
  problem.dispose();
  return res;
}

function disposeResult(res: ReturnType<typeof runUnroll>) {
  tf.dispose([res.metaLoss, res.losses, ...res.params, ...Object.values(res.state.slots).flat()]);
  tf.dispose(Object.values(res.grads));
}

describe('truncated BPTT', () => {
  it.each([
    ['dmoptimizer', meanUnroll],
    ['rnnprop', lastStep],
  ] as const)('%s: non-zero meta-gradients reach every meta-parameter', async (kind, objective) => {
    const task = await createTask('dm-quadratic', { problems: 2 }, NO_DATA_ENV, 1);
    const opt = initLearned(DEFAULT_ARCHITECTURES[kind], 1);
    const res = unrollOnce(opt, task, objective, 4, { randomScaling: 1, convexCombination: true });
    for (const v of opt.weights.list()) {
      const g = res.grads[v.name];
      expect(g, v.name).toBeDefined();
      expect(g.shape).toEqual(v.shape);
      const s = tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0]);
      expect(Number.isFinite(s) && s > 0, `${v.name}: Σ|∂L/∂φ| = ${s}`).toBe(true);
    }
    disposeResult(res);
    opt.dispose();
    task.dispose();
  });

  it('mean-unroll is the mean of f_t(θ_t); last-step is f_{T−1}(θ_{T−1}) (same run, same values)', async () => {
    const task = await createTask('dm-quadratic', { problems: 3 }, NO_DATA_ENV, 2);
    const opt = initLearned(DEFAULT_ARCHITECTURES.dmoptimizer, 2);
    const a = unrollOnce(opt, task, meanUnroll, 5);
    const b = unrollOnce(opt, task, lastStep, 5);
    const la = Array.from(a.losses.dataSync());
    const lb = Array.from(b.losses.dataSync());
    expect(la).toEqual(lb);
    expect(a.metaLoss.dataSync()[0]).toBeCloseTo(la.reduce((x, y) => x + y, 0) / 5, 5);
    expect(b.metaLoss.dataSync()[0]).toBeCloseTo(lb[4], 6);
    disposeResult(a);
    disposeResult(b);
    opt.dispose();
    task.dispose();
  });

  it.each([
    ['dmoptimizer', meanUnroll],
    ['rnnprop', lastStep],
  ] as const)(
    '%s: the alias stop-gradient gives the same meta-gradient as tf.customGrad',
    async (kind, objective) => {
      const task = await createTask('dm-quadratic', { problems: 2 }, NO_DATA_ENV, 6);
      const opt = initLearned(DEFAULT_ARCHITECTURES[kind], 6);
      // No convex term here: via tf.customGrad, tfjs would need the 2nd-order gradient of
      // clipByValue (LogicalAnd has none) — one more reason the alias is the default.
      const tricks = { randomScaling: 1, convexCombination: false };
      const a = unrollOnce(opt, task, objective, 4, tricks, 'alias');
      const b = unrollOnce(opt, task, objective, 4, tricks, 'customGrad');
      expect(a.metaLoss.dataSync()[0]).toBe(b.metaLoss.dataSync()[0]);
      for (const v of opt.weights.list()) {
        const ga = Array.from(a.grads[v.name].dataSync());
        const gb = Array.from(b.grads[v.name].dataSync());
        ga.forEach((x, i) => {
          expect(Math.abs(x - gb[i])).toBeLessThanOrEqual(1e-6 * (Math.abs(gb[i]) + 1e-3));
        });
      }
      disposeResult(a);
      disposeResult(b);
      opt.dispose();
      task.dispose();
    },
  );

  it('the meta-gradient matches a finite difference of the meta-loss', async () => {
    const task = await createTask('dm-quadratic', { problems: 2 }, NO_DATA_ENV, 4);
    const opt = initLearned(DEFAULT_ARCHITECTURES.dmoptimizer, 4);
    const v = opt.weights.get('out/bias');
    const res = unrollOnce(opt, task, meanUnroll, 3);
    const analytic = res.grads[v.name].dataSync()[0];
    disposeResult(res);
    const h = 1e-2;
    const at = (x: number) => {
      v.assign(tf.tensor1d([x]));
      const r = unrollOnce(opt, task, meanUnroll, 3);
      const m = r.metaLoss.dataSync()[0];
      disposeResult(r);
      return m;
    };
    const fd = (at(h) - at(-h)) / (2 * h);
    expect(analytic).toBeCloseTo(fd, 2);
    opt.dispose();
    task.dispose();
  });

  it('detach aliases data without a tape link and without freeing the original', () => {
    const x = tf.tensor1d([1, 2, 3]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const d = detach(x);
      expect(Array.from(d.dataSync())).toEqual([1, 2, 3]);
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(x.dataSync())).toEqual([1, 2, 3]);
    const g = tf.grad((y: Tensor) => tf.sum(tf.add(tf.mul(y, y), detach(y))))(x);
    expect(Array.from(g.dataSync())).toEqual([2, 4, 6]);
    tf.dispose([x, g]);
  });

  it('random scaling and the convex term leave f(θ₀) = f_task(θ₀) + mean(clip(a²))', async () => {
    const task = await createTask('dm-quadratic', { problems: 2 }, NO_DATA_ENV, 3);
    const plain = makeProblem(task, NO_TRICKS, makeRng(9));
    const tricky = makeProblem(task, { randomScaling: 3, convexCombination: true }, makeRng(9));
    const [p0, p1] = [plain.init(), tricky.init()];
    expect(p1.length).toBe(p0.length + 1);
    const f0 = plain.loss(p0, null).dataSync()[0];
    const fTask = tricky.taskLoss(p1, null).dataSync()[0];
    const fAll = tricky.loss(p1, null).dataSync()[0];
    expect(fTask).toBeCloseTo(f0, 4);
    expect(fAll - fTask).toBeGreaterThan(0);
    expect(fAll - fTask).toBeLessThan(1);
    tf.dispose([...p0, ...p1]);
    plain.dispose();
    tricky.dispose();
    task.dispose();
  });
});

describe('MetaTrainer', () => {
  it('keeps numTensors flat across meta-iterations (runs restart, state carries over)', async () => {
    const tr = await MetaTrainer.create(
      recipe({ kind: 'rnnprop', objective: 'last-step', iterations: 12 }),
      NO_DATA_ENV,
    );
    await tr.iterate();
    await tr.iterate();
    const n0 = tf.memory().numTensors;
    const seen: number[] = [];
    while (!tr.done) {
      await tr.iterate();
      seen.push(tf.memory().numTensors);
    }
    // every run (4 unrolls of 5) ends on the same tensor count
    expect(seen.filter((_, i) => (i + 3) % 4 === 0).every((n) => n === seen[1])).toBe(true);
    expect(Math.max(...seen)).toBeLessThanOrEqual(n0 + 8);
    tr.dispose();
  });

  it('a short seeded meta-training on the DM quadratic lowers the loss of fresh problems', async () => {
    const r = recipe({ steps: 20, unroll: 20, iterations: 40, metaLr: 3e-3, seed: 7 });
    const tr = await MetaTrainer.create(r, NO_DATA_ENV);
    const evalTask = await createTask('dm-quadratic', { problems: 4 }, NO_DATA_ENV, 12345);
    const score = async () => {
      const res = await evaluateRule(learnedRule(tr.opt), { lr: 0.1 }, evalTask, {
        runs: 3,
        steps: 20,
        seed: 99,
      });
      return res.finals.reduce((a, b) => a + b, 0) / res.finals.length;
    };
    const before = await score();
    const first: number[] = [];
    const last: number[] = [];
    while (!tr.done) {
      const rep = await tr.iterate();
      if (rep.iteration <= 8) first.push(rep.metaLoss);
      if (rep.iteration > r.iterations - 8) last.push(rep.metaLoss);
    }
    const after = await score();
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(tr.skipped).toBe(0);
    expect(mean(last)).toBeLessThan(0.8 * mean(first));
    expect(after).toBeLessThan(0.8 * before);
    tr.dispose();
    evalTask.dispose();
  });
});
