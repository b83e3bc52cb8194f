/**
 * The optimizee runs of truncated-BPTT meta-training (docs/algorithms.md §8), shared by the
 * single-process trainer (trainer.ts) and the data-parallel workers (parallel/gradWorker.ts):
 *   openRun(k)     run k afresh from fork(`run${k}`) of the recipe's seed: task data for quick
 *                  tasks (MNIST is shared), θ₀ and the tricks' constants, the batch stream
 *   unrollOnce     the recipe's `unroll` batches → runUnroll → the batches freed; returns the
 *                  meta-loss, f_t(θ_t) and ∂L/∂φ per variable (zeros for unused ones)
 *   carry          θ and the optimizer state to the next unroll (detached: the next tape starts
 *                  afresh), the run's unroll counter + 1
 * so both compute the same numbers for the same (seed, k, u, φ).
 */
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { makeRng, type Rng } from '../experiment/rng';
import { learnedInit } from '../learned/rule';
import type { LearnedOptimizer } from '../learned/types';
import type { OptState } from '../optim/types';
import type { TaskOptions } from '../tasks/catalog';
import { createTask, type TaskEnv } from '../tasks/registry';
import type { Batch, Task } from '../tasks/types';
import { type MetaObjective, OBJECTIVES } from './objectives';
import { makeProblem, type TrainingProblem } from './problem';
import { type BpttRecipe, runActivation } from './trainers/bpttRecipe';
import { runUnroll, type UnrollArgs } from './unroll';
import { type MemoryGuard, memoryGuardOf, size, UnrollTooLong } from './unrollMemory';
import { runSegmented } from './unrollSegments';

export interface MetaRun {
  index: number;
  task: Task;
  ownsTask: boolean;
  problem: TrainingProblem;
  rng: Rng;
  params: Tensor[];
  state: OptState;
  /** Unrolls done in this run. */
  unroll: number;
}

/**
 * The MNIST task is loaded once per host (per activation, with recipe.activations) and shared by
 * its runs; quick tasks are per run.
 */
export interface SharedTask {
  tasks: Map<string, Task>;
}

export const newSharedTask = (): SharedTask => ({ tasks: new Map() });

export function disposeSharedTask(shared: SharedTask): void {
  for (const t of shared.tasks.values()) t.dispose();
  shared.tasks.clear();
}

export async function openRun(
  recipe: BpttRecipe,
  env: TaskEnv,
  stepOpt: LearnedOptimizer,
  k: number,
  shared: SharedTask,
): Promise<MetaRun> {
  const rng = makeRng(recipe.seed).fork(`run${k}`);
  const { id } = recipe.task;
  const act = runActivation(recipe, (n) => rng.fork('activation').int(n));
  const options = (
    act ? { ...recipe.task.options, activation: act } : recipe.task.options
  ) as Partial<TaskOptions>;
  const perRun = id !== 'mnist-mlp'; // quick tasks: fresh data (W, y) every run
  let task: Task;
  if (perRun) task = await createTask(id, options, env, rng.fork('data').int(2 ** 31));
  else {
    const key = act ?? '';
    let t = shared.tasks.get(key);
    if (!t) {
      t = await createTask(id, options, env, recipe.seed);
      shared.tasks.set(key, t);
    }
    task = t;
  }
  const problem = makeProblem(task, recipe.tricks, rng.fork('problem'));
  const params = problem.init();
  const state = tf.tidy(
    () => learnedInit(stepOpt, params) as unknown as tf.TensorContainer,
  ) as unknown as OptState;
  return { index: k, task, ownsTask: perRun, problem, rng: rng.fork('batches'), params, state, unroll: 0 };
}

export function closeRun(run: MetaRun): void {
  tf.dispose([...run.params, ...Object.values(run.state.slots).flat()]);
  run.problem.dispose();
  if (run.ownsTask) run.task.dispose();
}

export interface UnrollContext {
  recipe: BpttRecipe;
  /** The learned optimizer on the recipe's path (lean view or itself). */
  stepOpt: LearnedOptimizer;
  scale: number;
  objective: MetaObjective;
  vars: Variable[];
  /** The heap one unroll may use on the active backend (unrollMemory.ts). */
  memory: MemoryGuard | undefined;
}

