import type { UpdateRule } from '../optim/types';
import type { OptimizerEntry } from '../spec/schema';

/** Build the update rule of a learned optimizer entry (loads its weights). Placeholder. */
export async function loadLearnedRule(entry: OptimizerEntry): Promise<UpdateRule> {
  throw new Error(`learned optimizer '${entry.id}' is not available`);
}
