/**
 * The 'ppo' outer trainer's registry entry (pure: its recipe, ppoRecipe.ts, and a lazy loader
 * of its implementation, meta/ppo/outer.ts). Trains LHOPT's policy (docs/algorithms.md §5.4).
 */
import type { z } from 'zod';
import type { TrainerRecipeMeta } from '../outer';
import { checkPpo, PPO_DEFAULTS, type PpoRecipe, ppoSchema } from './ppoRecipe';

export const ppoTrainer: TrainerRecipeMeta<PpoRecipe> = {
  id: 'ppo',
  label: 'PPO (policy gradient)',
  description:
    'Proximal policy optimisation on whole training runs drawn from a task distribution; reward: log speedup over Adam.',
  schema: () => ppoSchema() as unknown as z.ZodType<PpoRecipe>,
  defaults: PPO_DEFAULTS,
  nested: [],
  check: checkPpo,
  load: async () => (await import('../ppo/outer')).ppoFactory,
};
