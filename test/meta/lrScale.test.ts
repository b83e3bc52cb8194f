/**
 * recipe.lrScale (per-tensor metaLr multipliers, src/core/meta/trainers/bpttRecipe.ts): the host
 * Adam with one lr per tensor equals separate steps with each lr; a BPTT meta-step (in-process
 * and data-parallel) moves a scaled tensor s times as far as without the scale and leaves the
 * others bit-identical; names are checked against the kind's meta-parameters.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ARCHITECTURES, parseRecipe } from '../../src/core/learned/catalog';
import { initLearned } from '../../src/core/learned/factory';
import type { LearnedOptimizer } from '../../src/core/learned/types';
import { adamInit, adamStep } from '../../src/core/meta/parallel/adam';
import { GradWorker } from '../../src/core/meta/parallel/gradWorker';
import { DataParallelTrainer, inThread } from '../../src/core/meta/parallel/leader';
import { MetaTrainer } from '../../src/core/meta/trainer';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';
import { tinyDmRecipe } from './tinyRecipe';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const recipe = tinyDmRecipe;

/** DMOptimizer's i-th meta-parameter name. */
function nameAt(i: number): string {
  const opt = initLearned(DEFAULT_ARCHITECTURES.dmoptimizer, 5);
  const n = opt.weights.names()[i];
  opt.dispose();
  return n;
}

const phiOf = (opt: LearnedOptimizer) => opt.weights.list().map((v) => Float64Array.from(v.dataSync()));

/** φ before and after one meta-iteration of `step` on a fresh seeded φ₀. */
async function oneStep(step: (opt: LearnedOptimizer) => Promise<void>) {
  const opt = initLearned(DEFAULT_ARCHITECTURES.dmoptimizer, 5);
  const before = phiOf(opt);
  await step(opt);
  const after = phiOf(opt);
  opt.dispose();
  return { before, after };
}

/** Tensor i moved `s` times as far with the scale; every other tensor identical. */
function expectScaled(a: ReturnType<typeof phiOf>[], b: ReturnType<typeof phiOf>[], i: number, s: number) {
  const [plain, scaled] = [a, b];
  for (let k = 0; k < plain[0].length; k++) {
    if (k !== i) {
      expect(Array.from(scaled[1][k])).toEqual(Array.from(plain[1][k]));
      continue;
    }
    let moved = 0;
    for (let j = 0; j < plain[0][k].length; j++) {
      const d1 = plain[1][k][j] - plain[0][k][j];
      const ds = scaled[1][k][j] - scaled[0][k][j];
      // float32 φ: the difference of two rounded values, relative error ≲ 2⁻²⁴·|φ|/|Δ|
      expect(Math.abs(ds - s * d1)).toBeLessThan(
        1e-6 * Math.abs(s * d1) + 4e-7 * (1 + Math.abs(plain[0][k][j])),
      );
      if (Math.abs(d1) > 1e-5) moved++;
    }
    expect(moved).toBeGreaterThan(0);
  }
}

describe('recipe.lrScale', () => {
  it('host Adam: one lr per tensor is each tensor stepped with its own lr', () => {
    const phi = () => [Float32Array.from([0.5, -1, 2]), Float32Array.from([3, 0.25])];
    const g = [Float64Array.from([0.1, -3, 2e-4]), Float64Array.from([-0.5, 7])];
    const both = phi();
    const sBoth = adamInit([3, 2]);
    adamStep(both, g, sBoth, [1e-3, 0.05]);
    adamStep(both, g, sBoth, [1e-3, 0.05]);
    for (const [i, lr] of [1e-3, 0.05].entries()) {
      const one = phi();
      const s = adamInit([3, 2]);
      adamStep(one, g, s, lr);
      adamStep(one, g, s, lr);
      expect(Array.from(both[i])).toEqual(Array.from(one[i]));
    }
    expect(both[1][0]).toBeCloseTo(3 + 2 * 0.05, 6);
  });

  it('in-process BPTT: the scaled tensor moves s times as far, the others bit-identically', async () => {
    const run = (over: Record<string, unknown>) =>
      oneStep(async (opt) => {
        const t = await MetaTrainer.create(recipe(over), NO_DATA_ENV, opt);
        await t.iterate();
        t.disposeTraining();
      });
    const plain = await run({});
    const scaled = await run({ lrScale: { [nameAt(1)]: 10 } });
    expectScaled([plain.before, plain.after], [scaled.before, scaled.after], 1, 10);
  });

  it('data-parallel BPTT (K = 2): the same', async () => {
    const run = (over: Record<string, unknown>) =>
      oneStep(async (opt) => {
        const rec = recipe(over);
        const ws = await Promise.all([0, 1].map(() => GradWorker.create(rec, NO_DATA_ENV)));
        const t = new DataParallelTrainer(rec, opt, ws.map(inThread));
        await t.iterate();
        await t.disposeWorkers();
      });
    const plain = await run({});
    const scaled = await run({ lrScale: { [nameAt(2)]: 0.25 } });
    expectScaled([plain.before, plain.after], [scaled.before, scaled.after], 2, 0.25);
  });

  it('names only the kind’s meta-parameters, multipliers in [1e-3, 1e4]', () => {
    const bad = parseRecipe({ kind: 'hyperadam', lrScale: { 'pre/kernel': 100, 'lstm1/kernel': 2 } });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.errors.join('; ')).toMatch(
        /recipe\.lrScale: 'lstm1\/kernel' is not a meta-parameter of hyperadam; valid: pre\/kernel, pre\/bias, lstm0\/kernel/,
      );
    const zero = parseRecipe({ kind: 'hyperadam', lrScale: { 'pre/kernel': 0 } });
    expect(zero.ok).toBe(false);
    if (!zero.ok) expect(zero.errors.join('; ')).toMatch(/lrScale/);
    const ok = parseRecipe({ kind: 'hyperadam', lrScale: { 'pre/kernel': 100, 'adam/kernel': 100 } });
    expect(ok.ok && ok.value.lrScale).toEqual({ 'pre/kernel': 100, 'adam/kernel': 100 });
  });
});
