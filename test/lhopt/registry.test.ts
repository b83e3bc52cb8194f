/**
 * LHOPT in the registries: the shipped policy (public/pretrained/lhopt-mix) loads through the
 * learned-optimizer registry with its provenance recorded, runs as an update rule with the
 * hyper.* probes, and 'ppo' is an outer trainer hosts create from a recipe.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEARNED_KIND_IDS, learnedMetaOf } from '../../src/core/learned/kinds';
import { loadLearnedOptimizer, loadLearnedRule } from '../../src/core/learned/registry';
import { createOuterTrainer } from '../../src/core/meta/createTrainer';
import { parseRecipe } from '../../src/core/meta/recipe';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('lhopt registration', () => {
  it('is a learned kind with its probes, panel and a ppo recipe', () => {
    expect(LEARNED_KIND_IDS).toContain('lhopt');
    const m = learnedMetaOf('lhopt');
    expect(m?.probes).toContain('hyper.lr');
    expect(m?.panels).toEqual(['schedule']);
    expect(m?.paramCount).toBe(13672);
    expect(Object.keys(m?.defaultRecipes ?? {})).toEqual(['ppo']);
  });

  it('the shipped policy loads with its recipe, episodes and hardware, and steers lr', async () => {
    const { header } = await loadLearnedOptimizer('lhopt', 'pretrained:lhopt-mix');
    expect(header.recipe?.trainer).toBe('ppo');
    expect(Number(header.notes?.episodes)).toBeGreaterThan(100);
    expect(String(header.notes?.hardware)).toMatch(/core/);
    const rule = await loadLearnedRule({ id: 'lhopt' } as never);
    let params: tf.Tensor[] = [tf.tensor1d([3, -2, 1, 0.5])];
    const hp = { lr: 1e-3 };
    let state = rule.init(params, hp);
    const lrs: number[] = [];
    for (let t = 1; t <= 32; t++) {
      const loss = tf.tidy(() => tf.sum(tf.square(params[0]))) as tf.Scalar;
      const g = tf.tidy(() => tf.mul(params[0], tf.scalar(2)));
      const out = tf.tidy(
        () => rule.step([g], state, params, hp, { t, horizon: 32, loss }) as unknown as tf.TensorContainer,
      ) as unknown as ReturnType<typeof rule.step>;
      lrs.push(out.probes['hyper.lr'].dataSync()[0]);
      tf.dispose([g, loss, ...Object.values(out.probes), ...params]);
      for (const s of Object.values(state.slots).flat())
        if (!Object.values(out.state.slots).flat().includes(s)) s.dispose();
      params = out.params;
      state = out.state;
    }
    expect(lrs[0]).toBeCloseTo(1e-3, 9);
    expect(new Set(lrs.map((x) => x.toPrecision(6))).size).toBeGreaterThan(1); // the policy acted
    tf.dispose(params);
    tf.dispose(Object.values(state.slots).flat());
  });

  it("'ppo' is an outer trainer: iterate, report, checkpoint", async () => {
    const r = parseRecipe({
      trainer: 'ppo',
      kind: 'lhopt',
      families: ['quadratic'],
      episodesPerIteration: 1,
      minOuter: 2,
      maxOuter: 2,
      minInner: 4,
      maxInner: 4,
      baselineLrs: [0.01],
      iterations: 1,
    });
    if (!r.ok) throw new Error(r.errors.join('; '));
    const tr = await createOuterTrainer(r.value, NO_DATA_ENV);
    const rep = await tr.iterate();
    expect(rep.iteration).toBe(1);
    expect(rep.extra?.episodes).toBe(1);
    expect(Number.isFinite(rep.extra?.meanReward)).toBe(true);
    expect(tr.done).toBe(true);
    expect(tr.checkpoint()).toEqual({ iteration: 1, state: { episodes: 1, envCount: 1 } });
    tr.dispose();
  });
});
