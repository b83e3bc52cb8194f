/**
 * An unroll in segments with recomputation (src/core/meta/unrollSegments.ts) is the same unroll:
 * the same meta-loss, meta-gradient, final θ and state and loss curve as one tape over all steps,
 * for each objective and kind it allows, with tensors flat; a VHAdam recipe with segments is refused
 * when parsed, by name.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initLearned } from '../../src/core/learned/factory';
import { learnedMetaOf } from '../../src/core/learned/kinds';
import { withPath } from '../../src/core/meta/lean/wrap';
import {
  closeRun,
  disposeSharedTask,
  newSharedTask,
  openRun,
  type UnrollOutcome,
  unrollContext,
  unrollOnce,
} from '../../src/core/meta/runs';
import type { BpttRecipe } from '../../src/core/meta/trainers/bpttRecipe';
import { segmentBounds } from '../../src/core/meta/unrollSegments';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';
import { tinyDmRecipe } from './tinyRecipe';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Flat {
  metaLoss: number;
  grads: number[][];
  params: number[][];
  slots: number[][];
  losses: number[];
}

const read = (o: UnrollOutcome): Flat => ({
  metaLoss: o.metaLoss.dataSync()[0],
  grads: o.grads.map((g) => Array.from(g.dataSync())),
  params: o.params.map((p) => Array.from(p.dataSync())),
  slots: Object.keys(o.state.slots)
    .sort()
    .flatMap((k) => o.state.slots[k].map((x) => Array.from(x.dataSync()))),
  losses: Array.from(o.losses.dataSync()),
});

/** Relative L2 distance of two lists of arrays. */
function rel(a: number[][], b: number[][]): number {
  let d = 0;
  let n = 0;
  a.forEach((x, i) => {
    x.forEach((v, j) => {
      d += (v - b[i][j]) ** 2;
      n += b[i][j] ** 2;
    });
  });
  return Math.sqrt(d / Math.max(n, 1e-30));
}

/** The first unroll of run 0 of `recipe` (its second unroll too, to cover a carried state). */
async function unrollTwice(recipe: BpttRecipe): Promise<Flat[]> {
  const arch = learnedMetaOf(recipe.kind)!.defaultArchitecture;
  const opt = initLearned(arch, recipe.seed);
  const stepOpt = withPath(opt, recipe.path);
  const shared = newSharedTask();
  const ctx = unrollContext(recipe, opt, stepOpt);
  const run = await openRun(recipe, NO_DATA_ENV, stepOpt, 0, shared);
  const out: Flat[] = [];
  for (let u = 0; u < 2; u++) {
    const res = unrollOnce(run, ctx);
    out.push(read(res));
    tf.dispose([res.metaLoss, res.losses, ...res.grads]);
    tf.dispose([...run.params, ...Object.values(run.state.slots).flat()]);
    run.params = res.params;
    run.state = res.state;
    run.unroll++;
  }
  closeRun(run);
  disposeSharedTask(shared);
  opt.dispose();
  return out;
}

describe('segmentBounds', () => {
  it('splits T steps into near-equal segments, never more than T', () => {
    expect(segmentBounds(100, 2)).toEqual([0, 50, 100]);
    expect(segmentBounds(10, 3)).toEqual([0, 3, 7, 10]);
    expect(segmentBounds(2, 5)).toEqual([0, 1, 2]);
    expect(segmentBounds(7, 1)).toEqual([0, 7]);
  });
});

describe('an unroll in segments', () => {
  const cases: [string, string][] = [
    ['dmoptimizer', 'mean-unroll'],
    ['dmoptimizer', 'last-step'],
    ['rnnprop', 'last-step'],
    ['hyperadam', 'mean-unroll'],
  ];
  for (const [kind, objective] of cases) {
    it(`${kind}, ${objective}: the same meta-loss, meta-gradient, θ, state and losses as one tape`, async () => {
      const base = { kind, objective, steps: 14, unroll: 7 };
      const want = await unrollTwice(tinyDmRecipe(base) as BpttRecipe);
      const tensors = tf.memory().numTensors;
      for (const segments of [2, 3, 7]) {
        const got = await unrollTwice(tinyDmRecipe({ ...base, segments }) as BpttRecipe);
        for (let u = 0; u < 2; u++) {
          const [g, w] = [got[u], want[u]];
          // Float32 sums in another order (the adjoints add up per segment): 1e-5 relative.
          expect(Math.abs(g.metaLoss - w.metaLoss)).toBeLessThanOrEqual(1e-5 * Math.abs(w.metaLoss));
          expect(rel(g.grads, w.grads)).toBeLessThan(1e-5);
          expect(
            rel(
              g.grads,
              w.grads.map((x) => x.map(() => 0)),
            ),
          ).toBeGreaterThan(0.99); // not all zero
          // The forward pass is the same computation: bit for bit.
          expect(g.params).toEqual(w.params);
          expect(g.slots).toEqual(w.slots);
          expect(g.losses).toEqual(w.losses);
        }
      }
      expect(tf.memory().numTensors).toBe(tensors);
    });
  }

  it('VHAdam is refused by name (its recomputed steps would sample new noise)', () => {
    expect(() => tinyDmRecipe({ kind: 'vhadam', objective: 'variational', segments: 2 })).toThrow(
      /^recipe\.segments \(recompute segments\): vhadam samples its update at every step/,
    );
    expect(tinyDmRecipe({ kind: 'vhadam', objective: 'variational', segments: 1 }).kind).toBe('vhadam');
  });
});
