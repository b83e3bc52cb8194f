/**
 * Every fused WebGPU kernel against its reference rule (src/core/optim, plain tfjs ops on the
 * same webgpu backend): 100 steps of seeded random gradients, with mid-run hyperparameter
 * edits; params, the final state and every probe must agree within 1e-6 relative (float32
 * rounding: the kernels do the same operations in the same order). Runs on Dawn in Node:
 * SwiftShader here and in CI, a real GPU where one exists.
 */

import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRng, normalArray } from '../../src/core/experiment/rng';
import { toReferenceState } from '../../src/core/kernels/packed';
import { fusedRule, warmUpFused } from '../../src/core/kernels/registry';
import { type Hyper, OPTIMIZER_IDS, OPTIMIZERS, type OptimizerId } from '../../src/core/optim/catalog';
import { applyStep, disposeState, getRule } from '../../src/core/optim/registry';
import type { OptState } from '../../src/core/optim/types';
import { useWebGpu } from './webgpu';

const STEPS = 100;
const REL = 1e-6;
/** 663 coordinates in four tensors (SwiftShader is slow: keep it small). */
const SHAPES = [[20, 30], [7, 7], [13], [1]];
/** 5 158 coordinates: above the 4 096-sample cap, so the quantile probes use stride 2. */
const BIG = [[60, 80], [357], [1]];
const sizeOf = (s: number[]) => s.reduce((a, b) => a * b, 1);

let gpu = { ok: false, adapter: '' };
beforeAll(async () => {
  gpu = await useWebGpu();
});

/** Hyperparameters at step t: defaults, some non-default values, and edits mid-run. */
function hpAt(id: OptimizerId, t: number): Hyper {
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

/** max |a − b| / max |b|, over a whole tensor's values. */
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return den === 0 ? num : num / den;
}

interface Run {
  params: Float32Array[];
  probes: Record<string, number[]>[];
  state: Record<string, Float32Array[]>;
}

async function runRule(
  id: OptimizerId,
  fused: boolean,
  gradsAt: (t: number) => Tensor[],
  shapes = SHAPES,
  steps = STEPS,
): Promise<Run> {
  const rule = fused ? fusedRule(id) : getRule(id);
  if (!rule) throw new Error(`no fused rule for ${id}`);
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
function gradSource(seed: number, shapes = SHAPES): (t: number) => Tensor[] {
  const rng = makeRng(seed);
  return (t) => {
    const scale = t % 17 === 0 ? 30 : 0.1 + (t % 5);
    return shapes.map((s) => tf.tensor(normalArray(rng, sizeOf(s), scale), s));
  };
}

function expectSame(id: OptimizerId, fus: Run, ref: Run, n: number): void {
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
        expect(relDiff(f, v), `${id} step ${t + 1} ${k}`).toBeLessThanOrEqual(REL);
      }
    }
  });
}

describe('fused WebGPU kernels match the plain-ops reference', () => {
  it('has a WebGPU adapter (or skips loudly)', () => {
    if (!gpu.ok) return;
    expect(gpu.adapter.length).toBeGreaterThan(0);
  });

  for (const id of OPTIMIZER_IDS) {
    it(`${id}: 100 steps within 1e-6 relative (params, state, probes)`, async ({ skip }) => {
      if (!gpu.ok) skip();
      const before = tf.memory().numTensors;
      const ref = await runRule(id, false, gradSource(11));
      const fus = await runRule(id, true, gradSource(11));
      expectSame(
        id,
        fus,
        ref,
        SHAPES.map(sizeOf).reduce((a, b) => a + b, 0),
      );
      expect(tf.memory().numTensors).toBe(before);
      if (id === 'adamod') {
        const fr = fus.probes.map((p) => p.clippedFraction[0]);
        expect(Math.min(...fr)).toBeLessThan(1); // min(η, s) picks η somewhere
        expect(Math.max(...fr)).toBeGreaterThan(0); // and s somewhere
      }
    });
  }

  for (const id of ['adamod', 'adabound', 'adam'] as const) {
    it(`${id}: strided quantile sample (5 158 coordinates, stride 2), 6 steps`, async ({ skip }) => {
      if (!gpu.ok) skip();
      const ref = await runRule(id, false, gradSource(5, BIG), BIG, 6);
      const fus = await runRule(id, true, gradSource(5, BIG), BIG, 6);
      expectSame(
        id,
        fus,
        ref,
        BIG.map(sizeOf).reduce((a, b) => a + b, 0),
      );
    });
  }

  // The finish kernel's bitonic sort: 1 value (no stage), exactly 4096 (P = 4096, stride 1),
  // 4097 (stride 2: 2049 values padded with +∞ to 4096), 3 (padded to 4).
  for (const shapes of [[[1]], [[64, 64]], [[4097]], [[3]]]) {
    it(`adabound: quantile sort at ${sizeOf(shapes[0])} coordinates, 3 steps`, async ({ skip }) => {
      if (!gpu.ok) skip();
      const ref = await runRule('adabound', false, gradSource(9, shapes), shapes, 3);
      const fus = await runRule('adabound', true, gradSource(9, shapes), shapes, 3);
      expectSame('adabound', fus, ref, sizeOf(shapes[0]));
    });
  }

  it('warmUpFused compiles every rule without running a step, then steps work', async ({ skip }) => {
    if (!gpu.ok) skip();
    const before = tf.memory().numTensors;
    expect(await warmUpFused([...OPTIMIZER_IDS], [[3, 4], [5]])).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    const rule = fusedRule('sgd');
    const p = [tf.tensor([1, 2, 3])];
    const g = [tf.tensor([1, 1, -2])];
    const out = applyStep(rule!, p, g, rule!.init(p, { lr: 0.5, weightDecay: 0 }), {
      lr: 0.5,
      weightDecay: 0,
    });
    expect(Array.from(await out.params[0].data())).toEqual([0.5, 1.5, 4]);
    expect((await out.probes.updateNorm.data())[0]).toBeCloseTo(Math.sqrt(0.25 + 0.25 + 1), 6);
    tf.dispose([...out.params, ...g, ...Object.values(out.probes)]);
  });
});
