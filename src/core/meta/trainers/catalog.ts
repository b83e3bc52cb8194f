/**
 * The outer trainers (pure registry: recipes and lazy loaders, no tfjs). One line per
 * trainer below, plus its recipe type in TrainerRecipes (a trainer file may instead add it
 * with `declare module './catalog' { interface TrainerRecipes { id: MyRecipe } }`).
 * Tests and extensions add trainers at run time with registerTrainer.
 */
import type { TrainerRecipeMeta } from '../outer';
import type { RecipeBase } from '../recipeBase';
import { bpttTrainer } from './bptt';
import type { BpttRecipe } from './bpttRecipe';
import { ppoTrainer } from './ppo';

/** Recipe type per trainer id: the Recipe union is keyed on `trainer`. */
export interface TrainerRecipes {
  bptt: BpttRecipe;
}
export type Recipe = TrainerRecipes[keyof TrainerRecipes];

const trainers = new Map<string, TrainerRecipeMeta>();
/** Trainer ids in registration order (live). */
export const TRAINER_IDS: string[] = [];

export function registerTrainer<R extends RecipeBase>(meta: TrainerRecipeMeta<R>): void {
  if (!trainers.has(meta.id)) TRAINER_IDS.push(meta.id);
  trainers.set(meta.id, meta as unknown as TrainerRecipeMeta);
}

export function trainerOf(id: string): TrainerRecipeMeta | undefined {
  return trainers.get(id);
}

registerTrainer(bpttTrainer);
// PPO recipes are registered but kept out of the Recipe type: the BPTT hosts narrow on it.
registerTrainer(ppoTrainer);
