/**
 * The BPTT trainer's exact state at a run boundary (issue 16: meta-training survives the tab):
 * φ, tf.train.adam's internals (moments, the running β₁ᵗ/β₂ᵗ products and its step count —
 * read from the optimizer itself, because tfjs's own setWeights recomputes βᵗ with pow(),
 * which differs from the running product in the last bits), the run counter (a run's
 * randomness is a function of (seed, run index), so the counter is the RNG position) and the
 * counters. Restoring it into a trainer built from the same recipe continues bit-identically
 * on the same backend (test/meta/metaCheckpoint.test.ts). Plain data, structured-clonable
 * (IndexedDB stores it as is).
 * Two more trainers give their exact state the same way (test/meta/metaCheckpointK.test.ts):
 * data-parallel BPTT ('bptt-parallel', at a run boundary: φ plus the CLI's `<out>.state.json`
 * content, parallel/state.ts — host Adam moments in float64 and the run counter) and PPO
 * ('ppo', after any iteration: the policy's weights plus ppo/state.ts — counters, float64
 * normaliser, host Adam).
 */
import type { Variable } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { Architecture } from '../learned/descriptor';
import type { TrainerState } from './parallel/state';
import type { PpoState } from './ppo/state';

export interface NamedValues {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** One trainer's exact state (the `trainer` field says whose). */
export type ExactTrainerState = BpttExactState | ParallelExactState | PpoExactState;

export interface BpttExactState {
  trainer: 'bptt';
  iteration: number;
  runsStarted: number;
  skipped: number;
  lastMetaLoss: number | null;
  architecture: Architecture;
  weights: NamedValues[];
  /** null before the first meta-update (the optimizer has no moments yet). */
  adam: { iterations: number; accBeta1: number; accBeta2: number; m: NamedValues[]; v: NamedValues[] } | null;
}

/** Data-parallel BPTT at a run boundary: φ and the leader's state (the CLI's state file, as data). */
export interface ParallelExactState {
  trainer: 'bptt-parallel';
  iteration: number;
  architecture: Architecture;
  weights: NamedValues[];
  state: TrainerState;
}

/** PPO between iterations: all policy weights (normaliser included) and the PPO state. */
export interface PpoExactState {
  trainer: 'ppo';
  iteration: number;
  lastMetaLoss: number | null;
  architecture: Architecture;
  weights: NamedValues[];
  state: PpoState;
}

/** tf.train.adam's fields (private in TypeScript, plain in JavaScript). */
interface AdamInternals {
  accBeta1: Variable;
  accBeta2: Variable;
  accumulatedFirstMoment: { originalName: string; variable: Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: Variable }[];
  iterations_?: number;
}

async function named(name: string, t: tf.Tensor): Promise<NamedValues> {
  return { name, shape: [...t.shape], values: ((await t.data()) as Float32Array).slice() };
}

export async function captureWeights(vars: Variable[]): Promise<NamedValues[]> {
  return Promise.all(vars.map((v) => named(v.name, v)));
}

/** Write saved φ into the trainer's variables (names and shapes must match). */
export function restoreWeights(vars: Variable[], saved: NamedValues[]): void {
  if (saved.length !== vars.length)
    throw new Error(`checkpoint: ${saved.length} weight tensors, the optimizer has ${vars.length}`);
  vars.forEach((v, i) => {
    if (saved[i].shape.join() !== v.shape.join())
      throw new Error(
        `checkpoint: weight ${saved[i].name} has shape [${saved[i].shape}], the optimizer's [${v.shape}]`,
      );
  });
  vars.forEach((v, i) => {
    tf.tidy(() => v.assign(tf.tensor(saved[i].values, saved[i].shape)));
  });
}

export async function captureAdam(opt: tf.AdamOptimizer): Promise<BpttExactState['adam']> {
  const a = opt as unknown as AdamInternals;
  if (a.accumulatedFirstMoment.length === 0) return null;
  const [b1, b2] = await Promise.all([a.accBeta1.data(), a.accBeta2.data()]);
  return {
    iterations: a.iterations_ ?? 0,
    accBeta1: b1[0],
    accBeta2: b2[0],
    m: await Promise.all(a.accumulatedFirstMoment.map((x) => named(x.originalName, x.variable))),
    v: await Promise.all(a.accumulatedSecondMoment.map((x) => named(x.originalName, x.variable))),
  };
}

/** Put saved internals into a fresh tf.train.adam (one that has not stepped yet). */
export function restoreAdam(opt: tf.AdamOptimizer, s: BpttExactState['adam']): void {
  if (!s) return;
  const a = opt as unknown as AdamInternals;
  const make = (x: NamedValues) => ({
    originalName: x.name,
    variable: tf.tidy(() => tf.tensor(x.values, x.shape).variable(false)),
  });
  tf.dispose([...a.accumulatedFirstMoment, ...a.accumulatedSecondMoment].map((x) => x.variable));
  a.accumulatedFirstMoment = s.m.map(make);
  a.accumulatedSecondMoment = s.v.map(make);
  tf.tidy(() => {
    a.accBeta1.assign(tf.scalar(s.accBeta1));
    a.accBeta2.assign(tf.scalar(s.accBeta2));
  });
  a.iterations_ = s.iterations;
}
