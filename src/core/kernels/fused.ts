/**
 * A fused WebGPU update rule: the whole step of a hand-designed rule in one dispatch per
 * parameter tensor plus one "finish" dispatch (finishShader.ts) that reduces the kernel's
 * per-workgroup partials and sorts its strided samples into the probes: one compute pass,
 * one command buffer, one uniform buffer per step (dispatch.ts), and no tfjs op (host-known
 * scalar probes aside, which are CPU-side tf.scalar values).
 *
 * State: packed.ts (one [S, n] tensor per parameter, rows named by the slot key). Probes have
 * the reference's names and meanings: updateNorm (√ of the summed partials), `<x>Quantiles`
 * (bitonic sort of the same strided subsample as the reference, interpolated like
 * optim/probes.ts quantilesOf), fractions (summed counts / N), host scalars (AdaBound bounds).
 */

import type { TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { HyperOf, OptimizerId } from '../optim/catalog';
import { PROBE_QUANTILES } from '../optim/probes';
import type { OptState, Probes, StepResult, UpdateRule } from '../optim/types';
import { type Entry, type Plan, planFor, submitStep, uniformBlock } from './dispatch';
import { finishUniform } from './finishShader';
import { bufferOf, newOutput, requireWebGpu, toTensor, type WebGpuBackendLike, workgroupCap } from './gpu';
import { adaptRows, initPacked, packedOf, packedState } from './packed';
import { finishPipelineFor, pipelineFor } from './pipelines';
import { type KernelSpec, sampleProbeName, uniformValues } from './specs';

/** Bytes moved per step by the fused kernel (reads g, θ, S rows; writes θ′, S rows). */
export function fusedBytesPerStep<I extends OptimizerId>(
  spec: KernelSpec<I>,
  hp: HyperOf<I>,
  n: number,
): number {
  const s = spec.slots(hp).length;
  return 4 * n * (2 + s + 1 + s);
}

interface Work {
  g: TensorInfo;
  p: TensorInfo;
  s?: TensorInfo;
  p1: TensorInfo;
  s1?: TensorInfo;
}

/** The probe outputs the finish kernel writes: N (updateNorm), F (fraction), Q (per sample). */
interface ProbeOutputs {
  norm: TensorInfo;
  fraction?: TensorInfo;
  quantiles: TensorInfo[];
}

/** Record and submit the step: a dispatch per non-empty tensor, then the finish dispatch. */
function encode(
  backend: WebGpuBackendLike,
  spec: KernelSpec,
  slots: string[],
  plan: Plan,
  work: Work[],
  outs: ProbeOutputs,
  values: number[],
): void {
  const { pipeline, layout } = pipelineFor(backend.device, spec, slots);
  const sampleBase = layout.reduced.length * plan.totalWg;
  // Resolve (and upload) every buffer before tfjs's queue is flushed.
  const dispatches = work.flatMap((d, i) => {
    const entries: Entry[] = [
      { binding: 1, resource: { buffer: bufferOf(backend, d.g) } },
      { binding: 2, resource: { buffer: bufferOf(backend, d.p) } },
      { binding: 4, resource: { buffer: bufferOf(backend, d.p1) } },
    ];
    if (d.s && d.s1) {
      entries.push(
        { binding: 3, resource: { buffer: bufferOf(backend, d.s) } },
        { binding: 5, resource: { buffer: bufferOf(backend, d.s1) } },
      );
    }
    if (plan.sizes[i] === 0) return [];
    const offset = plan.sizes.slice(0, i).reduce((a, b) => a + b, 0);
    const header = [plan.sizes[i], offset, plan.wgOffsets[i], plan.totalWg];
    header.push(plan.stride, plan.count, sampleBase, plan.wg[i]);
    return [{ block: uniformBlock(header, 32, values), entries, workgroups: plan.wg[i] }];
  });
  const finishEntries: Entry[] = [{ binding: 2, resource: { buffer: bufferOf(backend, outs.norm) } }];
  if (outs.fraction)
    finishEntries.push({ binding: 3, resource: { buffer: bufferOf(backend, outs.fraction) } });
  outs.quantiles.forEach((q, k) => {
    finishEntries.push({ binding: 4 + k, resource: { buffer: bufferOf(backend, q) } });
  });
  submitStep(backend, {
    pipeline,
    dispatches,
    scratch: { floats: sampleBase + layout.sample.length * plan.count, binding: 6 },
    finish: {
      pipeline: finishPipelineFor(backend.device, spec),
      block: finishUniform(plan.totalWg, plan.count, sampleBase, plan.total, PROBE_QUANTILES),
      entries: finishEntries,
      workgroups: 1 + outs.quantiles.length,
    },
  });
}

function newProbeOutputs(backend: WebGpuBackendLike, spec: KernelSpec): ProbeOutputs {
  return {
    norm: newOutput(backend, []),
    fraction: spec.fraction ? newOutput(backend, []) : undefined,
    quantiles: (spec.sample ?? []).map(() => newOutput(backend, [PROBE_QUANTILES.length])),
  };
}

function probesOf<I extends OptimizerId>(
  backend: WebGpuBackendLike,
  spec: KernelSpec<I>,
  hp: HyperOf<I>,
  t: number,
  outs: ProbeOutputs,
): Probes {
  const probes: Probes = { updateNorm: toTensor(backend, outs.norm) };
  if (spec.fraction && outs.fraction) probes[spec.fraction.name] = toTensor(backend, outs.fraction);
  (spec.sample ?? []).forEach((expr, k) => {
    probes[sampleProbeName(expr)] = toTensor(backend, outs.quantiles[k]);
  });
  for (const [name, x] of Object.entries(spec.hostProbes?.(hp, t) ?? {})) probes[name] = tf.scalar(x);
  return probes;
}

export function makeFusedRule<I extends OptimizerId>(spec: KernelSpec<I>): UpdateRule<HyperOf<I>> {
  const what = `fused ${spec.id}`;
  return {
    id: spec.id,
    init: (params, hp): OptState => initPacked(params, spec.slots(hp)),
    step(grads, state, params, hp): StepResult {
      const backend = requireWebGpu(what);
      if (grads.length !== params.length)
        throw new Error(`${what}: ${grads.length} gradients, ${params.length} params`);
      const t = state.t + 1;
      const slots = spec.slots(hp);
      const plan = planFor(
        params.map((p) => p.size),
        workgroupCap(backend),
      );
      const old = packedOf(state);
      const work: Work[] = params.map((p, i) => ({
        g: grads[i],
        p,
        s: adaptRows(old.tensors[i], old.rows, slots, plan.sizes[i]),
        p1: newOutput(backend, p.shape),
        s1: slots.length > 0 ? newOutput(backend, [slots.length, plan.sizes[i]]) : undefined,
      }));
      const outs = newProbeOutputs(backend, spec);
      encode(backend, spec, slots, plan, work, outs, uniformValues(spec, hp, t));
      const next = packedState(
        t,
        slots,
        work.flatMap((d) => (d.s1 ? [toTensor(backend, d.s1)] : [])),
      );
      return {
        params: work.map((d) => toTensor(backend, d.p1)),
        state: next,
        probes: probesOf(backend, spec, hp, t, outs),
      };
    },
  };
}
