/**
 * Learned optimizers' metadata (pure data, no tfjs): ids, labels, hyperparameters.
 * Placeholder until the learned-optimizer work fills it; the spec schema reads it.
 */
import type { Parsed } from '../spec/errors';

export const LEARNED_IDS: readonly string[] = [];

export function parseLearnedHyper(id: string, _raw: unknown): Parsed<Record<string, number>> {
  return { ok: false, errors: [`unknown optimizer '${id}'`] };
}
