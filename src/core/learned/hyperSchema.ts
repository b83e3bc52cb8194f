/**
 * Hyperparameter schemas of the learned kinds (pure): `lr` is the output scale (DM's ×0.1,
 * RNNprop's α; the weights were meta-trained with the default, so changing it extrapolates),
 * validated over the shared range of optim/catalog.ts HYPER_SPECS.lr. A kind adds its own
 * fields (e.g. VHAdam's `sample`).
 */
import { z } from 'zod';
import { HYPER_SPECS } from '../optim/catalog';

const lrSpec = HYPER_SPECS.lr;
const range = `allowed range is [${lrSpec.min}, ${lrSpec.max}]`;

/** The output-scale field. */
export const lrField = z
  .number({ error: `must be a number; ${range}` })
  .refine(Number.isFinite, { message: `must be finite; ${range}` })
  .refine((x) => x >= lrSpec.min && x <= lrSpec.max, { message: `out of range; ${range}` });

/** A switch that is 0 or 1. */
export const switchField = (what: string) => z.union([z.literal(0), z.literal(1)], { error: what });

/** A strict object of optional fields: `lr` plus the kind's own. */
export function learnedHyperSchema(extra: Record<string, z.ZodType<number>> = {}) {
  const shape: Record<string, z.ZodOptional<z.ZodType<number>>> = { lr: lrField.optional() };
  for (const [k, v] of Object.entries(extra)) shape[k] = v.optional();
  return z.strictObject(shape);
}
