/**
 * Meta-training recipes (pure data, no tfjs): defaults per learned kind and outer trainer,
 * validation of a (possibly partial) recipe, and migration of recipes saved before the
 * `trainer` field existed (they are all truncated BPTT). The recipe is a discriminated union
 * keyed on `trainer` (trainers/catalog.ts).
 */
import { z } from 'zod';
import { describeIssues, type Parsed } from '../experiment/errors';
import { LEARNED_KIND_IDS, learnedMetaOf } from '../learned/kinds';
import { type Recipe, TRAINER_IDS, trainerOf } from './trainers/catalog';

export const DEFAULT_TRAINER = 'bptt';

const isObj = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Merge `over` onto `base`, one level deep for the keys in `nested`. */
function mergeRecipe(
  base: object,
  over: Record<string, unknown>,
  nested: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base, ...over };
  for (const k of ['task', ...nested]) {
    const b = (base as Record<string, unknown>)[k];
    if (isObj(b)) out[k] = { ...b, ...(isObj(over[k]) ? over[k] : {}) };
  }
  return out;
}

/** Kinds that have a default recipe for `trainer`. */
export function kindsFor(trainer: string): string[] {
  return LEARNED_KIND_IDS.filter((k) => learnedMetaOf(k)?.defaultRecipes[trainer]);
}

/** Trainers a kind supports (those it has a default recipe for). */
export function trainersFor(kind: string): string[] {
  const m = learnedMetaOf(kind);
  return m ? TRAINER_IDS.filter((t) => m.defaultRecipes[t]) : [];
}

/** The default recipe of `kind` for `trainer` (the kind's first supported trainer by default). */
export function defaultRecipe(kind: string, trainer?: string): Recipe {
  const meta = learnedMetaOf(kind);
  if (!meta) throw new Error(`unknown learned kind '${kind}'; valid: ${LEARNED_KIND_IDS.join(', ')}`);
  const id = trainer ?? trainersFor(kind)[0] ?? DEFAULT_TRAINER;
  const t = trainerOf(id);
  const own = meta.defaultRecipes[id];
  if (!t || !own) throw new Error(`learned kind '${kind}' has no recipe for trainer '${id}'`);
  return {
    ...mergeRecipe(t.defaults, own as Record<string, unknown>, t.nested),
    trainer: id,
    kind,
  } as Recipe;
}

/** Recipes saved before outer trainers existed have no `trainer`: they are truncated BPTT. */
export function migrateRecipe(raw: unknown): unknown {
  if (!isObj(raw) || raw.trainer !== undefined) return raw;
  return { trainer: DEFAULT_TRAINER, ...raw };
}

/** The zod schema of every registered trainer's recipe, as one union keyed on `trainer`. */
export function recipeUnionSchema(): z.ZodType<Recipe> {
  const schemas = TRAINER_IDS.map((id) => trainerOf(id)!.schema());
  return (schemas.length === 1
    ? schemas[0]
    : z.union(schemas as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]])) as unknown as z.ZodType<Recipe>;
}

/** The recipe schema of one trainer (a strict object: its fields drive the Meta-train form). */
export function recipeSchemaOf(trainer: string): z.ZodObject {
  const t = trainerOf(trainer);
  if (!t) throw new Error(`recipe.trainer: unknown '${trainer}'; valid: ${TRAINER_IDS.join(', ')}`);
  return t.schema() as unknown as z.ZodObject;
}

/** Validate a (possibly partial) recipe over its kind's defaults; errors name `recipe.<field>`. */
export function parseRecipe(raw: unknown): Parsed<Recipe> {
  const obj = (isObj(raw) ? migrateRecipe(raw) : { trainer: DEFAULT_TRAINER }) as Record<string, unknown>;
  const trainerId = typeof obj.trainer === 'string' ? obj.trainer : '';
  const t = trainerOf(trainerId);
  if (!t) {
    return { ok: false, errors: [`recipe.trainer: must be one of ${TRAINER_IDS.join(', ')}`] };
  }
  const kinds = kindsFor(t.id);
  const kind = typeof obj.kind === 'string' && kinds.includes(obj.kind) ? obj.kind : kinds[0];
  const base = kind ? defaultRecipe(kind, t.id) : { ...t.defaults, trainer: t.id };
  const res = t.schema().safeParse(mergeRecipe(base, obj, t.nested));
  if (!res.success) return { ok: false, errors: describeIssues(res.error, 'recipe') };
  const errors = t.check?.(res.data) ?? [];
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: res.data as Recipe };
}
