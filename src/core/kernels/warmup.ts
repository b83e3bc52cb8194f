/**
 * Shader warm-up for the fused rules: compile every pipeline a run will use before its first
 * step, so the first frames are not stalled by compilation. The fused kernels' own pipelines
 * (step + finish) compile with createComputePipelineAsync; the few tfjs ops a step may still
 * run (zero rows when a variant adds a state slot) compile through tfjs's compile-only mode (WEBGPU_ENGINE_COMPILE_ONLY: run once, unset, then
 * await checkCompileCompletionAsync()). A no-op unless the active backend is webgpu.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Hyper, OptimizerId } from '../optim/catalog';
import type { UpdateRule } from '../optim/types';
import { parseHyper } from '../optim/validate';
import { makeFusedRule } from './fused';
import { activeWebGpu } from './gpu';
import { compilePipelineAsync } from './pipelines';
import { KERNEL_SPECS } from './specs';

/**
 * Compile the fused pipelines for these rules and parameter shapes. `hps` optionally gives
 * each rule's hyperparameters (they pick variants, e.g. RMSprop with or without momentum);
 * defaults otherwise. Resolves when everything is compiled; returns false when not on webgpu.
 */
export async function warmUpFused(
  ids: OptimizerId[],
  shapes: number[][],
  hps: Partial<Record<OptimizerId, Hyper>> = {},
): Promise<boolean> {
  const backend = activeWebGpu();
  if (!backend) return false;
  const unique = [...new Set(ids)];
  const hpOf = <I extends OptimizerId>(id: I) => {
    const r = parseHyper(id, hps[id] ?? {});
    if (!r.ok) throw new Error(`warm-up: ${r.errors.join('; ')}`);
    return r.value;
  };
  const slotsOf = <I extends OptimizerId>(id: I) => KERNEL_SPECS[id].slots(hpOf(id));
  await Promise.all(unique.map((id) => compilePipelineAsync(backend.device, KERNEL_SPECS[id], slotsOf(id))));
  const prev = tf.env().getBool('WEBGPU_ENGINE_COMPILE_ONLY');
  tf.env().set('WEBGPU_ENGINE_COMPILE_ONLY', true);
  try {
    for (const id of unique) {
      tf.tidy(() => {
        const rule: UpdateRule = makeFusedRule(KERNEL_SPECS[id]);
        const params = shapes.map((s) => tf.zeros(s));
        const grads = shapes.map((s) => tf.zeros(s));
        const state = rule.init(params, hpOf(id));
        rule.step(grads, state, params, hpOf(id));
      });
    }
  } finally {
    tf.env().set('WEBGPU_ENGINE_COMPILE_ONLY', prev);
  }
  await backend.checkCompileCompletionAsync();
  return true;
}
