/**
 * Adding a learned kind = one folder + registerLearnedKind (README "Adding a learned
 * optimizer"), and adding an outer trainer = one recipe entry + registerTrainer ("Adding an
 * outer trainer"). A toy kind (test/learned/toy/) registered at run time appears in the
 * catalog, the URL round trip, CLI parsing, artifacts save/load, the runner and BPTT
 * meta-training; a toy trainer is created from its recipe through the registry.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseFlags } from '../../src/cli/args';
import { recipeFromFlags } from '../../src/cli/metaFlags';
import { RUN_FLAGS, rawSpecFromFlags } from '../../src/cli/run';
import { defaultSpec, knownOptimizerIds, parseSpec } from '../../src/core/experiment/schema';
import { specFromQuery, specToQuery } from '../../src/core/experiment/url';
import {
  artifactsFromModelJson,
  learnedFromArtifacts,
  makeHeader,
  toArtifacts,
  toModelJson,
} from '../../src/core/learned/artifacts';
import { LEARNED, LEARNED_IDS, paramCountOf, parseLearnedHyper } from '../../src/core/learned/catalog';
import { initLearned } from '../../src/core/learned/factory';
import { registerLearnedKind } from '../../src/core/learned/kindRegistry';
import { defaultLearnedSource, setLearnedSource } from '../../src/core/learned/registry';
import { createOuterTrainer } from '../../src/core/meta/createTrainer';
import type { OuterTrainer } from '../../src/core/meta/outer';
import { parseRecipe } from '../../src/core/meta/recipe';
import { int, recipeBaseShape } from '../../src/core/meta/recipeBase';
import type { Recipe } from '../../src/core/meta/trainers/catalog';
import { registerTrainer } from '../../src/core/meta/trainers/catalog';
import { Runner } from '../../src/core/run/runner';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';
import { toysign } from './toy';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerLearnedKind(toysign);
});

describe('a learned kind registered at run time', () => {
  it('is in the catalog with its parameter count computed from its weight definitions', () => {
    expect(LEARNED_IDS).toContain('toysign');
    expect(knownOptimizerIds()).toContain('toysign');
    expect(LEARNED.toysign).toMatchObject({ label: 'Toy', paramCount: 3, defaults: { lr: 0.1, half: 0 } });
    expect(paramCountOf({ kind: 'toysign', outputScale: 1 })).toBe(3);
    const ok = parseLearnedHyper('toysign', { lr: 0.2 });
    expect(ok).toEqual({ ok: true, value: { lr: 0.2, half: 0 } });
    const bad = parseLearnedHyper('toysign', { half: 2 });
    expect(!bad.ok && bad.errors[0]).toMatch(/^toysign\.half: must be 0 or 1/);
    const other = parseLearnedHyper('rnnprop', { half: 1 });
    expect(!other.ok && other.errors[0]).toMatch(
      /^rnnprop\.half: only toysign \(Toy\) has this hyperparameter/,
    );
  });

  it('survives the URL round trip', () => {
    const spec = {
      ...defaultSpec(),
      optimizers: [{ id: 'toysign', hyper: { lr: 0.2, half: 1 }, weights: 'local:toy1' }],
    };
    const q = specToQuery(spec);
    expect(q).toContain('opt=toysign(');
    const back = specFromQuery(q);
    expect(back.errors).toEqual([]);
    expect(back.spec.optimizers).toEqual(spec.optimizers);
    const wrong = specFromQuery(q.replace('half=1', 'half=3'));
    expect(wrong.errors.join(' ')).toMatch(/toysign.*half/);
  });

  it('parses on the command line (run --opt, meta-train --kind)', () => {
    const flags = parseFlags(['--task', 'quadratic', '--opt', 'toysign:lr=0.3,half=1'], RUN_FLAGS);
    const { spec, errors } = parseSpec(rawSpecFromFlags(flags));
    expect(errors).toEqual([]);
    expect(spec.optimizers[0]).toMatchObject({ id: 'toysign', hyper: { lr: 0.3, half: 1 } });
    const r = recipeFromFlags({ kind: 'toysign', iterations: '3' });
    expect(r).toMatchObject({ trainer: 'bptt', kind: 'toysign', steps: 4, unroll: 2, iterations: 3 });
    expect(r.task).toEqual({ id: 'dm-quadratic', options: { problems: 2 } });
  });

  it('saves and loads as artifacts (model.json + bin), validated against its weight definitions', async () => {
    const opt = initLearned(toysign.defaultArchitecture, 1);
    const header = makeHeader(opt, { metaIterations: 5, finalMetaLoss: 0.25 });
    const art = await toArtifacts(opt, header);
    const json = JSON.stringify(toModelJson(art, 'toy.bin'));
    const back = await artifactsFromModelJson(json, async () => art.weightData as ArrayBuffer, 'toy');
    const loaded = learnedFromArtifacts(back, 'toy', 'toysign');
    expect(loaded.header).toMatchObject({ kind: 'toysign', paramCount: 3, metaIterations: 5 });
    expect(Array.from(loaded.opt.weights.get('w').dataSync())).toEqual([1, 0.5]);
    const bad = JSON.parse(json);
    bad.weightsManifest[0].weights[0].shape = [3];
    await expect(
      artifactsFromModelJson(JSON.stringify(bad), async () => art.weightData as ArrayBuffer, 'toy').then(
        (a) => learnedFromArtifacts(a, 'toy'),
      ),
    ).rejects.toThrow(/weight 'w': shape \[3\], expected \[2\]/);
    opt.dispose();
    loaded.opt.dispose();
  });

  it('races in the runner from local weights, with its probes', async () => {
    const opt = initLearned(toysign.defaultArchitecture, 1);
    const art = await toArtifacts(opt, makeHeader(opt, {}));
    opt.dispose();
    setLearnedSource({ readPretrained: () => Promise.reject(new Error('none')), loadLocal: async () => art });
    try {
      const spec = {
        ...defaultSpec(),
        task: { id: 'quadratic' as const, options: {} },
        optimizers: [{ id: 'toysign', hyper: { lr: 0.001 }, weights: 'local:toy' }],
        steps: 20,
        fused: false,
      };
      const parsed = parseSpec(spec);
      expect(parsed.errors).toEqual([]);
      const runner = await Runner.create(parsed.spec, NO_DATA_ENV);
      const frame = await runner.advance(20);
      runner.dispose();
      const losses = frame.runs[0].losses;
      expect(losses).toHaveLength(21);
      expect(losses[20]).toBeLessThan(losses[0]);
      expect(Array.from(frame.runs[0].probes.toyW0.values.slice(0, 3))).toEqual([1, 1, 1]);
    } finally {
      setLearnedSource(defaultLearnedSource);
    }
  });

  it('meta-trains with BPTT from its default recipe', async () => {
    const r = parseRecipe({ kind: 'toysign' });
    expect(r.ok).toBe(true);
    const recipe = (r as { value: Recipe }).value;
    const before = tf.memory().numTensors;
    const trainer = await createOuterTrainer(recipe, NO_DATA_ENV);
    const reps = [await trainer.iterate(), await trainer.iterate()];
    expect(reps.map((x) => x.iteration)).toEqual([1, 2]);
    expect(reps.every((x) => Number.isFinite(x.metaLoss) && !x.skipped)).toBe(true);
    expect(trainer.done).toBe(true);
    expect(trainer.checkpoint()).toEqual({ iteration: 2 });
    // The meta-gradient moved the weights away from φ₀ = [1, 0.5].
    expect(Array.from(trainer.opt.weights.get('w').dataSync())).not.toEqual([1, 0.5]);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('an outer trainer registered at run time', () => {
  afterAll(() => registerLearnedKind(toysign));

  it('is chosen by recipe.trainer, validated by its schema, and created through the registry', async () => {
    registerLearnedKind({
      ...toysign,
      defaultRecipes: { ...toysign.defaultRecipes, counter: { rounds: 2 } },
    });
    type CounterRecipe = { trainer: 'counter'; kind: string; rounds: number } & Omit<
      Recipe,
      'trainer' | 'kind'
    >;
    registerTrainer<CounterRecipe>({
      id: 'counter',
      label: 'Counter',
      description: 'counts iterations (test only)',
      schema: () => z.strictObject({ ...recipeBaseShape('counter'), rounds: int(1, 10) }) as never,
      defaults: {
        task: { id: 'dm-quadratic', options: {} },
        steps: 1,
        iterations: 3,
        seed: 1,
        rounds: 1,
      } as never,
      nested: [],
      load: async () => ({
        async create(recipe, _env, init) {
          const opt = init?.opt ?? initLearned(toysign.defaultArchitecture, recipe.seed);
          let iteration = init?.from?.iteration ?? 0;
          const t: OuterTrainer<CounterRecipe> = {
            recipe,
            opt,
            get iteration() {
              return iteration;
            },
            skipped: 0,
            lastMetaLoss: null,
            get done() {
              return iteration >= recipe.iterations;
            },
            iterate: async () => ({
              iteration: ++iteration,
              run: 0,
              unroll: 0,
              metaLoss: recipe.rounds,
              losses: new Float32Array(0),
              skipped: false,
            }),
            checkpoint: () => ({ iteration }),
            disposeTraining: () => {},
            dispose: () => opt.dispose(),
          };
          return t;
        },
      }),
    });
    expect(parseRecipe({ trainer: 'nope' })).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^recipe\.trainer: must be one of bptt, (.*, )?counter/)],
    });
    const bad = parseRecipe({ trainer: 'counter', kind: 'dmoptimizer' });
    expect(!bad.ok && bad.errors[0]).toMatch(/^recipe\.kind: .*toysign/);
    const r = parseRecipe({ trainer: 'counter', kind: 'toysign', rounds: 4 });
    expect(r).toMatchObject({
      ok: true,
      value: { trainer: 'counter', kind: 'toysign', rounds: 4, iterations: 3 },
    });
    const trainer = await createOuterTrainer((r as { value: Recipe }).value, NO_DATA_ENV, {
      from: { iteration: 1 },
    });
    expect((await trainer.iterate()).metaLoss).toBe(4);
    expect(trainer.checkpoint()).toEqual({ iteration: 2 });
    trainer.dispose();
  });
});
