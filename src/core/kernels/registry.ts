import type { OptimizerId } from '../optim/catalog';
import type { UpdateRule } from '../optim/types';

/** The fused WebGPU version of a hand-designed rule, if one exists. Placeholder. */
export function fusedRule(_id: OptimizerId): UpdateRule | undefined {
  return undefined;
}
