/**
 * recipe.clipNorm (src/core/meta/clipNorm.ts): the meta-gradient meta-Adam receives is
 * g·min(1, c/‖g‖). The data-parallel leader's φ after two meta-updates equals host Adam applied
 * by hand to the same workers' gradients, each rescaled to norm c (bit-identical: same float64
 * arithmetic); the in-process trainer's equals tf.train.adam applied to the rescaled gradients;
 * a cap above every norm changes nothing; the report carries the unclipped norm; the recipe and
 * the CLI flag name the field and its range.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradNormText, recipeFromFlags } from '../../src/cli/metaFlags';
import { DEFAULT_ARCHITECTURES, type Recipe } from '../../src/core/learned/catalog';
import { initLearned } from '../../src/core/learned/factory';
import type { LearnedOptimizer } from '../../src/core/learned/types';
import { clipFactor, sumSquares } from '../../src/core/meta/clipNorm';
import { adamInit, adamStep } from '../../src/core/meta/parallel/adam';
import { GradWorker } from '../../src/core/meta/parallel/gradWorker';
import { DataParallelTrainer, inThread } from '../../src/core/meta/parallel/leader';
import { MetaTrainer } from '../../src/core/meta/trainer';
import { metaLrs } from '../../src/core/meta/trainers/bpttRecipe';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';
import { tinyDmRecipe } from './tinyRecipe';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const recipe = (over: Record<string, unknown> = {}): Recipe => tinyDmRecipe({ metaLr: 1e-2, ...over });

const fresh = () => initLearned(DEFAULT_ARCHITECTURES.dmoptimizer, 5);
const phiOf = (opt: LearnedOptimizer) => opt.weights.list().map((v) => Array.from(v.dataSync()));
const norm = (gs: ArrayLike<number>[]) => Math.sqrt(sumSquares(gs));

/** The two unrolls' raw meta-gradients (run 0, unrolls 0 and 1), φ stepped between them by `apply`. */
async function rawGrads(rec: Recipe, apply: (phi: Float32Array[], g: Float32Array[]) => void) {
  const opt = fresh();
  const phi = opt.weights.list().map((v) => Float32Array.from(v.dataSync()));
  opt.dispose();
  const w = await GradWorker.create(rec, NO_DATA_ENV);
  const out: Float32Array[][] = [];
  for (const u of [0, 1]) {
    const r = await w.step(
      phi.map((p) => p.slice()),
      0,
      u,
    );
    if (!r.grads) throw new Error('non-finite');
    out.push(r.grads);
    apply(phi, r.grads);
  }
  w.dispose();
  return { phi, grads: out };
}

