/**
 * Fused update rules for the wasm and cpu backends: each hand-designed rule is one registered
 * tfjs kernel per backend (`FusedUpdate_<id>`) that updates θ and the packed state (packed.ts)
 * of every parameter tensor in one pass over the backend's own memory (hostMemory.ts), with
 * the rule's per-coordinate math compiled from its kernel spec, the same body as the WGSL
 * kernel: on wasm to a WebAssembly function that imports tfjs's heap and runs in place
 * (wasmCode.ts), on cpu to a JavaScript loop over the backend's typed arrays (loopCode.ts). The probes come from the same pass: Σ(θ′−θ)² and the fraction's count are
 * accumulated, the strided sample (optim/probes.ts) is written as it passes, then sorted
 * (≤ 4096 values) for the quantiles. One kernel call per step, no other tfjs op (host-known
 * probes and a variant change's zero rows aside).
 */
import type { NamedTensorInfoMap, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { HyperOf, OptimizerId } from '../optim/catalog';
import { PROBE_QUANTILES } from '../optim/probes';
import type { OptState, Probes, StepResult, UpdateRule } from '../optim/types';
import { type Plan, planFor } from './dispatch';
import { type HostBackend, type HostMemory, hostMemory } from './hostMemory';
import { loopFor } from './loopCode';
import { adaptRows, initPacked, packedOf, packedState } from './packed';
import { registerOnce } from './registerOnce';
import { type KernelSpec, sampleProbeName, uniformValues } from './specs';
import { wasmStepFor } from './wasmCode';

export const kernelNameOf = (id: OptimizerId) => `FusedUpdate_${id}`;

/** numpy "linear" quantiles of a sample, as optim/probes.ts quantilesOf (float32 arithmetic). */
export function sortedQuantiles(sample: Float64Array, qs: readonly number[]): number[] {
  const a = Float64Array.from(sample).sort();
  const n = a.length;
  return qs.map((q) => {
    const h = q * (n - 1);
    const f = Math.floor(h);
    const c = Math.min(f + 1, n - 1);
    const F = Math.fround;
    return F(a[f] + F(F(a[c] - a[f]) * F(h - f)));
  });
}

type Attrs = { count: number; rows: string; uniforms: number[] };

/** The kernel: inputs g<i>, p<i>, s<i>; outputs θ′ per tensor, state per tensor, then probes. */
function kernelFunc(spec: KernelSpec, name: HostBackend) {
  return ({ inputs, backend, attrs }: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: unknown }) => {
    const { count, rows: rowList, uniforms } = attrs as Attrs;
    const rows = rowList === '' ? [] : rowList.split(',');
    const mem = hostMemory(name, backend);
    const input = (key: string): TensorInfo => {
      const x = inputs[key];
      if (!x) throw new Error(`fused ${spec.id}: missing input ${key}`);
      return x;
    };
    const g = (i: number) => input(`g${i}`);
    const p = (i: number) => input(`p${i}`);
    const sizes = Array.from({ length: count }, (_, i) => p(i).shape.reduce((a, b) => a * b, 1));
    const plan = planFor(sizes);
    const sample = spec.sample ?? [];
    // Allocate every output first (a wasm heap growth replaces the views).
    const p1 = sizes.map((_, i) => mem.alloc(p(i).shape));
    const s1 = rows.length > 0 ? sizes.map((n) => mem.alloc([rows.length, n])) : [];
    const norm = mem.alloc([]);
    const frac = spec.fraction ? mem.alloc([]) : undefined;
    const quants = sample.map(() => mem.alloc([PROBE_QUANTILES.length]));
    const red = new Float64Array(2);
    const samples = sample.map(() => new Float64Array(plan.count));
    if (mem.wasm)
      wasmPass(spec, rows, mem, plan, uniforms, { g, p, s: (i) => input(`s${i}`), p1, s1 }, red, samples);
    else {
      const U = Float64Array.from(uniforms, Math.fround);
      const loop = loopFor(spec, rows);
      let offset = 0;
      sizes.forEach((n, i) => {
        const first = (plan.stride - (offset % plan.stride)) % plan.stride;
        const base = Math.ceil(offset / plan.stride);
        const s = rows.length > 0 ? mem.view(input(`s${i}`)) : null;
        const so = rows.length > 0 ? mem.view(s1[i]) : null;
        loop(
          n,
          mem.view(g(i)),
          mem.view(p(i)),
          s,
          mem.view(p1[i]),
          so,
          U,
          red,
          samples,
          first,
          plan.stride,
          base,
        );
        offset += n;
      });
    }
    mem.view(norm)[0] = Math.sqrt(red[0]);
    if (frac) mem.view(frac)[0] = red[1] / Math.max(1, plan.total);
    quants.forEach((q, k) => {
      mem.view(q).set(sortedQuantiles(samples[k], PROBE_QUANTILES));
    });
    return [...p1, ...s1, norm, ...(frac ? [frac] : []), ...quants] as TensorInfo[];
  };
}

