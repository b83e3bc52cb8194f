/**
 * The slice of the tfjs cpu and wasm backends (4.22) the fused host kernels use: allocating a
 * float32 output tensor in the backend's own memory and a Float32Array view of any tensor's
 * values in place (cpu: the backend's typed array; wasm: the wasm heap at the tensor's
 * memoryOffset, through BackendWasm.typedArrayFromHeap). Views into the wasm heap are taken
 * after every allocation of a step, since growing the heap replaces its buffer.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';

export const HOST_BACKENDS = ['wasm', 'cpu'] as const;
export type HostBackend = (typeof HOST_BACKENDS)[number];

export function isHostBackend(name: string): name is HostBackend {
  return (HOST_BACKENDS as readonly string[]).includes(name);
}

export interface HostMemory {
  /** A new float32 tensor of this shape in the backend's memory (contents unset). */
  alloc(shape: number[]): TensorInfo;
  /** The tensor's float32 values in place. */
  view(t: TensorInfo): Float32Array;
  /** wasm: the heap (tfjs's WebAssembly.Memory), byte offsets of tensors, freeing scratch. */
  wasm?: {
    memory: WebAssembly.Memory;
    offset(t: TensorInfo): number;
    free(t: TensorInfo): void;
  };
}

interface CpuLike {
  data: { get(id: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}
interface WasmLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): unknown;
  disposeData(dataId: object, force?: boolean): boolean;
  dataIdMap: { get(id: object): { memoryOffset: number } };
  /** The Emscripten module: its exports (`asm.memory`) or `wasmMemory` (threaded build). */
  wasm: { asm?: { memory?: unknown }; wasmMemory?: unknown };
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function float32(x: unknown, what: string): Float32Array {
  if (!(x instanceof Float32Array)) throw new Error(`fused ${what}: tensor values are not float32`);
  return x;
}

export function hostMemory(name: HostBackend, backend: unknown): HostMemory {
  if (name === 'cpu') {
    const b = backend as CpuLike;
    return {
      alloc: (shape) => b.makeTensorInfo(shape, 'float32', new Float32Array(size(shape))),
      view: (t) => float32(b.data.get(t.dataId).values, 'cpu'),
    };
  }
  const b = backend as WasmLike;
  const memory = b.wasm.asm?.memory ?? b.wasm.wasmMemory;
  return {
    alloc: (shape) => b.makeOutput(shape, 'float32'),
    view: (t) => float32(b.typedArrayFromHeap(t), 'wasm'),
    wasm:
      memory instanceof WebAssembly.Memory
        ? {
            memory,
            offset: (t) => b.dataIdMap.get(t.dataId).memoryOffset,
            free: (t) => {
              b.disposeData(t.dataId, true);
            },
          }
        : undefined,
  };
}

/** tfjs-wasm's memory for a kernel running on `backend`; `what` names the kernel in the error. */
export function wasmHeap(backend: unknown, what: string) {
  const mem = hostMemory('wasm', backend);
  if (!mem.wasm) throw new Error(`${what}: tfjs-wasm's memory is not reachable`);
  return { mem, w: mem.wasm };
}
