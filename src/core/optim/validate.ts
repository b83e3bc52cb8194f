import { z } from 'zod';
import { describeIssues, type Parsed } from '../experiment/errors';
import {
  HYPER_SPECS,
  type Hyper,
  type HyperOf,
  hyperNamesOf,
  OPTIMIZER_IDS,
  OPTIMIZERS,
  type OptimizerId,
} from './catalog';

function numberIn(name: keyof typeof HYPER_SPECS) {
  const { min, max } = HYPER_SPECS[name];
  const range = `allowed range is [${min}, ${max}]`;
  return z
    .number({ error: `must be a number; ${range}` })
    .refine(Number.isFinite, { message: `must be finite; ${range}` })
    .refine((x) => x >= min && x <= max, { message: `out of range; ${range}` });
}

const schemas = new Map<OptimizerId, z.ZodType<Hyper>>();

/** The zod schema of one optimizer's hyperparameters: known names only, each within its range. */
export function hyperSchema(id: OptimizerId): z.ZodType<Hyper> {
  let s = schemas.get(id);
  if (!s) {
    const shape: Record<string, z.ZodType<number | undefined>> = {};
    for (const name of hyperNamesOf(id)) shape[name] = numberIn(name).optional();
    s = z.strictObject(shape);
    schemas.set(id, s);
  }
  return s;
}

export function isOptimizerId(id: string): id is OptimizerId {
  return (OPTIMIZER_IDS as readonly string[]).includes(id);
}

/**
 * The one place a hand-designed optimizer's hyperparameters are validated and completed:
 * known names only, each within its range, defaults filled in, giving the complete typed
 * record its update rule receives (`HyperOf<id>`). Errors name the field (e.g. `adamod.beta3`)
 * and its allowed range, or list the valid names for an unknown one. The spec parser
 * (experiment/schema.ts) and the runner (run/rules.ts completeHyper) both call it.
 */
export function parseHyper<I extends OptimizerId>(id: I, raw: unknown): Parsed<HyperOf<I>>;
export function parseHyper(id: string, raw: unknown): Parsed<HyperOf<OptimizerId>>;
export function parseHyper(id: string, raw: unknown): Parsed<HyperOf<OptimizerId>> {
  if (!isOptimizerId(id)) {
    return { ok: false, errors: [`unknown optimizer '${id}'; valid: ${OPTIMIZER_IDS.join(', ')}`] };
  }
  const res = hyperSchema(id).safeParse(raw ?? {});
  if (!res.success) {
    const valid = hyperNamesOf(id).join(', ');
    return {
      ok: false,
      errors: describeIssues(res.error, id).map((m) =>
        m.includes('Unrecognized key') ? `${m}; valid for ${id}: ${valid}` : m,
      ),
    };
  }
  return { ok: true, value: { ...OPTIMIZERS[id].defaults, ...res.data } as HyperOf<OptimizerId> };
}
