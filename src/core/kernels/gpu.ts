/**
 * The slice of tfjs-backend-webgpu 4.22 the fused kernels use, all public members of
 * WebGPUBackend: its GPUDevice and queue, its tensor storage (buffers of tensors), its
 * buffer pool, and its command-queue flush. Kernels run on tfjs's own device, read and write
 * tfjs tensors' buffers in place of copies, and allocate their outputs as tfjs tensors, so
 * tfjs owns and recycles every buffer. Minimal structural types keep this file free of
 * @webgpu/types and of a runtime import of the backend package.
 */

import type { Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

/** WebGPU buffer usage flags (GPUBufferUsage), as numbers. */
export const USAGE = { COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80 } as const;

export interface GpuBuffer {
  size: number;
}
export interface GpuPipeline {
  getBindGroupLayout(i: number): unknown;
}
interface PassEncoder {
  setPipeline(p: GpuPipeline): void;
  setBindGroup(i: number, g: unknown): void;
  dispatchWorkgroups(x: number, y?: number, z?: number): void;
  end(): void;
}
interface CommandEncoder {
  beginComputePass(d?: object): PassEncoder;
  copyBufferToBuffer(
    src: GpuBuffer,
    srcOffset: number,
    dst: GpuBuffer,
    dstOffset: number,
    size: number,
  ): void;
  finish(): unknown;
}
export interface GpuDevice {
  createShaderModule(d: { code: string; label?: string }): unknown;
  createComputePipeline(d: object): GpuPipeline;
  createComputePipelineAsync(d: object): Promise<GpuPipeline>;
  createBindGroup(d: object): unknown;
  createCommandEncoder(): CommandEncoder;
  queue: { submit(cmds: unknown[]): void; writeBuffer(b: GpuBuffer, off: number, data: ArrayBuffer): void };
}
export interface WebGpuBackendLike {
  device: GpuDevice;
  /** tfjs's AdapterInfo; its (private) vendor/architecture fields name the adapter. */
  adapterInfo?: unknown;
  tensorMap: { get(dataId: object): { resource?: unknown } };
  bufferManager: {
    acquireBuffer(size: number, usage: number): GpuBuffer;
    releaseBuffer(b: GpuBuffer): void;
  };
  makeTensorInfo(shape: number[], dtype: 'float32'): TensorInfo;
  uploadToGPU(dataId: object): void;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  checkCompileCompletionAsync(): Promise<void>;
}

/** The active tfjs backend if it is WebGPU, else null. */
export function activeWebGpu(): WebGpuBackendLike | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const b = tf.backend() as unknown as Partial<WebGpuBackendLike>;
  return b.device && b.tensorMap && b.bufferManager ? (b as WebGpuBackendLike) : null;
}

export function requireWebGpu(what: string): WebGpuBackendLike {
  const b = activeWebGpu();
  if (!b) throw new Error(`${what}: fused kernels need the webgpu backend (active: ${tf.getBackend()})`);
  return b;
}

/** The GPU buffer holding a tensor (uploading CPU-side values first). */
export function bufferOf(backend: WebGpuBackendLike, t: TensorInfo): GpuBuffer {
  backend.uploadToGPU(t.dataId);
  const res = backend.tensorMap.get(t.dataId).resource as GpuBuffer | undefined;
  if (!res || typeof res.size !== 'number') throw new Error('fused: tensor is not backed by a GPU buffer');
  return res;
}

/** A new float32 tensor with a GPU buffer (contents undefined until a kernel writes it). */
export function newOutput(backend: WebGpuBackendLike, shape: number[]): TensorInfo {
  const info = backend.makeTensorInfo(shape, 'float32');
  backend.uploadToGPU(info.dataId);
  return info;
}

/** Wrap a backend TensorInfo as an engine-tracked Tensor (tracked by the current tidy). */
export function toTensor(backend: WebGpuBackendLike, info: TensorInfo): Tensor {
  return tf.engine().makeTensorFromTensorInfo(info, backend as unknown as tf.KernelBackend);
}

/** Submit tfjs's pending commands so that work recorded after this runs after them. */
export function flushTfjs(backend: WebGpuBackendLike): void {
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  backend.submitQueue();
}

/** True while tfjs is in compile-only (warm-up) mode: record nothing then. */
export function compileOnly(): boolean {
  return tf.env().getBool('WEBGPU_ENGINE_COMPILE_ONLY');
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software/i;

/** Whether tfjs's adapter is a software rasteriser (SwiftShader & co.). */
export function isSoftwareAdapter(backend: WebGpuBackendLike): boolean {
  const info = (backend.adapterInfo ?? {}) as { vendor?: unknown; architecture?: unknown };
  return SOFTWARE.test(`${String(info.vendor ?? '')} ${String(info.architecture ?? '')}`);
}

/**
 * Most workgroups per dispatch (the grid-stride loop covers the rest). A GPU wants many in
 * flight to saturate memory; a software driver runs workgroups on a few CPU threads and pays
 * per workgroup for the reduction barrier, so fewer, longer workgroups are much faster there
 * (SwiftShader, Adam at 1e5: 100 ms/step with one coordinate per thread, 10 ms with 64 groups).
 */
export function workgroupCap(backend: WebGpuBackendLike): number {
  return isSoftwareAdapter(backend) ? 64 : 8192;
}
