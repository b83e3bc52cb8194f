/**
 * Helpers for the fused-cell tests: metaGradHelpers.ts's seeded tiny problem with a chosen
 * number of DM-quadratic problems (10 coordinates each), and one BPTT unroll of a given
 * optimizer object (the autodiff one, or a fused view of it) on the active backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { makeRng } from '../../src/core/experiment/rng';
import {
  type Architecture,
  DEFAULT_ARCHITECTURES,
  defaultRecipe,
  type LearnedId,
  type MetaObjectiveId,
} from '../../src/core/learned/catalog';
import { initLearned } from '../../src/core/learned/factory';
import { learnedInit } from '../../src/core/learned/rule';
import type { LearnedOptimizer } from '../../src/core/learned/types';
import type { VhAdamOptimizer } from '../../src/core/learned/vhadam';
import { OBJECTIVES } from '../../src/core/meta/objectives';
import { makeProblem } from '../../src/core/meta/problem';
import { runUnroll } from '../../src/core/meta/unroll';
import { createTask, NO_DATA_ENV } from '../../src/core/tasks/registry';
import type { Fixture } from './metaGradHelpers';

export type { Fixture };

export async function fixtureN(
  kind: LearnedId,
  T: number,
  problems: number,
  over: { architecture?: Architecture; objective?: MetaObjectiveId } = {},
  seed = 7,
): Promise<Fixture> {
  const task = await createTask('dm-quadratic', { problems }, NO_DATA_ENV, seed);
  const opt = initLearned(over.architecture ?? DEFAULT_ARCHITECTURES[kind], seed);
  const problem = makeProblem(
    task,
    { randomScaling: 1, convexCombination: true },
    makeRng(seed).fork('problem'),
  );
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

/** BPTT meta-loss and meta-gradient (by variable name) of `opt` (f.opt or a view of it). */
export async function bpttWith(
  f: Fixture,
  opt: LearnedOptimizer,
): Promise<{ loss: number; grads: Record<string, Float32Array> }> {
  if (opt.kind === 'vhadam') (opt as VhAdamOptimizer).resetNoise();
  const params = f.problem.init();
  const state = learnedInit(opt, params);
  const res = runUnroll({
    opt,
    scale: opt.architecture.outputScale,
    problem: f.problem,
    objective: OBJECTIVES[f.objective ?? defaultRecipe(f.kind).objective],
    vars: f.opt.weights.list(),
    params,
    state,
    batches: f.batches,
  });
  const grads: Record<string, Float32Array> = {};
  for (const v of f.opt.weights.list()) grads[v.name] = (await res.grads[v.name].data()) as Float32Array;
  const loss = (await res.metaLoss.data())[0];
  tf.dispose([...params, ...Object.values(state.slots).flat(), res.metaLoss, res.losses]);
  tf.dispose([...res.params, ...Object.values(res.state.slots).flat(), ...Object.values(res.grads)]);
  return { loss, grads };
}
