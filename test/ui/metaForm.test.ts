/**
 * The Meta-train form's pieces that are pure logic: task presets come from the core's default
 * recipe (no copies in the UI), the recipe's fields are generated from its zod schema (nested
 * objects recognised, ranges known), saved-weights headers read from IndexedDB records, and
 * the view store that "Race it" / "Re-train it" switch.
 */
import { describe, expect, it } from 'vitest';
import { defaultRecipe, recipeSchema } from '../../src/core/learned/catalog';
import { TASK_OPTIONS } from '../../src/core/tasks/catalog';
import { savedInfoOf } from '../../src/ui/lib/localWeights';
import { describeFields } from '../../src/ui/lib/zodFields';
import { estimateSeconds } from '../../src/ui/meta/estimate';
import { metaLossRows } from '../../src/ui/meta/MetaLossChart';
import { RECIPE_HELP, taskPreset } from '../../src/ui/meta/RecipeForm';
import { raceIt } from '../../src/ui/meta/raceIt';
import { useSpec } from '../../src/ui/store/specStore';
import { useView } from '../../src/ui/store/viewStore';

describe('Meta-train form', () => {
  it('task presets are the core defaults', () => {
    expect(taskPreset('rnnprop', 'mnist-mlp')).toEqual(defaultRecipe('rnnprop').task);
    expect(taskPreset('vhadam', 'mnist-mlp')).toEqual(defaultRecipe('vhadam').task);
    expect(taskPreset('dmoptimizer', 'dm-quadratic')).toEqual({
      id: 'dm-quadratic',
      options: TASK_OPTIONS['dm-quadratic'].parse({}),
    });
    expect(taskPreset('dmoptimizer', 'dm-quadratic').options).toEqual({ problems: 128 });
  });

  it('recipe fields come from the recipe schema, nested objects marked', () => {
    const fields = Object.fromEntries(describeFields(recipeSchema).map((f) => [f.name, f]));
    expect(fields.task.kind).toBe('object');
    expect(fields.tricks.kind).toBe('object');
    expect(fields.kind.kind).toBe('enum');
    expect(fields.trainer.kind).toBe('fixed'); // the recipe union's discriminant: not a form field
    expect(fields.objective.options).toEqual(['mean-unroll', 'last-step', 'variational', 'variational-mean']);
    expect(fields.iterations).toMatchObject({ kind: 'int', min: 1, max: 1_000_000 });
    expect(fields.unroll).toMatchObject({ kind: 'int', min: 1, max: 200 });
    expect(fields.metaLr.kind).toBe('number');
    expect(fields.metaLr.schema.safeParse(2).success).toBe(false);
    expect(fields.metaLr.schema.safeParse(1e-3).success).toBe(true);
    expect(fields.metaLr.optional).toBeUndefined();
    expect(fields.clipNorm).toMatchObject({ kind: 'number', optional: true });
    expect(fields.clipNorm.schema.safeParse(undefined).success).toBe(true);
    expect(fields.clipNorm.schema.safeParse(0).success).toBe(false);
    const tricks = describeFields(recipeSchema.shape.tricks).map((f) => [f.name, f.kind]);
    expect(tricks).toEqual([
      ['randomScaling', 'number'],
      ['convexCombination', 'boolean'],
    ]);
  });

  it('saved weights are listed from the stored tfjs header', () => {
    const header = { kind: 'rnnprop', metaIterations: 20, finalMetaLoss: 0.25, version: 1 };
    const recipe = { ...defaultRecipe('rnnprop'), steps: 50 };
    expect(
      savedInfoOf({ modelPath: 'learned-r', modelArtifacts: { modelTopology: { ...header, recipe } } }),
    ).toMatchObject({ name: 'r', task: recipe.task, steps: 50 });
    expect(savedInfoOf({ modelPath: 'learned-mine', modelArtifacts: { modelTopology: header } })).toEqual({
      name: 'mine',
      kind: 'rnnprop',
      metaIterations: 20,
      finalMetaLoss: 0.25,
    });
    // Not ours (another app's model in the same tfjs database), or a broken header.
    expect(savedInfoOf({ modelPath: 'someone-else', modelArtifacts: { modelTopology: header } })).toBeNull();
    expect(savedInfoOf({ modelPath: 'learned-x', modelArtifacts: {} })).toEqual({
      name: 'x',
      kind: '?',
      metaIterations: 0,
      finalMetaLoss: null,
    });
  });

  it('the active view lives in a store', () => {
    expect(useView.getState().tab).toBe('compare');
    useView.getState().setTab('meta');
    expect(useView.getState().tab).toBe('meta');
    useView.getState().setTab('compare');
  });
});

describe('Meta-train guidance', () => {
  it('every recipe field, task option and evaluation setting has help text', () => {
    const names = [
      ...describeFields(recipeSchema)
        .filter((f) => f.kind !== 'object' && f.kind !== 'fixed' && f.name !== 'kind')
        .map((f) => f.name),
      ...describeFields(recipeSchema.shape.tricks).map((f) => f.name),
      ...describeFields(TASK_OPTIONS['mnist-mlp']).map((f) => f.name),
      ...describeFields(TASK_OPTIONS['dm-quadratic']).map((f) => f.name),
      'evalEvery',
      'evalRuns',
      'adamLr',
    ];
    expect(names.filter((n) => !RECIPE_HELP[n])).toEqual([]);
  });

  it('a cost estimate scales with iterations and unroll, per kind and task', () => {
    const r = defaultRecipe('rnnprop'); // MNIST, 200 iterations × unroll 20
    expect(estimateSeconds(r)).toBeCloseTo(200 * 20 * 0.34, 6);
    expect(estimateSeconds({ ...r, iterations: 100 })).toBeCloseTo(100 * 20 * 0.34, 6);
    const q = {
      ...defaultRecipe('dmoptimizer'),
      task: { id: 'dm-quadratic' as const, options: { problems: 64 } },
    };
    expect(estimateSeconds(q)).toBeCloseTo(200 * 20 * 0.05, 6);
  });

  it('the meta-loss chart has a debiased moving average beside the raw values', () => {
    const rows = metaLossRows([4, 2, Number.NaN, 1]);
    expect(rows.map((r) => r.loss)).toEqual([4, 2, null, 1]);
    expect(rows[0].smooth).toBeCloseTo(4, 12); // debiased: the first value is itself
    expect(rows[1].smooth).toBeCloseTo((0.9 * 0.1 * 4 + 0.1 * 2) / (1 - 0.81), 12);
    expect(rows[2].smooth).toBeNull();
    expect(rows[3].smooth!).toBeLessThan(rows[1].smooth!);
  });

  it('"Race it" opens the training task and horizon of the weights, then the Compare view', () => {
    useView.getState().setTab('meta');
    const before = useSpec.getState().spec.optimizers.length;
    raceIt({
      kind: 'rnnprop',
      name: 'mine',
      task: { id: 'mnist-mlp', options: { activation: 'relu', width: 20 } },
      steps: 100,
    });
    const spec = useSpec.getState().spec;
    expect(spec.optimizers).toHaveLength(before + 1);
    expect(spec.optimizers[before]).toMatchObject({ id: 'rnnprop', weights: 'local:mine' });
    expect(spec.task.id).toBe('mnist-mlp');
    expect(spec.task.options).toMatchObject({ activation: 'relu', width: 20, batchSize: 128 });
    expect(spec.steps).toBe(100);
    expect(useView.getState().tab).toBe('compare');
  });
});
