/**
 * Runs the generated lean-node kernels (leanWasmCode.ts) as registered tfjs kernels on the
 * wasm backend (`LeanWasm_<fn>`): outputs are allocated in tfjs-wasm's heap, the function gets
 * the row count and every tensor's byte offset. Used by the lean path's wasm nodes
 * (meta/lean/cellWasm.ts, adamWasm.ts); docs/meta-training-profile.md "Round 3".
 *
 * `leanWasmKernels()` says whether the lean path uses them: on by default on wasm, off with
 * setLeanWasmKernels(false) or the environment variable OPTPLAY_LEAN_KERNELS=ops (the
 * tfjs-ops lean nodes, kept as the comparison: `OPTPLAY_LEAN_KERNELS=ops npm run bench …`).
 */
import type { KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { wasmHeap } from './hostMemory';
import { type LeanWasmLayout, leanModuleBytes } from './leanWasmCode';
import { registerOnce } from './registerOnce';
import { PerMemory } from './wasmInstances';

export type { LeanWasmLayout } from './leanWasmCode';

type Fn = (...args: number[]) => void;
const envOff = () =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
    ?.OPTPLAY_LEAN_KERNELS === 'ops';
let enabled = !envOff();

/** Select the kernels (true) or the tfjs-ops lean nodes (false) for the lean path on wasm. */
export function setLeanWasmKernels(on: boolean): void {
  enabled = on;
}

function keyOf(l: LeanWasmLayout): string {
  if (l.kind === 'cols') return `cols:${l.a}:${l.b}`;
  if (l.kind === 'colnorm') return `colnorm:${l.w}`;
  return l.kind === 'lstm' ? `lstm:${l.inp}:${l.hidden}` : `adam:${l.J}:${l.hidden}`;
}
const valid = new Map<string, boolean>();

/** Whether the lean node of this layout runs as wasm kernels now (backend, flag, widths, SIMD). */
export function leanWasmKernels(l: LeanWasmLayout): boolean {
  if (!enabled || tf.getBackend() !== 'wasm') return false;
  if (l.kind === 'colnorm' && l.w % 4 !== 0) return false;
  if ((l.kind === 'lstm' || l.kind === 'adam') && l.hidden % 4 !== 0) return false;
  if (l.kind === 'adam' && l.J % 4 !== 0) return false;
  const key = keyOf(l);
  if (!valid.has(key)) valid.set(key, WebAssembly.validate(leanModuleBytes(l, false)));
  return valid.get(key) === true;
}

const layouts = new Map<string, LeanWasmLayout>();

const modules = new PerMemory<Record<string, Fn>>();

function fnsFor(key: string, memory: WebAssembly.Memory): Record<string, Fn> {
  return modules.get(memory, key, (shared) => {
    const mod = new WebAssembly.Module(leanModuleBytes(layouts.get(key) as LeanWasmLayout, shared));
    return new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as Record<string, Fn>;
  });
}

type Attrs = { key: string; fn: string; n: number; shapes: number[][] };

const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
  const { key, fn, n, shapes } = attrs as unknown as Attrs;
  const { mem, w } = wasmHeap(backend, `lean wasm ${fn}`);
  const outs = shapes.map((s) => mem.alloc(s));
  const ins = Object.keys(inputs).length;
  const offs = Array.from({ length: ins }, (_, k) => w.offset(inputs[`i${k}`] as TensorInfo));
  fnsFor(key, w.memory)[fn](n, ...offs, ...outs.map((o) => w.offset(o)));
  return outs;
};

/**
 * [a | b] for a [N, p], b [N, q] on the wasm heap (one pass over the rows; tfjs-wasm's column
 * concat is a per-row JavaScript loop), or tf.concat where the kernels are off. No gradient:
 * for constants of the meta-gradient (DMOptimizer's LogAndSign columns).
 */
export function concatCols(a: Tensor, b: Tensor): Tensor {
  const n = a.shape[0] as number;
  const l: LeanWasmLayout = { kind: 'cols', a: a.shape[1] as number, b: b.shape[1] as number };
  if (!leanWasmKernels(l)) return tf.concat([a, b], 1);
  return runLeanWasm(l, 'pack', n, [a, b], [[n, l.a + l.b]])[0];
}

/**
 * Runs export `fn` of the layout's module over n rows: inputs (float32, row-major, the widths
 * the layout fixes) then outputs of `shapes`, returned as new tensors.
 */
export function runLeanWasm(
  l: LeanWasmLayout,
  fn: string,
  n: number,
  inputs: Tensor[],
  shapes: number[][],
): Tensor[] {
  const key = keyOf(l);
  layouts.set(key, l);
  const kernelName = registerOnce(`LeanWasm_${fn}`, 'wasm', () => kernelFunc);
  const named: Record<string, Tensor> = {};
  inputs.forEach((t, k) => {
    named[`i${k}`] = t;
  });
  const attrs: Attrs = { key, fn, n, shapes };
  return tf.engine().runKernel(kernelName, named, attrs as unknown as tf.NamedAttrMap) as Tensor[];
}
