/**
 * One LHOPT training episode and its Adam baseline (docs/algorithms.md §5.3–5.5).
 * Both start from the same θ₀ and see the same minibatches (streams forked from the episode
 * seed). The baseline (Adam, each lr of a small grid, the best final held-out loss kept)
 * records its held-out loss at t = 0 and at fitSteps(T); the power-law fit of that curve turns
 * the episode's final held-out loss into the reward (reward.ts), given once at the end.
 * Held-out loss: task.evalLoss when the task has one, else the noise-free loss (quadratics).
 * An episode whose training loss becomes non-finite ends there with reward −3.
 * Where the task has a held-out set (task.evalLoss), the policy's held-out loss features
 * (learned/lhopt/evalFeatures.ts) get it at θ before the last inner step of each outer step,
 * read back together with the features.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { makeRng, type Rng } from '../../experiment/rng';
import { decide } from '../../learned/lhopt/controller';
import type { InnerHyper, InnerPreset } from '../../learned/lhopt/hyper';
import { ACC_SIZE, innerInit, innerStep, isFeatureStep } from '../../learned/lhopt/inner';
import type { NormStats } from '../../learned/lhopt/normalizer';
import { initialMemory } from '../../learned/lhopt/observation';
import type { Policy } from '../../learned/lhopt/policy';
import { getRule } from '../../optim/registry';
import type { OptState, StepResult } from '../../optim/types';
import type { Task } from '../../tasks/types';
import type { Trajectory } from './ppo';
import { fitPowerLaw, fitSteps, type PowerFit, speedupReward } from './reward';

export function heldOutLoss(task: Task, params: Tensor[]): number {
  const l = tf.tidy(() => (task.evalLoss ? task.evalLoss(params) : task.loss(params, null)));
  const v = l.dataSync()[0];
  l.dispose();
  return v;
}

type StepFn = (grads: Tensor[], state: OptState, params: Tensor[], loss: Scalar) => StepResult;

/** One training step with the tensor ownership of optim/registry.ts applyStep. */
function trainStep(
  task: Task,
  batchRng: Rng,
  params: Tensor[],
  state: OptState,
  fn: StepFn,
): StepResult & { loss: Tensor } {
  const batch = task.nextBatch(batchRng);
  const { value, grads } = tf.tidy(() => {
    const vg = tf.valueAndGrads((...ps: Tensor[]) => task.loss(ps, batch))(params);
    return { value: vg.value, grads: vg.grads } as unknown as tf.TensorContainer;
  }) as unknown as { value: Scalar; grads: Tensor[] };
  if (batch) tf.dispose(Object.values(batch));
  const out = tf.tidy(
    () => fn(grads, state, params, value) as unknown as tf.TensorContainer,
  ) as unknown as StepResult;
  const kept = new Set<Tensor>([...out.params, ...Object.values(out.state.slots).flat()]);
  for (const t of [...params, ...Object.values(state.slots).flat()])
    if (!kept.has(t) && !t.isDisposed) t.dispose();
  tf.dispose([...grads, ...Object.values(out.probes)]);
  return { ...out, loss: value };
}

const disposeState = (s: OptState) => tf.dispose(Object.values(s.slots).flat());

export interface Baseline {
  fit: PowerFit;
  lr: number;
  steps: number;
  /** Held-out loss at t = 0 and at fitSteps(steps), for the best lr. */
  curve: { t: number[]; loss: number[] };
}

/** Adam runs (one per lr) on the episode's θ₀ and batches; the best final held-out loss wins. */
export function runBaseline(task: Task, seed: number, steps: number, lrs: readonly number[]): Baseline {
  const marks = fitSteps(steps);
  const adam = getRule('adam');
  let best: Baseline | null = null;
  let bestFinal = Number.POSITIVE_INFINITY;
  for (const lr of lrs) {
    const rng = makeRng(seed);
    const hp = { lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 };
    let params = task.init(rng.fork('init'));
    let state = adam.init(params, hp);
    const batchRng = rng.fork('batches');
    const t = [0];
    const loss = [heldOutLoss(task, params)];
    for (let s = 1; s <= steps; s++) {
      const out = trainStep(task, batchRng, params, state, (g, st, p) => adam.step(g, st, p, hp));
      out.loss.dispose();
      params = out.params;
      state = out.state;
      if (marks.includes(s)) {
        t.push(s);
        loss.push(heldOutLoss(task, params));
        if (!Number.isFinite(loss[loss.length - 1])) break;
      }
    }
    tf.dispose(params);
    disposeState(state);
    const final = loss[loss.length - 1];
    if (best === null || (Number.isFinite(final) && final < bestFinal)) {
      best = { fit: fitPowerLaw(t, loss), lr, steps, curve: { t, loss } };
      bestFinal = Number.isFinite(final) ? final : bestFinal;
    }
  }
  if (!best) throw new Error('lhopt baseline: no learning rates given');
  return best;
}

