/**
 * Fused versions of the twelve hand-designed rules, from one kernel spec each (specs.ts):
 * WGSL on webgpu (fused.ts), one registered one-pass kernel on wasm and cpu (hostFused.ts).
 * The runner uses `fusedRuleFor(id, backend)` when spec.fused is set; the plain-ops rules in
 * src/core/optim stay the reference and the fallback everywhere else (webgl).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerId } from '../optim/catalog';
import type { UpdateRule } from '../optim/types';
import { makeFusedRule } from './fused';
import { activeWebGpu } from './gpu';
import { makeHostFusedRule } from './hostFused';
import { isHostBackend } from './hostMemory';
import { jsCodegenAllowed } from './loopCode';
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

const hostCache = new Map<string, UpdateRule>();

/** The fused rule of a hand-designed optimizer for a backend, if it has one (webgpu, wasm, cpu). */
export function fusedRuleFor(id: OptimizerId, backend: string): UpdateRule | undefined {
  if (backend === 'webgpu') return fusedRule(id);
  if (!isHostBackend(backend)) return undefined;
  // The cpu kernel is a generated JS loop: refused under a CSP without JS eval (the page's).
  if (backend === 'cpu' && !jsCodegenAllowed()) return undefined;
  const key = `${backend}:${id}`;
  let rule = hostCache.get(key);
  if (!rule) {
    rule = makeHostFusedRule(KERNEL_SPECS[id], backend);
    hostCache.set(key, rule);
  }
  return rule;
}

/** True when fused kernels can run now (the active tfjs backend is webgpu, wasm or cpu). */
export function fusedAvailable(): boolean {
  const b = tf.getBackend();
  return activeWebGpu() !== null || (isHostBackend(b) && (b !== 'cpu' || jsCodegenAllowed()));
}

/**
 * The fused WebGPU inference rule of a learned optimizer (DMOptimizer, RNNprop), or undefined
 * for kinds without one; the runner may use it in place of learnedRule(opt) on webgpu.
 */
export { learnedFusedRule } from './learnedFused';
/** The fused wasm inference rule of a coordinatewise learned optimizer (learnedWasm.ts), or undefined. */
export { learnedWasmRule } from './learnedWasm';
export { warmUpFused } from './warmup';
