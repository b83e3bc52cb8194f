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
import { taskPreset } from '../../src/ui/meta/RecipeForm';
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
    expect(fields.objective.options).toEqual(['mean-unroll', 'last-step', 'variational']);
    expect(fields.iterations).toMatchObject({ kind: 'int', min: 1, max: 1_000_000 });
    expect(fields.unroll).toMatchObject({ kind: 'int', min: 1, max: 200 });
    expect(fields.metaLr.kind).toBe('number');
    expect(fields.metaLr.schema.safeParse(2).success).toBe(false);
    expect(fields.metaLr.schema.safeParse(1e-3).success).toBe(true);
    const tricks = describeFields(recipeSchema.shape.tricks).map((f) => [f.name, f.kind]);
    expect(tricks).toEqual([
      ['randomScaling', 'number'],
      ['convexCombination', 'boolean'],
    ]);
  });

  it('saved weights are listed from the stored tfjs header', () => {
    const header = { kind: 'rnnprop', metaIterations: 20, finalMetaLoss: 0.25, version: 1 };
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
