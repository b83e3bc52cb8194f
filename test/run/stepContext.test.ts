/**
 * The step context { t, horizon, loss } reaches every rule's step from every host loop: the
 * runner, meta-evaluation (meta/evaluate.ts) and the BPTT unroll (the learned step's ctx),
 * and `loss` is the loss whose gradient the step receives (the value the runner reports).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSpec } from '../../src/core/experiment/schema';
import { initLearned } from '../../src/core/learned/factory';
import { registerLearnedKind } from '../../src/core/learned/kindRegistry';
import { createOuterTrainer } from '../../src/core/meta/createTrainer';
import { evaluateRule } from '../../src/core/meta/evaluate';
import { parseRecipe } from '../../src/core/meta/recipe';
import type { Recipe } from '../../src/core/meta/trainers/catalog';
import { getRule } from '../../src/core/optim/registry';
import type { StepContext, UpdateRule } from '../../src/core/optim/types';
import { Runner } from '../../src/core/run/runner';
import { createTask, NO_DATA_ENV } from '../../src/core/tasks/registry';
import { toysign } from '../learned/toy';

/** SGD that records what it was given (t, horizon and the loss value, read back in the test). */
function spyRule(seen: { t: number; horizon: number; loss: tf.Scalar }[]): UpdateRule {
  const sgd = getRule('sgd');
  return {
    id: 'sgd',
    init: (p, hp) => sgd.init(p, hp),
    step(g, s, p, hp, ctx) {
      if (!ctx) throw new Error('no step context');
      seen.push({ t: ctx.t, horizon: ctx.horizon, loss: tf.keep(tf.clone(ctx.loss)) });
      return sgd.step(g, s, p, hp);
    },
  };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('step context', () => {
  it('the runner passes t = 1…steps, horizon = spec.steps and the reported loss', async () => {
    const seen: { t: number; horizon: number; loss: tf.Scalar }[] = [];
    const spec = {
      ...defaultSpec(),
      optimizers: [{ id: 'sgd', hyper: { lr: 0.001 } }],
      steps: 6,
      fused: false,
    };
    const r = await Runner.create(spec, NO_DATA_ENV, { resolveRule: async () => spyRule(seen) });
    const frame = await r.advance(6);
    r.dispose();
    expect(seen.map((s) => s.t)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen.every((s) => s.horizon === 6)).toBe(true);
    const losses = seen.map((s) => s.loss.dataSync()[0]);
    expect(losses).toEqual(Array.from(frame.runs[0].losses.slice(0, 6)));
    tf.dispose(seen.map((s) => s.loss));
  });

  it('meta-evaluation passes it too (horizon = the run length)', async () => {
    const seen: { t: number; horizon: number; loss: tf.Scalar }[] = [];
    const task = await createTask('quadratic', {}, NO_DATA_ENV, 1);
    const res = await evaluateRule(spyRule(seen), { lr: 0.001, weightDecay: 0 }, task, {
      runs: 1,
      steps: 4,
      seed: 3,
    });
    task.dispose();
    expect(seen.map((s) => [s.t, s.horizon])).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    expect(seen[0].loss.dataSync()[0]).toBeCloseTo(res.meanCurve[0], 5);
    tf.dispose(seen.map((s) => s.loss));
  });

  it('the BPTT unroll hands it to the learned step (t across unrolls, horizon = recipe.steps)', async () => {
    const seen: StepContext[] = [];
    registerLearnedKind({
      ...toysign,
      build: (a, w) => {
        const inner = toysign.build(a, w);
        return {
          ...inner,
          step: (g, s, t, scale, hp, ctx) => {
            if (ctx) seen.push({ t: ctx.t, horizon: ctx.horizon, loss: ctx.loss });
            return inner.step(g, s, t, scale, hp, ctx);
          },
        };
      },
    });
    const r = parseRecipe({ kind: 'toysign', iterations: 2 });
    const trainer = await createOuterTrainer((r as { value: Recipe }).value, NO_DATA_ENV, {
      opt: initLearned(toysign.defaultArchitecture, 1),
    });
    await trainer.iterate();
    await trainer.iterate();
    trainer.dispose();
    expect(seen.map((c) => [c.t, c.horizon])).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
  });
});