export interface UnrollOutcome {
  metaLoss: Tensor;
  losses: Tensor;
  /** ∂L/∂φ in `vars` order. */
  grads: Tensor[];
  params: Tensor[];
  state: OptState;
}

/** The context of `opt`'s unrolls under `recipe` (stepOpt: opt on the recipe's path). */
export function unrollContext(
  recipe: BpttRecipe,
  opt: LearnedOptimizer,
  stepOpt: LearnedOptimizer,
): UnrollContext {
  const objective = OBJECTIVES[recipe.objective];
  return {
    recipe,
    stepOpt,
    scale: opt.architecture.outputScale,
    objective,
    vars: opt.weights.list(),
    memory: memoryGuardOf(tf.getBackend()),
  };
}

/** recipe.unroll's message for an unroll that does not fit (names the longest that does). */
export function unrollTooLongMessage(e: UnrollTooLong, recipe: BpttRecipe, backend: string): string {
  const { bytesPerStep, tensorBytes } = e.projection;
  // Ran out: the margin was not enough, so at least one step shorter than what was asked.
  const maxSteps = e.ranOut ? Math.min(e.projection.maxSteps, e.steps - 1) : e.projection.maxSteps;
  const fits = Array.from({ length: maxSteps }, (_, i) => maxSteps - i).find((n) => recipe.steps % n === 0);
  const what = `an unroll of ${e.steps} steps of ${recipe.kind} on this task`;
  const perStep = `${size(bytesPerStep)} of tensors per step`;
  const segments = Math.ceil(recipe.unroll / maxSteps);
  const allowed =
    `allowed here: 1–${maxSteps}` +
    (fits && fits !== maxSteps ? ` (${fits} divides steps = ${recipe.steps})` : '') +
    (recipe.kind !== 'vhadam' && segments > (recipe.segments ?? 1)
      ? `, or recipe.segments ≥ ${segments} to keep unroll ${recipe.unroll}`
      : '');
  return e.ranOut
    ? `recipe.unroll (steps per unroll): ${backend} ran out of memory during ${what} (${perStep}); ${allowed}`
    : `recipe.unroll (steps per unroll): ${what} needs over ${size(tensorBytes)} on ${backend} (${perStep}), ` +
        `which allows ${size(e.budget)}; ${allowed}`;
}

/**
 * One unroll of `run` (does not advance it: see carry). The caller disposes the tensors.
 * `stop` (asked before each inner step) abandons it with StopRequested, the run's minibatch
 * stream rewound, so the next unroll is the one an uninterrupted trainer would do.
 */
export function unrollOnce(run: MetaRun, c: UnrollContext, stop?: () => boolean): UnrollOutcome {
  const rngAt = run.rng.getState();
  const batches: Batch[] = [];
  for (let i = 0; i < c.recipe.unroll; i++) batches.push(run.task.nextBatch(run.rng));
  let res: ReturnType<typeof runUnroll>;
  try {
    const segments = c.recipe.segments ?? 1;
    const run1 = segments > 1 ? (a: UnrollArgs) => runSegmented(a, segments) : runUnroll;
    res = run1({
      opt: c.stepOpt,
      scale: c.scale,
      problem: run.problem,
      objective: c.objective,
      vars: c.vars,
      params: run.params,
      state: run.state,
      batches,
      horizon: c.recipe.steps,
      stop,
      memory: c.memory,
    });
  } catch (e) {
    run.rng.setState(rngAt);
    if (e instanceof UnrollTooLong) throw new Error(unrollTooLongMessage(e, c.recipe, tf.getBackend()));
    throw e;
  } finally {
    for (const b of batches) if (b) tf.dispose(Object.values(b));
  }
  const grads = c.vars.map((v) => res.grads[v.name] ?? tf.zerosLike(v));
  const used = new Set(grads);
  tf.dispose(Object.values(res.grads).filter((g) => !used.has(g)));
  return { metaLoss: res.metaLoss, losses: res.losses, grads, params: res.params, state: res.state };
}

/** Carry θ and the state of `out` into `run` (freeing the old ones); one more unroll done. */
export function carry(run: MetaRun, out: UnrollOutcome): void {
  tf.dispose([...run.params, ...Object.values(run.state.slots).flat()]);
  run.params = out.params;
  run.state = out.state;
  run.unroll++;
}
