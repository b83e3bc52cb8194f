/**
 * A fused WebGPU update rule: the whole step of a hand-designed rule in one dispatch per
 * parameter tensor plus one "finish" dispatch (finishShader.ts) that reduces the kernel's
 * per-workgroup partials and sorts its strided samples into the probes: one compute pass,
 * one command buffer, one uniform buffer per step, and no tfjs op (host-known scalar probes
 * aside, which are CPU-side tf.scalar values).
 *
 * State: one slot `packed`, a [S, n] tensor per parameter whose rows are the reference
 * rule's slots in the order the spec lists them (e.g. Adam: rows m, v). `toReferenceState` /
 * `fromReferenceState` convert. Probes have the reference's names and meanings: updateNorm
 * (√ of the summed partials), `<x>Quantiles` (bitonic sort of the same strided subsample as
 * the reference, interpolated like optim/probes.ts quantilesOf), fractions (summed counts / N),
 * host scalars (AdaBound bounds).
 */

import type { Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { Hyper } from '../optim/catalog';
import { PROBE_QUANTILES, QUANTILE_SAMPLE_MAX } from '../optim/probes';
import type { OptState, Probes, StepResult, UpdateRule } from '../optim/types';
import { finishUniform } from './finishShader';
import {
  bufferOf,
  compileOnly,
  flushTfjs,
  type GpuBuffer,
  newOutput,
  requireWebGpu,
  toTensor,
  USAGE,
  type WebGpuBackendLike,
  workgroupCap,
} from './gpu';
import { finishPipelineFor, pipelineFor } from './pipelines';
import { WORKGROUP } from './shader';
import { type KernelSpec, sampleProbeName } from './specs';

export const PACKED = 'packed';

/** Geometry of one step over a list of tensors. */
export interface Plan {
  sizes: number[];
  total: number;
  stride: number;
  count: number;
  wg: number[];
  wgOffsets: number[];
  totalWg: number;
}

export function planFor(sizes: number[], maxWg = 8192): Plan {
  const total = sizes.reduce((a, b) => a + b, 0);
  const stride = Math.max(1, Math.ceil(total / QUANTILE_SAMPLE_MAX));
  const count = Math.ceil(total / stride);
  const wg = sizes.map((n) => (n === 0 ? 0 : Math.min(maxWg, Math.ceil(n / WORKGROUP))));
  const wgOffsets: number[] = [];
  let acc = 0;
  for (const w of wg) {
    wgOffsets.push(acc);
    acc += w;
  }
  return { sizes, total, stride, count, wg, wgOffsets, totalWg: Math.max(1, acc) };
}

/** Bytes moved per step by the fused kernel (reads g, θ, S rows; writes θ′, S rows). */
export function fusedBytesPerStep(spec: KernelSpec, hp: Hyper, n: number): number {
  const s = spec.slots(hp).length;
  return 4 * n * (2 + s + 1 + s);
}

/** Rows of a packed state tensor for this variant: reuse, add zero rows, or drop rows. */
function adaptPacked(old: Tensor | undefined, have: string[], want: string[], n: number): Tensor | undefined {
  if (want.length === 0) return undefined;
  if (old && have.join(',') === want.join(',')) return old;
  const rows = want.map((name) => {
    const k = have.indexOf(name);
    return old && k >= 0 ? tf.slice(tf.reshape(old, [have.length, n]), [k, 0], [1, n]) : tf.zeros([1, n]);
  });
  return rows.length === 1 ? rows[0] : tf.concat(rows, 0);
}

/** Bytes between uniform blocks in the step's one uniform buffer (minUniformBufferOffsetAlignment). */
const UNIFORM_ALIGN = 256;

function uniformBlock(plan: Plan, i: number, sampleBase: number, values: number[]): ArrayBuffer {
  const nVec = Math.max(1, Math.ceil(values.length / 4));
  const buf = new ArrayBuffer(32 + 16 * nVec);
  new Uint32Array(buf, 0, 8).set([
    plan.sizes[i],
    plan.sizes.slice(0, i).reduce((a, b) => a + b, 0),
    plan.wgOffsets[i],
    plan.totalWg,
    plan.stride,
    plan.count,
    sampleBase,
    plan.wg[i],
  ]);
  new Float32Array(buf, 32, values.length).set(values);
  return buf;
}

/** All of a step's uniform blocks (one per dispatched tensor, then the finish block), aligned. */
function packUniforms(blocks: ArrayBuffer[]): { data: ArrayBuffer; offsets: number[] } {
  const offsets = blocks.map((_, k) => k * UNIFORM_ALIGN);
  const last = blocks[blocks.length - 1];
  const data = new ArrayBuffer(offsets[offsets.length - 1] + last.byteLength);
  const bytes = new Uint8Array(data);
  blocks.forEach((b, k) => {
    bytes.set(new Uint8Array(b), offsets[k]);
  });
  return { data, offsets };
}

interface Dispatch {
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

type Entry = { binding: number; resource: { buffer: GpuBuffer; offset?: number; size?: number } };

/**
 * Record the step: one compute pass with a dispatch per non-empty tensor, then the finish
 * dispatch (probes), in one command encoder, one uniform buffer and one scratch buffer.
 */
function encode(
  backend: WebGpuBackendLike,
  spec: KernelSpec,
  slots: string[],
  plan: Plan,
  work: Dispatch[],
  outs: ProbeOutputs,
  values: number[],
): void {
  const device = backend.device;
  const { pipeline, layout } = pipelineFor(device, spec, slots);
  const finish = finishPipelineFor(device, spec);
  const sampleBase = layout.reduced.length * plan.totalWg;
  const scratchFloats = Math.max(1, sampleBase + layout.sample.length * plan.count);
  // Resolve (and upload) every buffer before flushing tfjs's queue.
  const bound = work.map((d) => ({
    g: bufferOf(backend, d.g),
    p: bufferOf(backend, d.p),
    s: d.s ? bufferOf(backend, d.s) : undefined,
    p1: bufferOf(backend, d.p1),
    s1: d.s1 ? bufferOf(backend, d.s1) : undefined,
  }));
  const outBufs = {
    norm: bufferOf(backend, outs.norm),
    fraction: outs.fraction ? bufferOf(backend, outs.fraction) : undefined,
    quantiles: outs.quantiles.map((q) => bufferOf(backend, q)),
  };
  if (compileOnly()) return;
  flushTfjs(backend);
  const live = bound.map((_, i) => i).filter((i) => plan.sizes[i] > 0);
  const blocks = live.map((i) => uniformBlock(plan, i, sampleBase, values));
  blocks.push(finishUniform(plan.totalWg, plan.count, sampleBase, plan.total, PROBE_QUANTILES));
  const { data, offsets } = packUniforms(blocks);
  const u = backend.bufferManager.acquireBuffer(data.byteLength, USAGE.UNIFORM | USAGE.COPY_DST);
  device.queue.writeBuffer(u, 0, data);
  const r = backend.bufferManager.acquireBuffer(
    4 * scratchFloats,
    USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST,
  );
  const uni = (k: number): Entry => ({
    binding: 0,
    resource: { buffer: u, offset: offsets[k], size: blocks[k].byteLength },
  });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  live.forEach((i, k) => {
    const b = bound[i];
    const entries: Entry[] = [
      uni(k),
      { binding: 1, resource: { buffer: b.g } },
      { binding: 2, resource: { buffer: b.p } },
      { binding: 4, resource: { buffer: b.p1 } },
      { binding: 6, resource: { buffer: r } },
    ];
    if (b.s && b.s1) {
      entries.push({ binding: 3, resource: { buffer: b.s } }, { binding: 5, resource: { buffer: b.s1 } });
    }
    pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries }));
    pass.dispatchWorkgroups(plan.wg[i]);
  });
  const fin: Entry[] = [
    uni(live.length),
    { binding: 1, resource: { buffer: r } },
    { binding: 2, resource: { buffer: outBufs.norm } },
  ];
  if (outBufs.fraction) fin.push({ binding: 3, resource: { buffer: outBufs.fraction } });
  outBufs.quantiles.forEach((q, k) => {
    fin.push({ binding: 4 + k, resource: { buffer: q } });
  });
  pass.setPipeline(finish);
  pass.setBindGroup(0, device.createBindGroup({ layout: finish.getBindGroupLayout(0), entries: fin }));
  pass.dispatchWorkgroups(1 + outBufs.quantiles.length);
  pass.end();
  device.queue.submit([encoder.finish()]);
  // Reuse is ordered after the submitted work on the queue timeline.
  backend.bufferManager.releaseBuffer(u);
  backend.bufferManager.releaseBuffer(r);
}

