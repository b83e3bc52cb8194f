/**
 * The fused WebGPU inference kernels of DMOptimizer and RNNprop (kernels/learnedFused.ts)
 * against their tfjs-ops UpdateRule (learned/rule.ts learnedRule) on the same webgpu backend:
 * seeded φ₀, seeded gradients of varying scale (tiny ones exercise LogAndSign's second
 * branch), 12 steps over three tensors; params and updateNorm within 1e-5 relative at every
 * step (state differences would show up in later steps' params).
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRng, normalArray } from '../../src/core/experiment/rng';
import { learnedFusedRule } from '../../src/core/kernels/learnedFused';
import { type Architecture, DEFAULT_ARCHITECTURES } from '../../src/core/learned/catalog';
import { initLearned } from '../../src/core/learned/factory';
import { learnedRule } from '../../src/core/learned/rule';
import { applyStep, disposeState } from '../../src/core/optim/registry';
import type { UpdateRule } from '../../src/core/optim/types';
import { relDiff } from '../relError';
import { useWebGpu } from './webgpu';

const SHAPES = [[20, 30], [7], [1]];
const STEPS = 12;
const REL = 1e-5;
const sizeOf = (s: number[]) => s.reduce((a, b) => a * b, 1);

let gpu = { ok: false, adapter: '' };
beforeAll(async () => {
  gpu = await useWebGpu();
});

async function run(rule: UpdateRule, lr: number): Promise<{ params: Float32Array[][]; norms: number[] }> {
  const rng = makeRng(3);
  let params: Tensor[] = SHAPES.map((s) => tf.tensor(normalArray(rng, sizeOf(s)), s));
  let state = rule.init(params, { lr });
  const gr = makeRng(4);
  const out: Float32Array[][] = [];
  const norms: number[] = [];
  for (let t = 1; t <= STEPS; t++) {
    const scale = t % 4 === 0 ? 1e-6 : t % 3 === 0 ? 20 : 0.3;
    const g = SHAPES.map((s) => tf.tensor(normalArray(gr, sizeOf(s), scale), s));
    const res = applyStep(rule, params, g, state, { lr });
    tf.dispose(g);
    params = res.params;
    state = res.state;
    out.push(await Promise.all(params.map(async (p) => (await p.data()) as Float32Array)));
    norms.push((await res.probes.updateNorm.data())[0]);
    tf.dispose(Object.values(res.probes));
  }
  tf.dispose(params);
  disposeState(state);
  return { params: out, norms };
}

const ARCHS: [string, Architecture][] = [
  ['rnnprop', DEFAULT_ARCHITECTURES.rnnprop],
  ['dmoptimizer', DEFAULT_ARCHITECTURES.dmoptimizer],
  ['dmoptimizer (p = 0, 1 layer)', { ...DEFAULT_ARCHITECTURES.dmoptimizer, preprocessP: 0, layers: 1 }],
];

describe('fused learned optimizers match their tfjs-ops rule', () => {
  for (const [label, arch] of ARCHS) {
    it(`${label}: ${STEPS} steps within 1e-5 relative (params, updateNorm)`, async ({ skip }) => {
      if (!gpu.ok) skip();
      const before = tf.memory().numTensors;
      const opt = initLearned(arch, 5);
      const fused = learnedFusedRule(opt);
      expect(fused).toBeDefined();
      const lr = arch.outputScale;
      const ref = await run(learnedRule(opt), lr);
      const fus = await run(fused!, lr);
      ref.params.forEach((ps, t) => {
        ps.forEach((p, i) => {
          expect(relDiff(fus.params[t][i], p), `step ${t + 1} param ${i}`).toBeLessThanOrEqual(REL);
        });
        expect(
          Math.abs(fus.norms[t] - ref.norms[t]) / ref.norms[t],
          `step ${t + 1} updateNorm`,
        ).toBeLessThanOrEqual(REL);
      });
      // the steps are not trivial: every step moves θ
      expect(Math.min(...ref.norms)).toBeGreaterThan(0);
      opt.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('has no fused kernel for the HyperAdam family', ({ skip }) => {
    if (!gpu.ok) skip();
    const opt = initLearned(DEFAULT_ARCHITECTURES.hyperadam, 1);
    expect(learnedFusedRule(opt)).toBeUndefined();
    opt.dispose();
  });
});