interface Tensors {
  g(i: number): TensorInfo;
  p(i: number): TensorInfo;
  s(i: number): TensorInfo;
  p1: TensorInfo[];
  s1: TensorInfo[];
}

/**
 * The wasm backend: the rule's WebAssembly step (wasmCode.ts) on the heap itself; uniforms,
 * the samples and the fraction's count go through one scratch block allocated on the heap.
 */
function wasmPass(
  spec: KernelSpec,
  rows: string[],
  mem: HostMemory,
  plan: Plan,
  uniforms: number[],
  t: Tensors,
  red: Float64Array,
  samples: Float64Array[],
): void {
  const w = mem.wasm as NonNullable<HostMemory['wasm']>;
  const step = wasmStepFor(spec, rows, w.memory);
  const nU = uniforms.length + 1;
  const scratch = mem.alloc([nU + 1 + samples.length * plan.count]);
  try {
    const view = mem.view(scratch);
    view.set(uniforms);
    view[uniforms.length] = plan.count;
    view[nU] = 0;
    const U = w.offset(scratch);
    const Q = U + 4 * (nU + 1);
    let offset = 0;
    plan.sizes.forEach((n, i) => {
      const first = (plan.stride - (offset % plan.stride)) % plan.stride;
      const base = Math.ceil(offset / plan.stride);
      const S = rows.length > 0 ? w.offset(t.s(i)) : 0;
      const S1 = rows.length > 0 ? w.offset(t.s1[i]) : 0;
      red[0] += step(
        n,
        w.offset(t.g(i)),
        w.offset(t.p(i)),
        S,
        w.offset(t.p1[i]),
        S1,
        U,
        Q,
        first,
        plan.stride,
        base,
      );
      red[1] += mem.view(scratch)[nU];
      offset += n;
    });
    const after = mem.view(scratch);
    samples.forEach((q, k) => {
      q.set(after.subarray(nU + 1 + k * plan.count, nU + 1 + (k + 1) * plan.count));
    });
  } finally {
    w.free(scratch);
  }
}

/** Register the rule's kernel on this backend (once). */
export function ensureHostKernel(spec: KernelSpec, backend: HostBackend): string {
  return registerOnce(kernelNameOf(spec.id), backend, () => kernelFunc(spec, backend));
}

/** The fused rule of a hand-designed optimizer on the wasm or cpu backend. */
export function makeHostFusedRule<I extends OptimizerId>(
  spec: KernelSpec<I>,
  backend: HostBackend,
): UpdateRule<HyperOf<I>> {
  const what = `fused ${spec.id} (${backend})`;
  return {
    id: spec.id,
    init: (params, hp): OptState => initPacked(params, spec.slots(hp)),
    step(grads, state, params, hp): StepResult {
      if (tf.getBackend() !== backend) {
        throw new Error(`${what}: needs the ${backend} backend (active: ${tf.getBackend()})`);
      }
      if (grads.length !== params.length) {
        throw new Error(`${what}: ${grads.length} gradients, ${params.length} params`);
      }
      const t = state.t + 1;
      const rows = spec.slots(hp);
      const old = packedOf(state);
      const inputs: Record<string, Tensor> = {};
      params.forEach((p, i) => {
        inputs[`g${i}`] = grads[i];
        inputs[`p${i}`] = p;
        const s = adaptRows(old.tensors[i], old.rows, rows, p.size);
        if (s) inputs[`s${i}`] = s;
      });
      const attrs: Attrs = {
        count: params.length,
        rows: rows.join(','),
        uniforms: uniformValues(spec, hp, t),
      };
      const kernel = ensureHostKernel(spec, backend);
      const out = tf.engine().runKernel(kernel, inputs, attrs) as Tensor[];
      const k = params.length;
      const nextParams = out.slice(0, k);
      const nextSlots = rows.length > 0 ? out.slice(k, 2 * k) : [];
      let at = rows.length > 0 ? 2 * k : k;
      const probes: Probes = { updateNorm: out[at++] };
      if (spec.fraction) probes[spec.fraction.name] = out[at++];
      for (const e of spec.sample ?? []) probes[sampleProbeName(e)] = out[at++];
      for (const [name, x] of Object.entries(spec.hostProbes?.(hp, t) ?? {})) probes[name] = tf.scalar(x);
      return { params: nextParams, state: packedState(t, rows, nextSlots), probes };
    },
  };
}
