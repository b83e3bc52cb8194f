/**
 * Shared by the fused-kernel tests (WebGPU, wasm, cpu): run a rule and its fused version on
 * the same seeded gradients with mid-run hyperparameter edits, and compare params, the final
 * state (packed.ts toReferenceState) and every probe within 1e-6 relative.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { makeRng, normalArray } from '../../src/core/experiment/rng';
import { toReferenceState } from '../../src/core/kernels/packed';
import { type Hyper, OPTIMIZERS, type OptimizerId } from '../../src/core/optim/catalog';
import { applyStep, disposeState, getRule } from '../../src/core/optim/registry';
import type { OptState, UpdateRule } from '../../src/core/optim/types';
import { relDiff } from '../relError';

export const STEPS = 100;
export const REL = 1e-6;
/** 663 coordinates in four tensors (SwiftShader is slow: keep it small). */
export const SHAPES = [[20, 30], [7, 7], [13], [1]];
/** 5 158 coordinates: above the 4 096-sample cap, so the quantile probes use stride 2. */
export const BIG = [[60, 80], [357], [1]];
export const sizeOf = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Hyperparameters at step t: defaults, some non-default values, and edits mid-run. */
export function hpAt(id: OptimizerId, t: number): Hyper {
  const hp: Hyper = { ...OPTIMIZERS[id].defaults };
  if ('weightDecay' in hp) hp.weightDecay = t > 40 ? 0.05 : (hp.weightDecay ?? 0);
  if (t > 60 && hp.lr !== undefined) hp.lr *= 0.5;
  if (id === 'rmsprop' && t > 30) hp.momentum = t > 80 ? 0 : 0.9; // b slot appears, then goes
  if (id === 'adamod') hp.beta3 = 0.9; // both branches of min(η, s) occur
  if (id === 'adabound') {
    hp.finalLr = 0.01; // bounds bite: lo and hi both clip some coordinates over the run
    hp.gamma = 0.05;
  }
  return hp;
}

export interface Run {
  params: Float32Array[];
  probes: Record<string, number[]>[];
  state: Record<string, Float32Array[]>;
}

export async function runRule(
  id: OptimizerId,
  fused: UpdateRule | null,
  gradsAt: (t: number) => Tensor[],
  shapes = SHAPES,
  steps = STEPS,
): Promise<Run> {
  const rule = fused ?? getRule(id);
  const rng = makeRng(7);
  let params = shapes.map((s) => tf.tensor(normalArray(rng, sizeOf(s)), s));
  let state: OptState = rule.init(params, hpAt(id, 1));
  const probeTensors: Record<string, Tensor>[] = [];
  for (let t = 1; t <= steps; t++) {
    const g = gradsAt(t);
    const out = applyStep(rule, params, g, state, hpAt(id, t));
    tf.dispose(g);
    params = out.params;
    state = out.state;
    probeTensors.push(out.probes);
  }
  const probes = await Promise.all(
    probeTensors.map(async (p) => {
      const o: Record<string, number[]> = {};
      for (const [k, v] of Object.entries(p)) o[k] = Array.from(await v.data());
      return o;
    }),
  );
  tf.dispose(probeTensors.flatMap((p) => Object.values(p)));
  const refState = fused ? toReferenceState(state) : state;
  const stateVals: Record<string, Float32Array[]> = {};
  for (const [k, ts] of Object.entries(refState.slots)) {
    stateVals[k] = await Promise.all(ts.map(async (x) => (await x.data()) as Float32Array));
  }
  const paramVals = await Promise.all(params.map(async (p) => (await p.data()) as Float32Array));
  if (fused) disposeState(refState);
  disposeState(state);
  tf.dispose(params);
  return { params: paramVals, probes, state: stateVals };
}

/** Seeded gradients, the same sequence for both runs; scale varies over the run. */
export function gradSource(seed: number, shapes = SHAPES): (t: number) => Tensor[] {
  const rng = makeRng(seed);
  return (t) => {
    const scale = t % 17 === 0 ? 30 : 0.1 + (t % 5);
    return shapes.map((s) => tf.tensor(normalArray(rng, sizeOf(s), scale), s));
  };
}

export function expectSame(id: OptimizerId, fus: Run, ref: Run, n: number, normRel = REL): void {
  fus.params.forEach((p, i) => {
    expect(relDiff(p, ref.params[i]), `${id} param ${i}`).toBeLessThanOrEqual(REL);
  });
  expect(Object.keys(fus.state).sort()).toEqual(Object.keys(ref.state).sort());
  for (const [k, ts] of Object.entries(ref.state)) {
    ts.forEach((x, i) => {
      expect(relDiff(fus.state[k][i], x), `${id} state ${k}[${i}]`).toBeLessThanOrEqual(REL);
    });
  }
  ref.probes.forEach((rp, t) => {
    expect(Object.keys(fus.probes[t]).sort(), `${id} probe names`).toEqual(Object.keys(rp).sort());
    for (const [k, v] of Object.entries(rp)) {
      const f = fus.probes[t][k];
      if (k === 'clippedFraction') {
        // a near-tie η ≈ s may round either way: allow one coordinate
        expect(Math.abs(f[0] - v[0]), `${id} step ${t + 1} ${k}`).toBeLessThanOrEqual(1 / n + 1e-9);
      } else {
        const rel = k === 'updateNorm' ? normRel : REL;
        expect(relDiff(f, v), `${id} step ${t + 1} ${k}`).toBeLessThanOrEqual(rel);
      }
    }
  });
}