export interface EpisodeSpec {
  task: Task;
  seed: number;
  outer: number;
  inner: number;
  preset: InnerPreset;
  hyper: InnerHyper;
  /** Initial-value noise (value-only input), per head. */
  noise: number[];
}

export interface EpisodeResult {
  traj: Trajectory;
  finalLoss: number;
  speedup: number;
  reward: number;
  /** Hyperparameters used in each outer step. */
  schedule: InnerHyper[];
  norm: NormStats;
  /** Raw (unnormalised) observations, one per decision. */
  raw: number[][];
}

/** Run the controlled inner optimizer for outer × inner steps, deciding after each outer step. */
export function runEpisode(
  policy: Policy,
  norm: NormStats,
  spec: EpisodeSpec,
  baseline: Baseline,
  rng: Rng | null,
  learnNorm: boolean,
): EpisodeResult {
  const base = makeRng(spec.seed);
  let params = spec.task.init(base.fork('init'));
  let state = innerInit(params);
  const batchRng = base.fork('batches');
  let mem = initialMemory(spec.hyper);
  let { h, c } = policy.zeroState(1);
  let curNorm = norm;
  const traj: Trajectory = { obs: [], valueExtra: [], choices: [], logp: [], values: [], rewards: [] };
  const schedule: InnerHyper[] = [];
  const raw: number[][] = [];
  let diverged = false;
  for (let k = 0; k < spec.outer && !diverged; k++) {
    schedule.push(mem.hyper);
    let featureSteps = 0;
    let ev: Tensor | null = null;
    for (let j = 0; j < spec.inner; j++) {
      const hyper = mem.hyper;
      const evalLoss = spec.task.evalLoss;
      if (j === spec.inner - 1 && evalLoss) ev = tf.tidy(() => tf.reshape(evalLoss(params), [1]));
      const out = trainStep(spec.task, batchRng, params, state, (g, st, p, loss) =>
        innerStep(g, st, p, hyper, { preset: spec.preset, loss }),
      );
      out.loss.dispose();
      params = out.params;
      state = out.state;
      if (isFeatureStep(state.t)) featureSteps++;
    }
    const acc = state.slots.acc[0];
    const both = ev ? tf.concat([acc, ev]) : acc;
    const values = both.dataSync();
    const readout = {
      acc: values,
      featureSteps,
      innerSteps: spec.inner,
      progress: (k + 1) / spec.outer,
      evalLoss: ev ? values[ACC_SIZE] : null,
    };
    tf.dispose([acc, both, ...(ev ? [ev] : [])]);
    state.slots.acc = [tf.zeros([ACC_SIZE])];
    const d = decide(policy, curNorm, mem, readout, h, c, spec.noise, rng, learnNorm);
    tf.dispose([h, c]);
    h = d.h;
    c = d.c;
    curNorm = d.norm;
    mem = d.mem;
    traj.obs.push(d.obs);
    raw.push(d.raw);
    traj.valueExtra.push(spec.noise);
    traj.choices.push(d.choice);
    traj.logp.push(d.logp);
    traj.values.push(d.value);
    traj.rewards.push(0);
    diverged = !Number.isFinite(d.loss);
  }
  tf.dispose([h, c]);
  const finalLoss = diverged ? Number.NaN : heldOutLoss(spec.task, params);
  tf.dispose(params);
  disposeState(state);
  const r = speedupReward(baseline.fit, finalLoss, spec.outer * spec.inner);
  traj.rewards[traj.rewards.length - 1] = r.reward;
  return { traj, finalLoss, speedup: r.speedup, reward: r.reward, schedule, norm: curNorm, raw };
}

/** The inner optimizer with fixed hyperparameters (no policy) for `steps` steps; final held-out loss. */
export function runFixed(
  task: Task,
  seed: number,
  steps: number,
  hyper: InnerHyper,
  preset: InnerPreset,
): number {
  const base = makeRng(seed);
  let params = task.init(base.fork('init'));
  let state = innerInit(params);
  const batchRng = base.fork('batches');
  for (let s = 0; s < steps; s++) {
    const out = trainStep(task, batchRng, params, state, (g, st, p, loss) =>
      innerStep(g, st, p, hyper, { preset, loss }),
    );
    out.loss.dispose();
    params = out.params;
    state = out.state;
  }
  const final = heldOutLoss(task, params);
  tf.dispose(params);
  disposeState(state);
  return final;
}
