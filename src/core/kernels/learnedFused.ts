/**
 * Fused WebGPU inference for the coordinatewise learned optimizers whose kind has a `fused`
 * spec (learned/kind.ts; DMOptimizer and RNNprop):
 * `learnedFusedRule(opt)` is an UpdateRule with the same steps and probes as learnedRule(opt)
 * (src/core/learned/rule.ts) but one dispatch per parameter tensor (learnedShader.ts: each
 * invocation runs one coordinate's whole network step) plus the finish dispatch that turns the
 * per-workgroup Σ Δ² partials into updateNorm = ‖Δθ‖₂, in one compute pass (dispatch.ts). The meta-parameters
 * are copied into one storage buffer at the start of each step's command buffer (buffer-to-
 * buffer copies, no tfjs op: they are tf.Variables and may change between steps, e.g. while
 * meta-training).
 *
 * State: one slot `packed`, a [rows, n] tensor per parameter tensor (rows: learnedShader.ts),
 * not the reference's [N, H] per-layer tensors over all coordinates; it is for inference only
 * (no gradient w.r.t. φ flows through it).
 */
import type { Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { LearnedUniform } from '../learned/kind';
import { learnedKindOf } from '../learned/kindRegistry';
import { scaleOf } from '../learned/rule';
import type { LearnedOptimizer } from '../learned/types';
import type { OptState, StepResult, UpdateRule } from '../optim/types';
import { type Entry, type Plan, planFor, submitStep, uniformBlock } from './dispatch';
import { finishUniform } from './finishShader';
import { bufferOf, newOutput, requireWebGpu, toTensor, type WebGpuBackendLike, workgroupCap } from './gpu';
import { buildLearnedShader, LEARNED_UNIFORMS, type LearnedLayout, stateRows } from './learnedShader';
import { finishPipelineFor, pipelineForCode } from './pipelines';

const PACKED = 'packed';
const FINISH = { nReduced: 1, nSample: 0 };

/** The kernel layout of a learned optimizer, or null if its kind has no fused kernel. */
export function learnedLayoutOf(opt: LearnedOptimizer): LearnedLayout | null {
  const fused = learnedKindOf(opt.kind).fused;
  if (!fused) return null;
  const offsets: Record<string, number> = {};
  let at = 0;
  for (const d of opt.weights.defs) {
    offsets[d.name] = at;
    at += d.shape.reduce((x, y) => x * y, 1);
  }
  return { ...fused.layout(opt.architecture), offsets };
}

/** The step's scalar uniforms: the kind's own (fused.uniforms) over neutral defaults. */
function scalarsOf(opt: LearnedOptimizer, t: number, scale: number): number[] {
  const v: Record<LearnedUniform, number> = {
    b1: 0,
    omb1: 0,
    b2: 0,
    omb2: 0,
    bc1: 1,
    bc2: 1,
    eps: 0,
    scale,
    lp: 1,
    ep: 1,
    ...learnedKindOf(opt.kind).fused?.uniforms(opt.architecture, t),
  };
  return LEARNED_UNIFORMS.map((k) => v[k]);
}

/** The fused WebGPU rule of a learned optimizer, or undefined when its kind has none. */
export function learnedFusedRule(opt: LearnedOptimizer): UpdateRule | undefined {
  const layout = learnedLayoutOf(opt);
  if (!layout) return undefined;
  const rows = stateRows(layout);
  const what = `fused ${opt.kind}`;
  const key = `learned:${layout.kind}:${layout.hidden}:${layout.layers}:${layout.input0}:${JSON.stringify(layout.offsets)}`;
  return {
    id: opt.kind,
    init(params): OptState {
      return { t: 0, slots: { [PACKED]: params.map((p) => tf.zeros([rows, p.size])) } };
    },
    step(grads, state, params, hp): StepResult {
      const backend = requireWebGpu(what);
      if (grads.length !== params.length) {
        throw new Error(`${what}: ${grads.length} gradients, ${params.length} params`);
      }
      const old = state.slots[PACKED];
      if (!old || old.length !== params.length || old.some((s, i) => s.size !== rows * params[i].size)) {
        throw new Error(
          `${what}: state is not this rule's packed [${rows}, n] state (init it with this rule)`,
        );
      }
      const t = state.t + 1;
      const values = scalarsOf(opt, t, scaleOf(hp, opt));
      const plan = planFor(
        params.map((p) => p.size),
        workgroupCap(backend),
      );
      const work = params.map((p, i) => ({
        g: grads[i],
        p,
        s: old[i],
        p1: newOutput(backend, p.shape),
        s1: newOutput(backend, [rows, p.size]),
      }));
      const norm = newOutput(backend, []);
      encode(backend, key, layout, work, plan, opt.weights.list(), norm, values);
      return {
        params: work.map((d) => toTensor(backend, d.p1)),
        state: { t, slots: { [PACKED]: work.map((d) => toTensor(backend, d.s1)) } },
        probes: { updateNorm: toTensor(backend, norm) },
      };
    },
  };
}

function encode(
  backend: WebGpuBackendLike,
  key: string,
  layout: LearnedLayout,
  work: { g: TensorInfo; p: TensorInfo; s: TensorInfo; p1: TensorInfo; s1: TensorInfo }[],
  plan: Plan,
  weights: Tensor[],
  norm: TensorInfo,
  values: number[],
): void {
  const device = backend.device;
  const pipeline = pipelineForCode(device, key, `fused-${layout.kind}`, () => buildLearnedShader(layout));
  const dispatches = work.flatMap((d, i) => {
    const entries: Entry[] = [
      { binding: 1, resource: { buffer: bufferOf(backend, d.g) } },
      { binding: 2, resource: { buffer: bufferOf(backend, d.p) } },
      { binding: 3, resource: { buffer: bufferOf(backend, d.s) } },
      { binding: 4, resource: { buffer: bufferOf(backend, d.p1) } },
      { binding: 5, resource: { buffer: bufferOf(backend, d.s1) } },
    ];
    if (plan.sizes[i] === 0) return [];
    const header = [plan.sizes[i], plan.wgOffsets[i], plan.totalWg, plan.wg[i]];
    return [{ block: uniformBlock(header, 16, values), entries, workgroups: plan.wg[i] }];
  });
  const sources = weights.map((v) => ({ buffer: bufferOf(backend, v), floats: v.size }));
  submitStep(backend, {
    pipeline,
    dispatches,
    scratch: { floats: plan.totalWg, binding: 6 },
    staging: { binding: 7, sources },
    finish: {
      pipeline: finishPipelineFor(device, FINISH),
      block: finishUniform(plan.totalWg, 0, 0, plan.total, [0.5]),
      entries: [{ binding: 2, resource: { buffer: bufferOf(backend, norm) } }],
      workgroups: 1,
    },
  });
}
