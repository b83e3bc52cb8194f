/**
 * A tiny seeded DMOptimizer recipe on two 10-dim quadratics (6 steps in unrolls of 3, 2
 * meta-iterations): the meta-step tests' shared fixture; `over` replaces any field.
 */
import { parseRecipe, type Recipe } from '../../src/core/learned/catalog';

export function tinyDmRecipe(over: Record<string, unknown> = {}): Recipe {
  const r = parseRecipe({
    kind: 'dmoptimizer',
    task: { id: 'dm-quadratic', options: { problems: 2 } },
    steps: 6,
    unroll: 3,
    iterations: 2,
    metaLr: 1e-3,
    seed: 5,
    ...over,
  });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
}
