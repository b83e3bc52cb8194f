/**
 * Every fused WebGPU kernel against its reference rule (src/core/optim, plain tfjs ops on the
 * same webgpu backend): 100 steps of seeded random gradients, with mid-run hyperparameter
 * edits; params, the final state and every probe must agree within 1e-6 relative (float32
 * rounding: the kernels do the same operations in the same order). Runs on Dawn in Node:
 * SwiftShader here and in CI, a real GPU where one exists.
 */

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fusedRule, warmUpFused } from '../../src/core/kernels/registry';
import { OPTIMIZER_IDS, type OptimizerId } from '../../src/core/optim/catalog';
import { applyStep } from '../../src/core/optim/registry';
import { BIG, expectSame, gradSource, runRule, SHAPES, sizeOf } from './ruleCompare';
import { useWebGpu } from './webgpu';

let gpu = { ok: false, adapter: '' };
beforeAll(async () => {
  gpu = await useWebGpu();
});

const fused = (id: OptimizerId) => {
  const rule = fusedRule(id);
  if (!rule) throw new Error(`no fused rule for ${id}`);
  return rule;
};

describe('fused WebGPU kernels match the plain-ops reference', () => {
  it('has a WebGPU adapter (or skips loudly)', () => {
    if (!gpu.ok) return;
    expect(gpu.adapter.length).toBeGreaterThan(0);
  });

  for (const id of OPTIMIZER_IDS) {
    it(`${id}: 100 steps within 1e-6 relative (params, state, probes)`, async ({ skip }) => {
      if (!gpu.ok) skip();
      const before = tf.memory().numTensors;
      const ref = await runRule(id, null, gradSource(11));
      const fus = await runRule(id, fused(id), gradSource(11));
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
      const ref = await runRule(id, null, gradSource(5, BIG), BIG, 6);
      const fus = await runRule(id, fused(id), gradSource(5, BIG), BIG, 6);
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
      const ref = await runRule('adabound', null, gradSource(9, shapes), shapes, 3);
      const fus = await runRule('adabound', fused('adabound'), gradSource(9, shapes), shapes, 3);
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
