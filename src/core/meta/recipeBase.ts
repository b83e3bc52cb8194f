/**
 * Meta-training recipes, the common part (pure data, no tfjs): every recipe names its outer
 * trainer (`trainer`, the discriminant), the learned kind, the optimizee task, the horizon
 * (`steps` per optimizee run), the number of meta-iterations and the seed; each trainer adds
 * its own fields (trainers/catalog.ts). Recipes are data, saved with the weights.
 */
import { z } from 'zod';
import { LEARNED_KIND_IDS, learnedMetaOf } from '../learned/kinds';

export const META_TASKS = ['mnist-mlp', 'dm-quadratic'] as const;

export const int = (min: number, max: number) =>
  z
    .number({ error: `must be an integer in [${min}, ${max}]` })
    .int({ error: `must be an integer in [${min}, ${max}]` })
    .min(min, { error: `must be ≥ ${min} (allowed [${min}, ${max}])` })
    .max(max, { error: `must be ≤ ${max} (allowed [${min}, ${max}])` });

export const num = (min: number, max: number) =>
  z
    .number({ error: `must be a number in [${min}, ${max}]` })
    .refine((x) => Number.isFinite(x) && x >= min && x <= max, {
      message: `out of range; allowed [${min}, ${max}]`,
    });

/** The fields every recipe has (a type alias, so recipes are plain records). */
export type RecipeBase = {
  trainer: string;
  kind: string;
  task: { id: (typeof META_TASKS)[number]; options: Record<string, unknown> };
  /** Optimizee steps per run (the horizon). */
  steps: number;
  /** Meta-iterations in total. */
  iterations: number;
  seed: number;
};

/** The zod shape of the common fields for `trainer` (built when parsing: kinds may be added later). */
export function recipeBaseShape(trainer: string) {
  const kinds = LEARNED_KIND_IDS.filter((k) => learnedMetaOf(k)?.defaultRecipes[trainer]);
  return {
    trainer: z.literal(trainer),
    kind: z.enum(kinds as [string, ...string[]], { error: `must be one of ${kinds.join(', ')}` }),
    task: z.strictObject({
      id: z.enum(META_TASKS, { error: `must be one of ${META_TASKS.join(', ')}` }),
      options: z.record(z.string(), z.unknown()),
    }),
    steps: int(1, 10_000),
    iterations: int(1, 1_000_000),
    seed: int(0, 4294967295),
  };
}
