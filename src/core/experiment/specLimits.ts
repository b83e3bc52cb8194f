/** Limits and schemas of the spec's scalar fields (schema.ts re-exports the limits). */
import { z } from 'zod';

export const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendPref = (typeof BACKENDS)[number];
export const MAX_OPTIMIZERS = 16;
export const MAX_STEPS = 100_000;
/** Most seeds one experiment may average over (each seed is a full run of every optimizer). */
export const MAX_SEEDS = 32;

export const stepsSchema = z
  .number({ error: `must be an integer in [1, ${MAX_STEPS}]` })
  .int({ error: `must be an integer in [1, ${MAX_STEPS}]` })
  .min(1, { error: `must be ≥ 1 (allowed [1, ${MAX_STEPS}])` })
  .max(MAX_STEPS, { error: `must be ≤ ${MAX_STEPS} (allowed [1, ${MAX_STEPS}])` });
export const seedSchema = z
  .number({ error: 'must be an integer in [0, 4294967295]' })
  .int({ error: 'must be an integer in [0, 4294967295]' })
  .min(0, { error: 'must be ≥ 0 (allowed [0, 4294967295])' })
  .max(4294967295, { error: 'must be ≤ 4294967295' });
export const seedsSchema = z
  .number({ error: `must be an integer in [1, ${MAX_SEEDS}]` })
  .int({ error: `must be an integer in [1, ${MAX_SEEDS}]` })
  .min(1, { error: `must be ≥ 1 (allowed [1, ${MAX_SEEDS}])` })
  .max(MAX_SEEDS, { error: `must be ≤ ${MAX_SEEDS} (allowed [1, ${MAX_SEEDS}])` });
export const backendSchema = z.enum(BACKENDS, { error: `must be one of ${BACKENDS.join(', ')}` });
