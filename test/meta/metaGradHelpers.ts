/**
 * Shared helpers for the meta-gradient tests: one seeded unroll on a tiny problem (cpu), and
 * the same unroll's meta-loss REPLAYED with recorded optimizee gradients g_t — the function
 * whose exact derivative truncated BPTT computes (g_t are stop-gradient inputs, so second
 * derivatives are dropped on both sides).
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { makeRng } from '../../src/core/experiment/rng';
import {
  type Architecture,
  DEFAULT_ARCHITECTURES,
  defaultRecipe,
  type LearnedId,
  type MetaObjectiveId,
} from '../../src/core/learned/catalog';
import { initLearned } from '../../src/core/learned/factory';
import { learnedInit, learnedStep } from '../../src/core/learned/rule';
import type { LearnedOptimizer } from '../../src/core/learned/types';
import type { VhAdamOptimizer } from '../../src/core/learned/vhadam';
import { type UnrollPath, withPath } from '../../src/core/meta/lean/wrap';
import { OBJECTIVES } from '../../src/core/meta/objectives';
import { makeProblem, type TrainingProblem } from '../../src/core/meta/problem';
import { runUnroll } from '../../src/core/meta/unroll';
import { createTask, NO_DATA_ENV } from '../../src/core/tasks/registry';
import type { Batch, Task } from '../../src/core/tasks/types';
import { relL2 } from '../relError';

export interface Fixture {
  kind: LearnedId;
  opt: LearnedOptimizer;
  task: Task;
  problem: TrainingProblem;
  batches: Batch[];
  /** The meta-objective (default: the kind's default recipe's). */
  objective?: MetaObjectiveId;
  dispose(): void;
}

/** A seeded DM-quadratic problem of `problems` × 10 coordinates (+ the tricks' z). */
export async function fixtureN(
  kind: LearnedId,
  T: number,
  problems: number,
  over: { architecture?: Architecture; objective?: MetaObjectiveId } = {},
  seed = 7,
): Promise<Fixture> {
  const task = await createTask('dm-quadratic', { problems }, NO_DATA_ENV, seed);
  const opt = initLearned(over.architecture ?? DEFAULT_ARCHITECTURES[kind], seed);
  const tricks = { randomScaling: 1, convexCombination: true };
  const problem = makeProblem(task, tricks, makeRng(seed).fork('problem'));
  const rng = makeRng(seed).fork('batches');
  const batches = Array.from({ length: T }, () => task.nextBatch(rng));
  return {
    kind,
    opt,
    task,
    problem,
    batches,
    objective: over.objective,
    dispose() {
      problem.dispose();
      task.dispose();
      opt.dispose();
    },
  };
}

/** A tiny seeded problem (DM quadratic, 2 problems = 20 coordinates, + the tricks' z). */
export const fixture = (
  kind: LearnedId,
  T: number,
  seed = 7,
  over: { architecture?: Architecture; objective?: MetaObjectiveId } = {},
): Promise<Fixture> => fixtureN(kind, T, 2, over, seed);

const objectiveOf = (f: Fixture) => OBJECTIVES[f.objective ?? defaultRecipe(f.kind).objective];

function rewind(opt: LearnedOptimizer) {
  if (opt.kind === 'vhadam') (opt as VhAdamOptimizer).resetNoise();
}

/** One BPTT unroll of `opt` (f.opt or a view of it); release() disposes all it made. */
function unroll(f: Fixture, opt: LearnedOptimizer) {
  rewind(opt);
  const params = f.problem.init();
  const state = learnedInit(opt, params);
  const res = runUnroll({
    opt,
    scale: opt.architecture.outputScale,
    problem: f.problem,
    objective: objectiveOf(f),
    vars: f.opt.weights.list(),
    params,
    state,
    batches: f.batches,
  });
  const release = () => {
    tf.dispose([...params, ...Object.values(state.slots).flat(), res.metaLoss, res.losses]);
    tf.dispose([...res.params, ...Object.values(res.state.slots).flat(), ...Object.values(res.grads)]);
  };
  return { res, names: f.opt.weights.list().map((v) => v.name), release };
}

