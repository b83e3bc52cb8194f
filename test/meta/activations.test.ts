/**
 * recipe.activations (trainers/bpttRecipe.ts, meta/runs.ts): meta-training on a mix of
 * activations. Each run's MLP takes one of the listed activations, drawn from the run's own
 * seed, so the draw is the same in every process (workers, resume) for a given (seed, k):
 *  - validation names the field and the allowed values; a task without an activation option
 *    is refused; the CLI flag parses into the recipe;
 *  - openRun: run k's task computes exactly the loss of a task built with the drawn
 *    activation; over 16 runs every listed activation occurs; MNIST tasks are shared per
 *    activation (one per activation, not per run) and all freed at the end.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { recipeFromFlags } from '../../src/cli/metaFlags';
import { nodeTaskEnv } from '../../src/cli/nodeBackend';
import { makeRng } from '../../src/core/experiment/rng';
import { DEFAULT_ARCHITECTURES } from '../../src/core/learned/catalog';
import { initLearned } from '../../src/core/learned/factory';
import { defaultRecipe, parseRecipe } from '../../src/core/meta/recipe';
import { closeRun, disposeSharedTask, newSharedTask, openRun } from '../../src/core/meta/runs';
import { type BpttRecipe, runActivation } from '../../src/core/meta/trainers/bpttRecipe';
import type { Activation } from '../../src/core/tasks/catalog';
import { createTask } from '../../src/core/tasks/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const base = (over: Record<string, unknown>) => ({ ...defaultRecipe('hyperadam', 'bptt'), ...over });

describe('recipe.activations', () => {
  it('is validated: allowed values, 1–8 entries, only for tasks with an activation option', () => {
    const ok = parseRecipe(base({ activations: ['sigmoid', 'relu', 'elu', 'tanh'] }));
    expect(ok.ok).toBe(true);
    const bad = parseRecipe(base({ activations: ['sigmoid', 'softplus'] }));
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.errors.join('\n')).toMatch(/activations.*must be one of sigmoid, relu, elu, tanh/);
    const empty = parseRecipe(base({ activations: [] }));
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.errors.join('\n')).toMatch(/activations.*1–8/);
    const quad = parseRecipe(
      base({ task: { id: 'dm-quadratic', options: { problems: 4 } }, activations: ['relu'] }),
    );
    expect(quad.ok).toBe(false);
    if (!quad.ok)
      expect(quad.errors.join('\n')).toMatch(/recipe\.activations: task 'dm-quadratic' has no activation/);
  });

  it('--activations parses into the recipe; a bad name is a usage error naming the field', () => {
    const r = recipeFromFlags({ kind: 'hyperadam', activations: 'sigmoid, relu,elu,tanh' }) as BpttRecipe;
    expect(r.activations).toEqual(['sigmoid', 'relu', 'elu', 'tanh']);
    expect(() => recipeFromFlags({ kind: 'hyperadam', activations: 'relu,swish' })).toThrow(
      /--activations: 'swish' is not one of sigmoid, relu, elu, tanh/,
    );
    expect(() => recipeFromFlags({ kind: 'hyperadam', activations: 'relu,,tanh' })).toThrow(
      /--activations: '' is not one of/,
    );
  });

  it('runActivation draws from the list with the given picker; null without a list', () => {
    expect(runActivation({}, () => 0)).toBeNull();
    expect(runActivation({ activations: ['relu', 'tanh'] }, (n) => n - 1)).toBe('tanh');
  });

  it('openRun: run k trains the drawn activation (same losses), all occur, MNIST shared per activation', async () => {
    const env = nodeTaskEnv();
    const acts: Activation[] = ['sigmoid', 'relu', 'elu', 'tanh'];
    const recipe = base({
      activations: acts,
      tricks: { randomScaling: 0, convexCombination: false },
    }) as BpttRecipe;
    const opt = initLearned(DEFAULT_ARCHITECTURES.hyperadam, 1);
    const shared = newSharedTask();
    const before = tf.memory().numTensors;
    const seen = new Set<string>();
    for (let k = 0; k < 16; k++) {
      const expected = runActivation(recipe, (n) =>
        makeRng(recipe.seed).fork(`run${k}`).fork('activation').int(n),
      );
      const run = await openRun(recipe, env, opt, k, shared);
      expect(run.task).toBe(shared.tasks.get(expected as string));
      seen.add(expected as string);
      if (k < 4) {
        // The same θ₀ and batch give the loss of a task built with that activation.
        const ref = await createTask(
          'mnist-mlp',
          { ...recipe.task.options, activation: expected as Activation },
          env,
          5,
        );
        const batch = run.task.nextBatch(makeRng(3));
        const a = tf.tidy(() => run.task.loss(run.params, batch).dataSync()[0]);
        const b = tf.tidy(() => ref.loss(run.params, batch).dataSync()[0]);
        expect(a).toBe(b);
        tf.dispose(Object.values(batch ?? {}));
        ref.dispose();
      }
      closeRun(run);
    }
    expect([...seen].sort()).toEqual([...acts].sort());
    expect([...shared.tasks.keys()].sort()).toEqual([...acts].sort());
    disposeSharedTask(shared);
    expect(shared.tasks.size).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
  });
});
