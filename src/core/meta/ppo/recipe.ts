/**
 * Parse a (partial) LHOPT PPO recipe over the defaults (trainers/ppoRecipe.ts); errors name
 * `recipe.<field>` and the allowed range.
 */
import type { Parsed } from '../../experiment/errors';
import { parseRecipe } from '../recipe';
import type { PpoRecipe } from '../trainers/ppoRecipe';

export type { PpoRecipe } from '../trainers/ppoRecipe';

export function parsePpoRecipe(raw: unknown): Parsed<PpoRecipe> {
  const obj = typeof raw === 'object' && raw !== null ? raw : {};
  const r = parseRecipe({ ...obj, trainer: 'ppo', kind: 'lhopt' });
  return r.ok ? { ok: true, value: r.value as unknown as PpoRecipe } : r;
}

export function defaultPpoRecipe(): PpoRecipe {
  const r = parsePpoRecipe({});
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
}
