/**
 * The 'ppo' outer trainer's recipe (pure data; docs/algorithms.md §5.4–5.6): PPO on episodes
 * drawn from a task distribution (meta/ppo/taskDist.ts: `families`, episode lengths), each
 * rewarded by its log speedup over an Adam baseline (`baselineLrs`, the best kept).
 * The common fields' `task` and `steps` are the evaluation task and horizon the Meta-train tab
 * uses for its periodic comparison with Adam (by default the MNIST MLP, held out from training).
 * Registry entry: ppo.ts; implementation: meta/ppo/outer.ts.
 */
import { z } from 'zod';
import { int, num, recipeBaseShape } from '../recipeBase';

export const PPO_FAMILIES = ['quadratic', 'spirals', 'mnist-mlp'] as const;

export const ppoSchema = () =>
  z.strictObject({
    ...recipeBaseShape('ppo'),
    hidden: int(4, 256),
    preset: z.enum(['lite', 'ciao'], { error: 'must be lite or ciao' }),
    families: z.array(z.enum(PPO_FAMILIES, { error: `must be among ${PPO_FAMILIES.join(', ')}` })).min(1),
    episodesPerIteration: int(1, 1024),
    envReuse: int(1, 64),
    minOuter: int(2, 256),
    maxOuter: int(2, 256),
    minInner: int(4, 1024),
    maxInner: int(4, 1024),
    baselineLrs: z.array(num(1e-6, 1)).min(1),
    initialNoise: z.boolean({ error: 'must be true or false' }),
    lr: num(1e-7, 1),
    clip: num(0.01, 1),
    entropyCoef: num(0, 1),
    valueCoef: num(0, 10),
    gamma: num(0, 1),
    lambda: num(0, 1),
    maxGradNorm: num(1e-3, 1e3),
    epochs: int(1, 64),
    minibatch: int(1, 1024),
  });

export type PpoRecipe = z.output<ReturnType<typeof ppoSchema>>;

/** Defaults: the paper config's PPO settings; browser-scale episodes; MNIST MLPs held out. */
export const PPO_DEFAULTS: Omit<PpoRecipe, 'kind' | 'trainer'> = {
  task: { id: 'mnist-mlp', options: { activation: 'relu', width: 20, batchSize: 128, initStd: 0.1 } },
  steps: 200,
  iterations: 100,
  seed: 1,
  hidden: 32,
  preset: 'lite',
  families: ['quadratic', 'spirals'],
  episodesPerIteration: 8,
  envReuse: 4,
  minOuter: 12,
  maxOuter: 20,
  minInner: 8,
  maxInner: 12,
  baselineLrs: [1e-3, 1e-2, 1e-1],
  initialNoise: true,
  lr: 2e-4,
  clip: 0.2,
  entropyCoef: 0.01,
  valueCoef: 0.5,
  gamma: 1,
  lambda: 0.95,
  maxGradNorm: 5,
  epochs: 4,
  minibatch: 4,
};

export function checkPpo(r: PpoRecipe): string[] {
  const errors: string[] = [];
  if (r.maxOuter < r.minOuter) errors.push(`recipe.maxOuter: must be ≥ minOuter (${r.minOuter})`);
  if (r.maxInner < r.minInner) errors.push(`recipe.maxInner: must be ≥ minInner (${r.minInner})`);
  return errors;
}
