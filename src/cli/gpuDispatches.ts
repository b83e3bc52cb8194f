/**
 * Counting every WebGPU compute dispatch in this process (tfjs's kernels and the fused nodes
 * alike) for `meta-train profile` and `bench --meta` on webgpu: wraps Dawn's
 * GPUComputePassEncoder.prototype.dispatchWorkgroups once (Node only; the count is all a
 * wrapper adds). Returns null when no WebGPU globals are installed (src/cli/bench/dawn.ts).
 */
let count = 0;
let installed = false;

interface PassProto {
  dispatchWorkgroups(this: unknown, ...a: number[]): void;
}

export function countGpuDispatches(): (() => number) | null {
  const cls = (globalThis as { GPUComputePassEncoder?: { prototype: PassProto } }).GPUComputePassEncoder;
  if (!cls) return null;
  if (!installed) {
    const orig = cls.prototype.dispatchWorkgroups;
    cls.prototype.dispatchWorkgroups = function (this: unknown, ...a: number[]) {
      count++;
      return orig.apply(this, a);
    };
    installed = true;
  }
  return () => count;
}
