/**
 * Resolve an optimizer entry of a spec to its update rule and its complete hyperparameters.
 *   learned ids (learned/kinds.ts registry)  → await loadLearnedRule(entry), or, with spec.fused,
 *                                             the kind's fused WebGPU rule (learned/kind.ts fused)
 *                                             or fused wasm rule (kernels/learnedWasm.ts)
 *   hand-designed, spec.fused               → kernels' fusedRuleFor(id, backend) (webgpu, wasm, cpu)
 *   otherwise                               → optim/registry's getRule(id)
 */

import type { Tensor } from '@tensorflow/tfjs-core';
import { getBackend } from '@tensorflow/tfjs-core';
import type { ExperimentSpec, OptimizerEntry } from '../experiment/schema';
import { LEARNED_WASM_KINDS } from '../kernels/learnedWasmCode';
import {
  fusedAvailable,
  fusedRule,
  fusedRuleFor,
  learnedFusedRule,
  learnedWasmRule,
  warmUpFused,
} from '../kernels/registry';
import { isLearnedKind, parseLearnedHyper } from '../learned/catalog';
import { learnedKindOf } from '../learned/kindRegistry';
import { defaultWeightsOf, loadLearnedOptimizer, loadLearnedRule } from '../learned/registry';
import type { Hyper } from '../optim/catalog';
import { getRule } from '../optim/registry';
import type { UpdateRule } from '../optim/types';
import { isOptimizerId, parseHyper } from '../optim/validate';
import type { KernelsInfo } from './types';

export function isLearnedId(id: string): boolean {
  return isLearnedKind(id);
}

/** The learned kind has a fused WebGPU step. */
function hasFused(id: string): boolean {
  return isLearnedKind(id) && learnedKindOf(id).fused !== undefined;
}

/**
 * The entry's hyperparameters with defaults filled in. Throws one message per problem naming
 * the field and the allowed range (the same messages as parseSpec), `where` prefixed.
 */
export function completeHyper(id: string, hyper: Hyper | undefined, where: string): Hyper {
  const r = isLearnedId(id) ? parseLearnedHyper(id, hyper ?? {}) : parseHyper(id, hyper ?? {});
  if (!r.ok) throw new Error(r.errors.map((e) => `${where}: ${e}`).join('; '));
  return r.value as Hyper;
}

export async function resolveRule(entry: OptimizerEntry, fused: boolean): Promise<UpdateRule> {
  if (isLearnedId(entry.id)) {
    // Racing (no meta-gradients needed): kinds with a fused WGSL step use it.
    if (fused && getBackend() === 'webgpu' && hasFused(entry.id)) {
      const weights = entry.weights ?? defaultWeightsOf(entry.id);
      const rule = learnedFusedRule((await loadLearnedOptimizer(entry.id, weights)).opt);
      if (rule) return rule;
    }
    if (fused && getBackend() === 'wasm') {
      const weights = entry.weights ?? defaultWeightsOf(entry.id);
      const rule = learnedWasmRule((await loadLearnedOptimizer(entry.id, weights)).opt);
      if (rule) return rule;
    }
    return loadLearnedRule(entry);
  }
  if (!isOptimizerId(entry.id)) throw new Error(`optimizer: unknown id '${entry.id}'`);
  return (fused ? fusedRuleFor(entry.id, getBackend()) : undefined) ?? getRule(entry.id);
}

/**
 * When the spec's hand-designed rules run as fused WebGPU kernels, compile their pipelines
 * before the first step (so the first step is not a shader compile), and say which path is used.
 */
export async function warmUpKernels(spec: ExperimentSpec, params: Tensor[]): Promise<KernelsInfo> {
  return { ...(await warmUp(spec, params)), available: fusedAvailable() };
}

async function warmUp(spec: ExperimentSpec, params: Tensor[]): Promise<KernelsInfo> {
  if (!spec.fused) return { path: 'ops', warmUpMs: 0 };
  if (getBackend() !== 'webgpu') {
    // wasm and cpu: the hand-designed rules' one-pass kernels need no compile; on wasm the
    // learned kinds (but LHOPT) run generated WebAssembly too.
    const wasm = getBackend() === 'wasm';
    const host = spec.optimizers.some(
      (o) =>
        (isOptimizerId(o.id) && fusedRuleFor(o.id, getBackend())) ||
        (wasm && (LEARNED_WASM_KINDS as readonly string[]).includes(o.id)),
    );
    return { path: host ? 'fused' : 'ops', warmUpMs: 0 };
  }
  const ids = spec.optimizers
    .map((o) => o.id)
    .filter(isOptimizerId)
    .filter((id) => fusedRule(id));
  if (ids.length === 0) {
    const learnedFused = spec.optimizers.some((o) => hasFused(o.id));
    return { path: learnedFused ? 'fused' : 'ops', warmUpMs: 0 };
  }
  const t0 = performance.now();
  await warmUpFused(
    ids,
    params.map((p) => p.shape),
  );
  return { path: 'fused', warmUpMs: Math.round(performance.now() - t0) };
}
