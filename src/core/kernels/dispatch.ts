/**
 * Host code shared by every fused WebGPU step (fused.ts for the hand-designed rules,
 * learnedFused.ts for the learned ones): the geometry of a step over a list of tensors, the
 * step's one uniform buffer (one aligned block per dispatch, then the finish block), and the
 * submission: one command encoder, optional buffer-to-buffer copies into a staging buffer,
 * one compute pass with a dispatch per non-empty tensor and then the finish dispatch that
 * turns the per-workgroup partials into probes, one submit. Callers resolve every tensor's
 * buffer (gpu.ts bufferOf) before calling `submitStep`, which flushes tfjs's queue first.
 */
import { QUANTILE_SAMPLE_MAX } from '../optim/probes';
import {
  compileOnly,
  flushTfjs,
  type GpuBuffer,
  type GpuPipeline,
  USAGE,
  type WebGpuBackendLike,
} from './gpu';
import { WORKGROUP } from './shader';

/** Geometry of one step over a list of tensors. */
export interface Plan {
  sizes: number[];
  total: number;
  /** Stride and length of the strided quantile sample (optim/probes.ts). */
  stride: number;
  count: number;
  /** Workgroups per tensor (grid-stride loop beyond maxWg), their offsets and total. */
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

/** Bytes between uniform blocks in the step's one uniform buffer (minUniformBufferOffsetAlignment). */
const UNIFORM_ALIGN = 256;

/** A uniform block: `header` as u32s, then `values` as float32s starting at byte `valuesAt`. */
export function uniformBlock(header: number[], valuesAt: number, values: number[]): ArrayBuffer {
  const buf = new ArrayBuffer(valuesAt + 16 * Math.max(1, Math.ceil(values.length / 4)));
  new Uint32Array(buf, 0, header.length).set(header);
  new Float32Array(buf, valuesAt, values.length).set(values);
  return buf;
}

export type Entry = { binding: number; resource: { buffer: GpuBuffer; offset?: number; size?: number } };

/** One step's work: its pipelines and bindings (binding 0, the uniform block, is added here). */
export interface StepDispatch {
  pipeline: GpuPipeline;
  /** One per dispatched (non-empty) tensor: its uniform block, other bindings, workgroups. */
  dispatches: { block: ArrayBuffer; entries: Entry[]; workgroups: number }[];
  /** Scratch buffer of per-workgroup partials (and samples): its size and step binding. */
  scratch: { floats: number; binding: number };
  /** Copied, in order, into one staging buffer bound at `binding` (e.g. a learned net's weights). */
  staging?: { binding: number; sources: { buffer: GpuBuffer; floats: number }[] };
  /** The finish dispatch: reads the scratch buffer at binding 1, writes its other bindings. */
  finish: { pipeline: GpuPipeline; block: ArrayBuffer; entries: Entry[]; workgroups: number };
}

/** Record and submit one step (nothing in compile-only warm-up mode). */
export function submitStep(backend: WebGpuBackendLike, d: StepDispatch): void {
  if (compileOnly()) return;
  flushTfjs(backend);
  const device = backend.device;
  const blocks = [...d.dispatches.map((x) => x.block), d.finish.block];
  const data = new ArrayBuffer(UNIFORM_ALIGN * (blocks.length - 1) + blocks[blocks.length - 1].byteLength);
  blocks.forEach((b, k) => {
    new Uint8Array(data).set(new Uint8Array(b), k * UNIFORM_ALIGN);
  });
  const manager = backend.bufferManager;
  const storage = USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST;
  const u = manager.acquireBuffer(data.byteLength, USAGE.UNIFORM | USAGE.COPY_DST);
  device.queue.writeBuffer(u, 0, data);
  const r = manager.acquireBuffer(4 * Math.max(1, d.scratch.floats), storage);
  const uni = (k: number): Entry => ({
    binding: 0,
    resource: { buffer: u, offset: k * UNIFORM_ALIGN, size: blocks[k].byteLength },
  });
  const encoder = device.createCommandEncoder();
  let staged: GpuBuffer | undefined;
  const extra: Entry[] = [{ binding: d.scratch.binding, resource: { buffer: r } }];
  if (d.staging) {
    const floats = d.staging.sources.reduce((a, s) => a + s.floats, 0);
    staged = manager.acquireBuffer(4 * Math.max(1, floats), storage);
    let at = 0;
    for (const s of d.staging.sources) {
      encoder.copyBufferToBuffer(s.buffer, 0, staged, 4 * at, 4 * s.floats);
      at += s.floats;
    }
    extra.push({ binding: d.staging.binding, resource: { buffer: staged } });
  }
  const pass = encoder.beginComputePass();
  pass.setPipeline(d.pipeline);
  d.dispatches.forEach((x, k) => {
    const entries = [uni(k), ...x.entries, ...extra];
    pass.setBindGroup(0, device.createBindGroup({ layout: d.pipeline.getBindGroupLayout(0), entries }));
    pass.dispatchWorkgroups(x.workgroups);
  });
  const fin = [uni(d.dispatches.length), { binding: 1, resource: { buffer: r } }, ...d.finish.entries];
  pass.setPipeline(d.finish.pipeline);
  pass.setBindGroup(
    0,
    device.createBindGroup({ layout: d.finish.pipeline.getBindGroupLayout(0), entries: fin }),
  );
  pass.dispatchWorkgroups(d.finish.workgroups);
  pass.end();
  device.queue.submit([encoder.finish()]);
  // Reuse is ordered after the submitted work on the queue timeline.
  manager.releaseBuffer(u);
  manager.releaseBuffer(r);
  if (staged) manager.releaseBuffer(staged);
}
