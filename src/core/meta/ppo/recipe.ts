/**
 * The PPO outer trainer's recipe for LHOPT (docs/algorithms.md §5.4–5.6): data, validated
 * with zod (errors name the field and its range), saved with the weights. Defaults: the paper
 * config's PPO settings, a 32-unit policy, and browser-scale episodes (12–20 outer steps of
 * 8–12 inner steps), an Adam baseline at lr 1e-3, 1e-2 and 1e-1 (the best kept), on noisy quadratics and spirals MLPs (MNIST MLPs held out).
 */
import { z } from 'zod';
import { describeIssues, type Parsed } from '../../experiment/errors';
import { FAMILIES } from './taskDist';

const int = (min: number, max: number, def: number) =>
  z
    .number()
    .int()
    .min(min, { error: `must be an integer in [${min}, ${max}]` })
    .max(max, { error: `must be an integer in [${min}, ${max}]` })
    .default(def);
const num = (min: number, max: number, def: number) =>
  z
    .number()
    .min(min, { error: `must be in [${min}, ${max}]` })
    .max(max, { error: `must be in [${min}, ${max}]` })
    .default(def);

export const ppoRecipeSchema = z.strictObject({
  trainer: z.literal('ppo').default('ppo'),
  seed: int(0, 2 ** 31 - 1, 1),
  hidden: int(4, 256, 32),
  preset: z.enum(['lite', 'ciao']).default('lite'),
  families: z.array(z.enum(FAMILIES)).min(1).default(['quadratic', 'spirals']),
  episodesPerIteration: int(1, 1024, 8),
  envReuse: int(1, 64, 4),
  minOuter: int(2, 256, 12),
  maxOuter: int(2, 256, 20),
  minInner: int(4, 1024, 8),
  maxInner: int(4, 1024, 12),
  baselineLrs: z.array(z.number().min(1e-6).max(1)).min(1).default([1e-3, 1e-2, 1e-1]),
  initialNoise: z.boolean().default(true),
  lr: num(1e-7, 1, 2e-4),
  clip: num(0.01, 1, 0.2),
  entropyCoef: num(0, 1, 0.01),
  valueCoef: num(0, 10, 0.5),
  gamma: num(0, 1, 1),
  lambda: num(0, 1, 0.95),
  maxGradNorm: num(1e-3, 1e3, 5),
  epochs: int(1, 64, 4),
  minibatch: int(1, 1024, 4),
});

export type PpoRecipe = z.output<typeof ppoRecipeSchema>;

export function parsePpoRecipe(raw: unknown): Parsed<PpoRecipe> {
  const r = ppoRecipeSchema.safeParse(raw ?? {});
  if (!r.success) return { ok: false, errors: describeIssues(r.error, 'recipe') };
  const v = r.data;
  const errors: string[] = [];
  if (v.maxOuter < v.minOuter) errors.push(`recipe.maxOuter: must be ≥ minOuter (${v.minOuter})`);
  if (v.maxInner < v.minInner) errors.push(`recipe.maxInner: must be ≥ minInner (${v.minInner})`);
  return errors.length ? { ok: false, errors } : { ok: true, value: v };
}

export const defaultPpoRecipe = (): PpoRecipe => ppoRecipeSchema.parse({});
