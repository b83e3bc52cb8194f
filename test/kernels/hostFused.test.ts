/**
 * The fused wasm and cpu kernels (kernels/hostFused.ts, one registered tfjs kernel per rule
 * and backend) against the plain-ops rules on the same backend: every rule, 100 steps of
 * seeded gradients with mid-run hyperparameter edits (RMSprop's slot b appears and goes),
 * params, final state and every probe within 1e-6 relative; the strided quantile sample
 * above 4096 coordinates; no tensor leaks.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { hostMemory } from '../../src/core/kernels/hostMemory';
import { loopSource } from '../../src/core/kernels/loopCode';
import { fusedRuleFor } from '../../src/core/kernels/registry';
import { KERNEL_SPECS, type KernelSpec } from '../../src/core/kernels/specs';
import { wasmModuleBytes } from '../../src/core/kernels/wasmCode';
import { OPTIMIZER_IDS, OPTIMIZERS, type OptimizerId } from '../../src/core/optim/catalog';
import { BIG, expectSame, gradSource, runRule, SHAPES, sizeOf } from './ruleCompare';

const fused = (id: OptimizerId, backend: string) => {
  const rule = fusedRuleFor(id, backend);
  if (!rule) throw new Error(`no fused ${backend} rule for ${id}`);
  return rule;
};

/**
 * updateNorm sums (θ′−θ)² over all coordinates: the kernel in float64, the plain-ops rule with
 * tfjs's sum, which on wasm (XNNPACK) accumulates in float32 (relative error ~1e-6 at these
 * sizes; the cpu backend sums in float64 and matches to 1e-6).
 */
const NORM_REL = { wasm: 2e-5, cpu: 1e-6 };

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`fused ${backend} kernels match the plain-ops rules on ${backend}`, () => {
    it(`activates ${backend}`, async () => {
      tf.env().set('PROD', true);
      expect(await tf.setBackend(backend)).toBe(true);
      await tf.ready();
      expect(tf.getBackend()).toBe(backend);
    });

    for (const id of OPTIMIZER_IDS) {
      it(`${id}: 100 steps within 1e-6 relative (params, state, probes)`, async () => {
        await tf.setBackend(backend);
        const before = tf.memory().numTensors;
        const ref = await runRule(id, null, gradSource(11));
        const fus = await runRule(id, fused(id, backend), gradSource(11));
        expectSame(
          id,
          fus,
          ref,
          SHAPES.map(sizeOf).reduce((a, b) => a + b, 0),
          NORM_REL[backend],
        );
        expect(tf.memory().numTensors).toBe(before);
      });
    }

    for (const id of ['adamod', 'adabound'] as const) {
      it(`${id}: strided quantile sample (5 158 coordinates, stride 2), 6 steps`, async () => {
        await tf.setBackend(backend);
        const ref = await runRule(id, null, gradSource(5, BIG), BIG, 6);
        const fus = await runRule(id, fused(id, backend), gradSource(5, BIG), BIG, 6);
        expectSame(
          id,
          fus,
          ref,
          BIG.map(sizeOf).reduce((a, b) => a + b, 0),
          NORM_REL[backend],
        );
      });
    }
  });
}

describe('the wasm kernel runs as WebAssembly on the heap', () => {
  it('finds tfjs-wasm memory (so the WebAssembly step, not the JS loop, ran above)', async () => {
    await tf.setBackend('wasm');
    expect(hostMemory('wasm', tf.backend()).wasm?.memory).toBeInstanceOf(WebAssembly.Memory);
  });
  it('compiles every rule and variant to a valid module', () => {
    for (const id of OPTIMIZER_IDS) {
      const spec = KERNEL_SPECS[id] as KernelSpec;
      for (const rows of id === 'rmsprop' ? [['v'], ['v', 'b']] : [spec.slots(OPTIMIZERS[id].defaults)]) {
        expect(WebAssembly.validate(wasmModuleBytes(spec, rows, false)), `${id} ${rows}`).toBe(true);
      }
    }
  });
});

describe('the loop is generated from the same body as the WGSL', () => {
  it('rounds every operation to float32 and names the spec uniforms', () => {
    const src = loopSource(KERNEL_SPECS.adam, ['m', 'v']);
    expect(src).toContain('const m1 = $F($F(m * beta1) + $F(gd * omb1));');
    expect(src).toContain('const stepSize = $U[4];');
    expect(src).toContain('$F(Math.sqrt(vden))');
  });
});
