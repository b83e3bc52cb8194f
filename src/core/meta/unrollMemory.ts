/**
 * The unroll's memory guard (docs/meta-training-profile.md "Memory per unroll step"). Truncated
 * BPTT keeps every optimizee step's intermediates on the tape until the backward pass, so an
 * unroll's memory grows linearly with its length T. The wasm backend's heap ends at 4 GiB, and
 * passing it aborts the whole wasm module ("memory access out of bounds").
 * runUnroll (unroll.ts) samples tf.memory().numBytes after its first two steps and projects
 * all T steps from the second step's growth:
 *  - the tensors alone would not fit the budget → refused there, before the memory is taken;
 *  - else it runs; should the heap still run out (the backward pass and the allocator take
 *    more than the tensors), the abort is reported the same way.
 * Both name recipe.unroll and the longest unroll that fits with HEAP_FACTOR's margin.
 */

/** What an unroll may use on a backend: heap bytes for tensors. */
export interface MemoryGuard {
  budget: number;
}

/** The wasm heap (4 GiB) less 128 MiB for the runtime, XNNPACK and the allocator. */
export const WASM_TENSOR_BUDGET = 4 * 2 ** 30 - 128 * 2 ** 20;

/**
 * Heap a step takes per tensor byte its forward pass adds, at most, measured on the MNIST MLP
 * (wasm heap high-water mark at two unroll lengths; docs/meta-training-profile.md): lean path
 * 1.16–1.17 (RNNprop 39.9 / 34 MiB, HyperAdam 48.6 / 42, VHAdam 59 / 51), autodiff 1.03–1.09
 * (HyperAdam 193 / 188, DMOptimizer 126 / 115).
 */
export const HEAP_FACTOR = 1.2;

/** The guard for an unroll on `backend` (undefined: no known limit). */
export function memoryGuardOf(backend: string): MemoryGuard | undefined {
  return backend === 'wasm' ? { budget: WASM_TENSOR_BUDGET } : undefined;
}

/** The forward's growth per step, the projected tensors of all steps, the longest that fits. */
export interface UnrollProjection {
  bytesPerStep: number;
  tensorBytes: number;
  maxSteps: number;
}

/**
 * Project an unroll of `steps` steps from the tensor bytes after its first step (`after1`) and
 * after its second (`after2`): step 1 → 2 is the first step that allocates nothing one-off.
 */
export function projectUnroll(
  after1: number,
  after2: number,
  steps: number,
  guard: MemoryGuard,
): UnrollProjection {
  const bytesPerStep = Math.max(0, after2 - after1);
  const base = after1 - bytesPerStep;
  const heapPerStep = bytesPerStep * HEAP_FACTOR;
  return {
    bytesPerStep,
    tensorBytes: base + bytesPerStep * steps,
    maxSteps: heapPerStep > 0 ? Math.max(1, Math.floor((guard.budget - base) / heapPerStep)) : steps,
  };
}

/** Bytes for a message: GiB to one decimal, else whole MiB or KiB. */
export function size(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${Math.round(bytes / 2 ** 20)} MiB`;
  return `${Math.round(bytes / 2 ** 10)} KiB`;
}

/** A wasm abort for want of memory (the module is dead after it). */
export function isOutOfMemory(e: unknown): boolean {
  const m = e instanceof Error ? e.message : String(e);
  return /memory access out of bounds|Aborted\(|out of memory|Array buffer allocation failed/i.test(m);
}

/** Thrown by runUnroll when an unroll does not fit: refused before, or the heap ran out. */
export class UnrollTooLong extends Error {
  readonly steps: number;
  readonly projection: UnrollProjection;
  readonly budget: number;
  readonly ranOut: boolean;
  constructor(steps: number, projection: UnrollProjection, budget: number, ranOut: boolean) {
    super(
      ranOut
        ? `out of memory during an unroll of ${steps} steps`
        : `an unroll of ${steps} steps needs over ${size(projection.tensorBytes)}; ${size(budget)} allowed`,
    );
    this.name = 'UnrollTooLong';
    this.steps = steps;
    this.projection = projection;
    this.budget = budget;
    this.ranOut = ranOut;
  }
}