describe('meta-gradient clipping (recipe.clipNorm)', () => {
  it('clipFactor: min(1, c/‖g‖); 1 without a cap, for a zero or non-finite norm', () => {
    expect(clipFactor(25, 1)).toBe(0.2);
    expect(clipFactor(25, 5)).toBe(1);
    expect(clipFactor(25, 10)).toBe(1);
    expect(clipFactor(25, undefined)).toBe(1);
    expect(clipFactor(0, 1)).toBe(1);
    expect(clipFactor(Number.POSITIVE_INFINITY, 1)).toBe(1);
    expect(clipFactor(Number.NaN, 1)).toBe(1);
    expect(sumSquares([Float32Array.from([3]), Float64Array.from([4, 0])])).toBe(25);
  });

  it('data-parallel (K = 1): φ = host Adam on the gradients rescaled to norm c, bit for bit', async () => {
    const plainRec = recipe();
    const probe = await rawGrads(plainRec, () => {});
    const n0 = norm(probe.grads[0]);
    const c = n0 / 4; // clips the first gradient (and, as checked below, the second)
    const rec = recipe({ clipNorm: c });
    const lrs = metaLrs(rec, fresh().weights.names());
    const adam = adamInit(probe.grads[0].map((g) => g.length));
    const norms: number[] = [];
    const manual = await rawGrads(rec, (phi, g) => {
      const n = norm(g);
      norms.push(n);
      const k = clipFactor(n * n, c);
      adamStep(
        phi,
        g.map((x) => Float64Array.from(x, (v) => v * k)),
        adam,
        lrs,
      );
    });
    expect(norms[0]).toBe(n0);
    expect(norms[1]).toBeGreaterThan(c);

    const opt = fresh();
    const t = new DataParallelTrainer(rec, opt, [inThread(await GradWorker.create(rec, NO_DATA_ENV))]);
    const reps = [await t.iterate(), await t.iterate()];
    await t.disposeWorkers();
    expect(reps.map((r) => r.gradNorm)).toEqual(norms);
    expect(phiOf(opt)).toEqual(manual.phi.map((p) => Array.from(p)));
    opt.dispose();

    // and it mattered: without the cap φ differs
    const plainOpt = fresh();
    const tp = new DataParallelTrainer(plainRec, plainOpt, [
      inThread(await GradWorker.create(plainRec, NO_DATA_ENV)),
    ]);
    await tp.iterate();
    await tp.iterate();
    await tp.disposeWorkers();
    expect(phiOf(plainOpt)).not.toEqual(manual.phi.map((p) => Array.from(p)));
    plainOpt.dispose();
  });

  it('in-process: tf.train.adam on the rescaled gradients; a cap above every norm changes nothing', async () => {
    const plainRec = recipe();
    const probe = await rawGrads(plainRec, () => {});
    const c = norm(probe.grads[0]) / 4;
    const before = tf.memory().numTensors;
    const runTrainer = async (rec: Recipe) => {
      const opt = fresh();
      const t = await MetaTrainer.create(rec, NO_DATA_ENV, opt);
      const reps = [await t.iterate(), await t.iterate()];
      t.disposeTraining();
      const phi = phiOf(opt);
      opt.dispose();
      return { phi, norms: reps.map((r) => r.gradNorm as number) };
    };
    const clipped = await runTrainer(recipe({ clipNorm: c }));
    const plain = await runTrainer(plainRec);
    const loose = await runTrainer(recipe({ clipNorm: 1e6 }));
    expect(loose.phi).toEqual(plain.phi);
    expect(tf.memory().numTensors).toBe(before);

    // the replica: the same unrolls' gradients (GradWorker runs the same unroll code), scaled
    const metaOpt = tf.train.adam(1e-2, 0.9, 0.999, 1e-8);
    const opt = fresh();
    const vars = opt.weights.list();
    const manual = await rawGrads(recipe({ clipNorm: c }), (phi, g) => {
      const k = clipFactor(sumSquares(g), c);
      tf.tidy(() => {
        for (const [i, v] of vars.entries()) v.assign(tf.tensor(phi[i], v.shape));
        metaOpt.applyGradients(
          vars.map((v, i) => ({ name: v.name, tensor: tf.mul(tf.tensor(g[i], v.shape), k) })),
        );
      });
      for (const [i, v] of vars.entries()) phi[i].set(v.dataSync());
    });
    metaOpt.dispose();
    opt.dispose();
    for (const [i, p] of manual.phi.entries())
      for (const [j, x] of p.entries())
        expect(Math.abs(clipped.phi[i][j] - x)).toBeLessThan(1e-6 * (1 + Math.abs(x)));
    expect(clipped.norms[0]).toBeCloseTo(norm(probe.grads[0]), 4);
    // without the cap φ moves elsewhere (by much more than the tolerance above)
    const diff = Math.max(...plain.phi.flatMap((p, i) => p.map((x, j) => Math.abs(x - clipped.phi[i][j]))));
    expect(diff).toBeGreaterThan(1e-4);
  });

  it('recipe and CLI: --clip-norm sets clipNorm, out-of-range values name the field; the log shows |g|', () => {
    expect(recipeFromFlags({ kind: 'hyperadam', 'clip-norm': '10' }).clipNorm).toBe(10);
    expect(() => recipeFromFlags({ kind: 'hyperadam', 'clip-norm': '0' })).toThrow(
      /recipe\.clipNorm: out of range; allowed \[0\.000001, 1000000\]/,
    );
    expect(() => recipeFromFlags({ kind: 'hyperadam', 'clip-norm': 'x' })).toThrow(
      /--clip-norm: must be a number/,
    );
    expect(gradNormText([3, Number.NaN, 1, 2e6])).toBe('  |g| median 3.00 max 2.00e+6');
    expect(gradNormText([Number.NaN])).toBe('');
  });
});
