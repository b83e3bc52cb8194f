/**
 * A fused WebGPU update rule: the whole step of a hand-designed rule in one dispatch per
 * parameter tensor (one compute pass per step), plus a few tiny tfjs ops that finish the
 * probes from the kernel's per-workgroup partials and strided samples.
 *
 * State: one slot `packed`, a [S, n] tensor per parameter whose rows are the reference
 * rule's slots in the order the spec lists them (e.g. Adam: rows m, v). `toReferenceState` /
 * `fromReferenceState` convert. Probes have the reference's names and meanings: updateNorm
 * (√ of the summed partials), `<x>Quantiles` (optim/probes.ts quantilesOf on the same strided
 * subsample as the reference), fractions (summed counts / N), host scalars (AdaBound bounds).
 */

import type { Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { Hyper } from '../optim/catalog';
import { QUANTILE_SAMPLE_MAX, quantilesOf } from '../optim/probes';
import type { OptState, Probes, StepResult, UpdateRule } from '../optim/types';
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
import { pipelineFor } from './pipelines';
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

function uniformData(plan: Plan, i: number, sampleBase: number, values: number[]): ArrayBuffer {
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

interface Dispatch {
  g: TensorInfo;
  p: TensorInfo;
  s?: TensorInfo;
  p1: TensorInfo;
  s1?: TensorInfo;
}

function encode(
  backend: WebGpuBackendLike,
  spec: KernelSpec,
  slots: string[],
  plan: Plan,
  work: Dispatch[],
  probe: TensorInfo,
  values: number[],
): void {
  const { pipeline, layout } = pipelineFor(backend.device, spec, slots);
  const sampleBase = layout.reduced.length * plan.totalWg;
  // Resolve (and upload) every buffer before flushing tfjs's queue.
  const bound = work.map((d) => ({
    g: bufferOf(backend, d.g),
    p: bufferOf(backend, d.p),
    s: d.s ? bufferOf(backend, d.s) : undefined,
    p1: bufferOf(backend, d.p1),
    s1: d.s1 ? bufferOf(backend, d.s1) : undefined,
  }));
  const r = bufferOf(backend, probe);
  if (compileOnly()) return;
  flushTfjs(backend);
  const device = backend.device;
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  const uniforms: GpuBuffer[] = [];
  bound.forEach((b, i) => {
    if (plan.sizes[i] === 0) return;
    const data = uniformData(plan, i, sampleBase, values);
    const u = backend.bufferManager.acquireBuffer(data.byteLength, USAGE.UNIFORM | USAGE.COPY_DST);
    device.queue.writeBuffer(u, 0, data);
    uniforms.push(u);
    const entries: { binding: number; resource: object }[] = [
      { binding: 0, resource: { buffer: u } },
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
  pass.end();
  device.queue.submit([encoder.finish()]);
  // Reuse is ordered after the submitted work on the queue timeline.
  for (const u of uniforms) backend.bufferManager.releaseBuffer(u);
}

function finishProbes(
  spec: KernelSpec,
  hp: Hyper,
  t: number,
  plan: Plan,
  probe: Tensor,
  nReduced: number,
): Probes {
  const W = plan.totalWg;
  const part = (q: number) => tf.sum(tf.slice(probe, [q * W], [W]));
  const probes: Probes = { updateNorm: tf.sqrt(part(0)) };
  if (spec.fraction) probes[spec.fraction.name] = tf.div(part(1), tf.scalar(plan.total));
  (spec.sample ?? []).forEach((expr, k) => {
    const sample = tf.slice(probe, [nReduced * W + k * plan.count], [plan.count]);
    probes[sampleProbeName(expr)] = quantilesOf(sample);
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
      const nReduced = spec.fraction ? 2 : 1;
      const probeInfo = newOutput(backend, [
        nReduced * plan.totalWg + (spec.sample?.length ?? 0) * plan.count,
      ]);
      encode(backend, spec, slots, plan, work, probeInfo, values);
      const nextParams = work.map((d) => toTensor(backend, d.p1));
      const nextState: OptState = { t, slots: {} };
      if (slots.length > 0) nextState.slots[PACKED] = work.map((d) => toTensor(backend, d.s1 as TensorInfo));
      const probe = toTensor(backend, probeInfo);
      return {
        params: nextParams,
        state: nextState,
        probes: finishProbes(spec, hp, t, plan, probe, nReduced),
      };
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