/** BPTT meta-loss and meta-gradient (by variable name, as plain arrays) on `path`. */
export function bptt(f: Fixture, path: UnrollPath): { loss: number; grads: Record<string, Float32Array> } {
  const { res, names, release } = unroll(f, withPath(f.opt, path));
  const grads: Record<string, Float32Array> = {};
  for (const k of names) grads[k] = res.grads[k].dataSync() as Float32Array;
  const loss = res.metaLoss.dataSync()[0];
  release();
  return { loss, grads };
}

/** The same for `opt` (f.opt or a view of it), read asynchronously (webgpu). */
export async function bpttWith(
  f: Fixture,
  opt: LearnedOptimizer,
): Promise<{ loss: number; grads: Record<string, Float32Array> }> {
  const { res, names, release } = unroll(f, opt);
  const grads: Record<string, Float32Array> = {};
  for (const k of names) grads[k] = (await res.grads[k].data()) as Float32Array;
  const loss = (await res.metaLoss.data())[0];
  release();
  return { loss, grads };
}

type MetaGrad = { loss: number; grads: Record<string, Float32Array> };

/**
 * `got` agrees with the reference `want`: meta-loss within 1e-5 and meta-gradient within 1e-4
 * (relative L2 over all variables), same shapes, and `want`'s gradient is not trivially zero.
 */
export function expectSameMetaGrad(got: MetaGrad, want: MetaGrad): void {
  expect(Math.abs(got.loss - want.loss)).toBeLessThanOrEqual(1e-5 * Math.abs(want.loss));
  for (const k of Object.keys(want.grads)) expect(got.grads[k].length, k).toBe(want.grads[k].length);
  expect(relL2(got.grads, want.grads)).toBeLessThan(1e-4);
  const maxAbs = Math.max(...Object.values(want.grads).map((g) => Math.max(...g.map(Math.abs))));
  expect(maxAbs).toBeGreaterThan(1e-6);
}

/** The lean path's meta-gradient equals autodiff's for `kind` (5-step unroll), tensors flat. */
export async function expectLeanMatchesAutodiff(kind: LearnedId): Promise<void> {
  const f = await fixture(kind, 5);
  const before = tf.memory().numTensors;
  const ad = bptt(f, 'autodiff');
  const lean = bptt(f, 'lean');
  expect(tf.memory().numTensors).toBe(before);
  expectSameMetaGrad(lean, ad);
  f.dispose();
}

/**
 * The meta-loss with the optimizee gradients held at `gs` (recorded at the base φ when gs is
 * null: then it returns them too). Forward only, autodiff path, same noise replay.
 */
export function replayLoss(f: Fixture, gs: Tensor[][] | null): { loss: number; gs: Tensor[][] } {
  const opt = f.opt;
  rewind(opt);
  const objective = objectiveOf(f);
  const recorded: Tensor[][] = [];
  const loss = tf.tidy(() => {
    let params = f.problem.init();
    let state = learnedInit(opt, params);
    const T = f.batches.length;
    const terms: Scalar[] = [];
    for (let t = 0; t < T; t++) {
      const batch = f.batches[t];
      const lossOf = (ps: Tensor[]) => f.problem.loss(ps, batch);
      const g = gs ? gs[t] : tf.grads((...ps: Tensor[]) => lossOf(ps))(params);
      if (!gs) recorded.push(g.map((x) => tf.keep(x)));
      const res = learnedStep(opt, g, state, params, opt.architecture.outputScale);
      const term = objective.term({
        t,
        T,
        params,
        next: res.params,
        batch,
        loss: lossOf,
        lossValue: lossOf(params),
        aux: res.aux,
      });
      if (term) terms.push(term);
      params = res.params;
      state = res.state;
    }
    return objective.reduce(terms, T).dataSync()[0];
  });
  return { loss, gs: gs ?? recorded };
}