function newProbeOutputs(backend: WebGpuBackendLike, spec: KernelSpec): ProbeOutputs {
  return {
    norm: newOutput(backend, []),
    fraction: spec.fraction ? newOutput(backend, []) : undefined,
    quantiles: (spec.sample ?? []).map(() => newOutput(backend, [PROBE_QUANTILES.length])),
  };
}

function probesOf(
  backend: WebGpuBackendLike,
  spec: KernelSpec,
  hp: Hyper,
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

export function makeFusedRule(spec: KernelSpec): UpdateRule {
  const what = `fused ${spec.id}`;
  return {
    id: spec.id,
    init(params, hp): OptState {
      const slots = spec.slots(hp);
      if (slots.length === 0) return { t: 0, slots: {} };
      return { t: 0, slots: { [PACKED]: params.map((p) => tf.zeros([slots.length, p.size])) } };
    },
    step(grads, state, params, hp): StepResult {
      const backend = requireWebGpu(what);
      if (grads.length !== params.length)
        throw new Error(`${what}: ${grads.length} gradients, ${params.length} params`);
      const t = state.t + 1;
      const slots = spec.slots(hp);
      const values = spec.values(hp, t);
      const plan = planFor(
        params.map((p) => p.size),
        workgroupCap(backend),
      );
      const old = state.slots[PACKED] ?? [];
      const oldRows = (i: number) => (old[i] ? old[i].size / Math.max(1, plan.sizes[i]) : 0);
      const haveSlots = (i: number) =>
        spec.slots({ ...hp, momentum: oldRows(i) > 1 ? 1 : 0 }).slice(0, oldRows(i));
      const work: Dispatch[] = params.map((p, i) => {
        const s = adaptPacked(old[i], haveSlots(i), slots, plan.sizes[i]);
        return {
          g: grads[i],
          p,
          s,
          p1: newOutput(backend, p.shape),
          s1: slots.length > 0 ? newOutput(backend, [slots.length, plan.sizes[i]]) : undefined,
        };
      });
      const outs = newProbeOutputs(backend, spec);
      encode(backend, spec, slots, plan, work, outs, values);
      const nextParams = work.map((d) => toTensor(backend, d.p1));
      const nextState: OptState = { t, slots: {} };
      if (slots.length > 0) nextState.slots[PACKED] = work.map((d) => toTensor(backend, d.s1 as TensorInfo));
      return { params: nextParams, state: nextState, probes: probesOf(backend, spec, hp, t, outs) };
    },
  };
}

/** The reference rule's slots from a fused state (new tensors; the input is not disposed). */
export function toReferenceState(spec: KernelSpec, state: OptState, hp: Hyper): OptState {
  const slots = spec.slots(hp);
  const packed = state.slots[PACKED] ?? [];
  const out: OptState = { t: state.t, slots: {} };
  slots.forEach((name, k) => {
    out.slots[name] = packed.map((x) =>
      tf.tidy(() => {
        const n = x.size / slots.length;
        return tf.reshape(tf.slice(tf.reshape(x, [slots.length, n]), [k, 0], [1, n]), [n]);
      }),
    );
  });
  return out;
}

/** A fused state from the reference rule's slots (missing slots start at zero). */
export function fromReferenceState(spec: KernelSpec, state: OptState, params: Tensor[], hp: Hyper): OptState {
  const slots = spec.slots(hp);
  if (slots.length === 0) return { t: state.t, slots: {} };
  const packed = params.map((p, i) =>
    tf.tidy(() =>
      tf.stack(
        slots.map((name) =>
          state.slots[name]?.[i] ? tf.reshape(state.slots[name][i], [p.size]) : tf.zeros([p.size]),
        ),
      ),
    ),
  );
  return { t: state.t, slots: { [PACKED]: packed } };
}
