/**
 * Host side of the fused meta-training nodes (hyperCell.ts): one command buffer per call —
 * buffer-to-buffer copies that stage tfjs tensors into a packed buffer, one compute pass of
 * a few dispatches, copies that unpack results into tfjs tensors — on tfjs-backend-webgpu's own
 * device and buffers (src/core/kernels/gpu.ts). Packing keeps each shader within WebGPU's
 * default 8 storage buffers per stage. Dispatches are counted in dispatchCount.ts (profile).
 */
import type { Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import {
  flushTfjs,
  type GpuBuffer,
  type GpuPipeline,
  USAGE,
  type WebGpuBackendLike,
} from '../../kernels/gpu';
import { countDispatches } from './dispatchCount';

export interface Pass {
  pipeline: GpuPipeline;
  /** Bound at 1, 2, … (0 is the uniform block). */
  buffers: GpuBuffer[];
  workgroups: [number, number];
}

export interface Copy {
  src: GpuBuffer;
  srcFloat: number;
  dst: GpuBuffer;
  dstFloat: number;
  floats: number;
}

const STORAGE = USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST;

/** A scratch storage buffer from tfjs's pool (release it with `release`). */
export function scratch(backend: WebGpuBackendLike, floats: number): GpuBuffer {
  return backend.bufferManager.acquireBuffer(4 * Math.max(4, floats), STORAGE);
}

/** Copies that place `parts` one after another in `dst` from float `at` on (staging). */
export function packInto(parts: { buffer: GpuBuffer; floats: number }[], dst: GpuBuffer, at = 0): Copy[] {
  const out: Copy[] = [];
  for (const p of parts) {
    if (p.floats > 0) out.push({ src: p.buffer, srcFloat: 0, dst, dstFloat: at, floats: p.floats });
    at += p.floats;
  }
  return out;
}

/** Copies that cut `src` from float `at` on into `parts`, in order (unstaging). */
export function unpackFrom(src: GpuBuffer, parts: { buffer: GpuBuffer; floats: number }[], at = 0): Copy[] {
  const out: Copy[] = [];
  for (const p of parts) {
    if (p.floats > 0) out.push({ src, srcFloat: at, dst: p.buffer, dstFloat: 0, floats: p.floats });
    at += p.floats;
  }
  return out;
}

/** Record and submit: copies `before`, the passes (one compute pass), copies `after`. */
export function runGpu(
  backend: WebGpuBackendLike,
  uniform: number[],
  before: Copy[],
  passes: Pass[],
  after: Copy[],
  release: GpuBuffer[] = [],
): void {
  flushTfjs(backend);
  const device = backend.device;
  const manager = backend.bufferManager;
  const u = manager.acquireBuffer(16, USAGE.UNIFORM | USAGE.COPY_DST);
  const data = new Uint32Array(4);
  data.set(uniform.slice(0, 4));
  device.queue.writeBuffer(u, 0, data.buffer);
  const encoder = device.createCommandEncoder();
  const copy = (c: Copy) =>
    encoder.copyBufferToBuffer(c.src, 4 * c.srcFloat, c.dst, 4 * c.dstFloat, 4 * c.floats);
  before.forEach(copy);
  const pass = encoder.beginComputePass();
  for (const p of passes) {
    const entries = [
      { binding: 0, resource: { buffer: u } },
      ...p.buffers.map((buffer, k) => ({ binding: k + 1, resource: { buffer } })),
    ];
    pass.setPipeline(p.pipeline);
    pass.setBindGroup(0, device.createBindGroup({ layout: p.pipeline.getBindGroupLayout(0), entries }));
    pass.dispatchWorkgroups(p.workgroups[0], p.workgroups[1]);
  }
  pass.end();
  countDispatches(passes.length);
  after.forEach(copy);
  device.queue.submit([encoder.finish()]);
  manager.releaseBuffer(u);
  for (const b of release) manager.releaseBuffer(b);
}

/** Float count of a tensor (all fused nodes take float32). */
export const floatsOf = (t: Tensor | TensorInfo): number => t.shape.reduce((a, b) => a * b, 1);
