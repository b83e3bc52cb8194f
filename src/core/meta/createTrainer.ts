/**
 * Create the outer trainer a recipe names (trainers/catalog.ts; its implementation is
 * imported on first use). Hosts (meta/session.ts, the CLI) call this and hold the result as
 * an OuterTrainer.
 */
import type { TaskEnv } from '../tasks/registry';
import type { OuterTrainer, TrainerInit } from './outer';
import { type Recipe, TRAINER_IDS, trainerOf } from './trainers/catalog';

export async function createOuterTrainer(
  recipe: Recipe,
  env: TaskEnv,
  init: TrainerInit = {},
): Promise<OuterTrainer<Recipe>> {
  const t = trainerOf(recipe.trainer);
  if (!t) throw new Error(`recipe.trainer: unknown '${recipe.trainer}'; valid: ${TRAINER_IDS.join(', ')}`);
  const factory = await t.load();
  return (await factory.create(recipe, env, init)) as OuterTrainer<Recipe>;
}
