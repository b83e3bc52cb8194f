/**
 * Fused WebGPU versions of the twelve hand-designed rules (see fused.ts, specs.ts). The runner
 * uses `fusedRule(id)` when spec.fused is set and the active backend is webgpu; the plain-ops
 * rules in src/core/optim stay the reference and the fallback everywhere else.
 */
import type { OptimizerId } from '../optim/catalog';
import type { UpdateRule } from '../optim/types';
import { makeFusedRule } from './fused';
import { activeWebGpu } from './gpu';
import { KERNEL_SPECS } from './specs';

const cache = new Map<OptimizerId, UpdateRule>();

/** The fused WebGPU version of a hand-designed rule, if one exists for this id. */
export function fusedRule(id: OptimizerId): UpdateRule | undefined {
  const spec = KERNEL_SPECS[id];
  if (!spec) return undefined;
  let rule = cache.get(id);
  if (!rule) {
    rule = makeFusedRule(spec);
    cache.set(id, rule);
  }
  return rule;
}

/** True when fused kernels can run now (the active tfjs backend is webgpu). */
export function fusedAvailable(): boolean {
  return activeWebGpu() !== null;
}

/**
 * The fused WebGPU inference rule of a learned optimizer (DMOptimizer, RNNprop), or undefined
 * for kinds without one; the runner may use it in place of learnedRule(opt) on webgpu.
 */
export { learnedFusedRule } from './learnedFused';
export { warmUpFused } from './warmup';
