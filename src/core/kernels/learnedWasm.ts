/**
 * Fused inference of the coordinatewise learned optimizers on the wasm backend:
 * `learnedWasmRule(opt)` is an UpdateRule with the same steps and probes as learnedRule(opt)
 * (learned/rule.ts) but ONE registered tfjs kernel per step (`LearnedWasm_<kind>`) that runs
 * the generated WebAssembly passes (learnedWasmCode.ts) over every coordinate on tfjs-wasm's
 * heap: the meta-parameters are copied into one block, the state is one [n, rows] tensor per
 * parameter tensor (slot `learnedWasm`, inference only: no gradient w.r.t. φ flows through it),
 * the column norms of HyperAdam/VHAdam and the probes are finished here between passes
 * (learnedProbePlan.ts). VHAdam's noise ξ is the reference's own draw: tf.randomNormal with the
 * step's seed (vhadam/index.ts noiseSeedFor), passed to the kernel as an input.
 * Kinds whose layer widths are not multiples of 4 (the SIMD lanes) get no fused rule.
 */
import type { KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { scaleOf } from '../learned/rule';
import type { LearnedOptimizer } from '../learned/types';
import type { VhAdamOptimizer } from '../learned/vhadam';
import type { OptState, Probes, StepResult, UpdateRule } from '../optim/types';
import { wasmHeap } from './hostMemory';
import { planFor, probeLists, readProbes } from './learnedProbePlan';
import {
  factorLayout,
  type LearnedWasmKind,
  type LearnedWasmLayout,
  learnedModuleBytes,
  probeRow,
  stateLayout,
  workspaceLayout,
} from './learnedWasmCode';
import { registerOnce } from './registerOnce';
import { relaxedSimdSupported } from './wasmAsm';
import { PerMemory } from './wasmInstances';

const SLOT = 'learnedWasm';
const HYPER_PROBES = ['betaQuantiles', 'gammaQuantiles', 'rhoQuantiles', 'rhoMean'];
const PROBES: Record<LearnedWasmKind, string[]> = {
  dmoptimizer: [],
  rnnprop: [],
  hyperadam: HYPER_PROBES,
  vhadam: ['varQuantiles', 'meanSqQuantiles', ...HYPER_PROBES, 'updateTrace'],
};

type Arch = Record<string, unknown> & { kind: string };

let useFma = true;
/**
 * Use relaxed SIMD's multiply-add in the dense layers where the engine validates it (default):
 * a·b + c rounded once or twice, as the engine chooses, so results may differ from the
 * tfjs-ops path in the last bits (tests compare both settings where the engine has it).
 */
export function setLearnedWasmFma(on: boolean): void {
  useFma = on;
}

/** The kernel layout of a learned optimizer, or null when it has no fused wasm step. */
export function learnedWasmLayoutOf(opt: LearnedOptimizer): LearnedWasmLayout | null {
  const a = opt.architecture as unknown as Arch;
  const kind = a.kind as LearnedWasmKind;
  if (!(kind in PROBES)) return null;
  // VHAdam's ξ comes from the instance's seeds (noiseSeedFor; wrappers without it: no fused step).
  if (kind === 'vhadam' && typeof (opt as VhAdamOptimizer).noiseSeedFor !== 'function') return null;
  const hidden = a.hidden as number;
  const hyper = kind === 'hyperadam' || kind === 'vhadam';
  const candidates = hyper ? (a.candidates as number) : 0;
  if (hidden % 4 !== 0 || candidates % 4 !== 0 || (hyper && candidates !== hidden)) return null;
  const offsets: Record<string, number> = {};
  let at = 0;
  for (const d of opt.weights.defs) {
    offsets[d.name] = at;
    at += d.shape.reduce((x, y) => x * y, 1);
  }
  return {
    kind,
    hidden,
    layers: hyper ? 1 : (a.layers as number),
    candidates,
    input0: kind === 'dmoptimizer' && (a.preprocessP as number) > 0 ? 2 : 1,
    offsets,
    fma: useFma && relaxedSimdSupported(),
  };
}

type Pass = (...args: number[]) => number;
const layouts = new Map<string, LearnedWasmLayout>();

const modules = new PerMemory<Pass[]>();

function passesFor(key: string, l: LearnedWasmLayout, memory: WebAssembly.Memory): Pass[] {
  return modules.get(memory, key, (shared) => {
    const mod = new WebAssembly.Module(learnedModuleBytes(l, shared));
    const inst = new WebAssembly.Instance(mod, { env: { memory, log: Math.log } });
    return ['a', 'b', 'c'].map((n) => inst.exports[n] as Pass).filter((f) => typeof f === 'function');
  });
}

const validated = new Map<string, boolean>();
type Attrs = { key: string; count: number; nWeights: number; uniforms: number[] };
const up4 = (x: number) => Math.ceil(x / 4) * 4;
const f32 = Math.fround;

/** colNorm's factor x ↦ x·rsqrt(Σx² + 1e-16), in float32 as tfjs computes it. */
const factor = (sum: number) => f32(1 / Math.sqrt(f32(f32(sum) + f32(1e-16))));

const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
  const { key, count, nWeights, uniforms } = attrs as unknown as Attrs;
  const l = layouts.get(key) as LearnedWasmLayout;
  const { mem, w } = wasmHeap(backend, `fused ${l.kind} (wasm)`);
  const input = (k: string) => inputs[k] as TensorInfo;
  const sizes = Array.from({ length: count }, (_, i) => input(`p${i}`).shape.reduce((a, b) => a * b, 1));
  const total = sizes.reduce((a, b) => a + b, 0);
  const hyper = l.kind === 'hyperadam' || l.kind === 'vhadam';
  const rows = stateLayout(l).rows;
  const ws = workspaceLayout(l);
  const fl = factorLayout(l);
  const J = l.candidates;
  const plan = hyper ? planFor(total, J, l.kind === 'vhadam') : null;
  const lists = plan ? probeLists(plan, sizes) : null;
  // Allocate every output and the scratch first (a heap growth replaces the views).
  const p1 = sizes.map((_, i) => mem.alloc(input(`p${i}`).shape));
  const s1 = sizes.map((n) => mem.alloc([n, rows]));
  const norm = mem.alloc([]);
  const probes = PROBES[l.kind].map((name) =>
    mem.alloc([name === 'rhoMean' ? J : name === 'updateTrace' ? 2 * (plan?.traceRows.length ?? 0) : 3]),
  );
  const at = { ws: 0, u: up4(ws.bytes / 4), w: 0, pl: 0, pr: 0, end: 0 };
  at.w = at.u + up4(fl.end);
  at.pl = at.w + up4(nWeights);
  at.pr = at.pl + up4(lists?.list.length ?? 1);
  at.end = at.pr + (plan ? plan.coords.length * probeRow(J) : 0);
  const scratch = mem.alloc([at.end + 4]);
  try {
    const base = w.offset(scratch);
    const view = mem.view(scratch);
    view.fill(0, 0, at.w);
    view.set(uniforms, at.u);
    let wAt = at.w;
    for (let k = 0; inputs[`w${k}`]; k++) {
      const v = mem.view(input(`w${k}`));
      view.set(v, wAt);
      wAt += v.length;
    }
    if (lists) new Int32Array(view.buffer, view.byteOffset + 4 * at.pl, lists.list.length).set(lists.list);
    const sums = view.subarray(0, ws.sumBytes / 4);
    const B = (f: number) => base + 4 * f;
    if (l.kind === 'hyperadam') {
      let s = 0;
      for (let i = 0; i < count; i++) for (const g of mem.view(input(`g${i}`))) s = f32(s + f32(g * g));
      view[at.u + 1] = factor(s);
    }
    const fns = passesFor(key, l, w.memory);
    const xi = inputs.xi ? w.offset(input('xi')) : 0;
    let dd = 0;
    fns.forEach((fn, pass) => {
      if (hyper && pass > 0) {
        const col = (sumAt: number, to: number, n: number) => {
          for (let c = 0; c < n; c++) view[at.u + to + c] = factor(sums[sumAt / 4 + c]);
        };
        if (l.kind === 'vhadam' && pass === 1) {
          col(ws.sums.a, fl.a, l.hidden);
          col(ws.sums.hp, fl.hp, l.hidden);
        } else {
          col(ws.sums.m, fl.m, J);
          col(ws.sums.h, fl.h, l.hidden);
        }
      }
      let off = 0;
      sizes.forEach((n, i) => {
        const r = fn(
          n,
          w.offset(input(`g${i}`)),
          w.offset(input(`p${i}`)),
          w.offset(input(`s${i}`)),
          w.offset(s1[i]),
          w.offset(p1[i]),
          B(at.w),
          B(at.u),
          B(at.ws),
          xi + 4 * off,
          B(at.pl + (lists?.starts[i] ?? 0)),
          B(at.pr + (lists?.rowStarts[i] ?? 0) * probeRow(J)),
        );
        if (pass === fns.length - 1) dd += r;
        off += n;
      });
    });
    mem.view(norm)[0] = Math.sqrt(dd);
    if (plan) {
      const prRows = view.subarray(at.pr, at.end);
      const rhoSums = sums.slice(ws.sums.rho / 4, ws.sums.rho / 4 + J);
      const values = readProbes(plan, prRows, J, rhoSums, total, l.kind === 'vhadam');
      PROBES[l.kind].forEach((name, k) => {
        mem.view(probes[k]).set(values[name]);
      });
    }
  } finally {
    w.free(scratch);
  }
  return [...p1, ...s1, norm, ...probes];
};

const ensureKernel = (kind: string): string => registerOnce(`LearnedWasm_${kind}`, 'wasm', () => kernelFunc);

/** Step t's uniforms: U[0] the signed output scale, then the kind's scalars (learnedWasmCode.ts). */
function uniformsOf(opt: LearnedOptimizer, t: number, scale: number, sampling: boolean): number[] {
  const a = opt.architecture as unknown as Arch;
  const num = (k: string) => a[k] as number;
  const moments = () => {
    const b1 = num('beta1');
    const b2 = num('beta2');
    return [b1, 1 - b1, b2, 1 - b2, 1 - b1 ** t, 1 - b2 ** t, num('eps')];
  };
  if (a.kind === 'dmoptimizer') return [scale, num('preprocessP'), Math.exp(num('preprocessP'))];
  if (a.kind === 'rnnprop') return [-scale, ...moments()];
  if (a.kind === 'hyperadam') return [-scale, 0];
  return [-scale, ...moments(), sampling ? 1 : 0];
}

/** The fused wasm rule of a learned optimizer, or undefined when its layout has none. */
export function learnedWasmRule(opt: LearnedOptimizer): UpdateRule | undefined {
  const l = learnedWasmLayoutOf(opt);
  if (!l) return undefined;
  const key = `${l.kind}:${l.hidden}:${l.layers}:${l.candidates}:${l.input0}:${l.fma}:${JSON.stringify(l.offsets)}`;
  layouts.set(key, l);
  // Engines without WebAssembly SIMD reject the module: the tfjs-ops rule runs instead.
  if (!validated.has(key)) validated.set(key, WebAssembly.validate(learnedModuleBytes(l, false)));
  if (!validated.get(key)) return undefined;
  const rows = stateLayout(l).rows;
  const what = `fused ${opt.kind} (wasm)`;
  const nWeights = opt.weights.count();
  return {
    id: opt.kind,
    init: (params): OptState => ({ t: 0, slots: { [SLOT]: params.map((p) => tf.zeros([p.size, rows])) } }),
    step(grads, state, params, hp, ctx): StepResult {
      if (tf.getBackend() !== 'wasm')
        throw new Error(`${what}: needs the wasm backend (active: ${tf.getBackend()})`);
      if (grads.length !== params.length)
        throw new Error(`${what}: ${grads.length} gradients, ${params.length} params`);
      const old = state.slots[SLOT];
      if (!old || old.length !== params.length || old.some((s, i) => s.size !== rows * params[i].size)) {
        throw new Error(`${what}: state is not this rule's [n, ${rows}] state (init it with this rule)`);
      }
      const t = state.t + 1;
      const vh = opt as VhAdamOptimizer;
      const sample = (hp as Readonly<Record<string, number | undefined>>).sample;
      const sampling = l.kind === 'vhadam' && (sample !== undefined ? sample !== 0 : vh.sampling);
      const inputs: Record<string, Tensor> = {};
      params.forEach((p, i) => {
        inputs[`g${i}`] = grads[i];
        inputs[`p${i}`] = p;
        inputs[`s${i}`] = old[i];
      });
      opt.weights.list().forEach((v, k) => {
        inputs[`w${k}`] = v;
      });
      const total = params.reduce((n, p) => n + p.size, 0);
      const seed = sampling ? vh.noiseSeedFor?.(ctx) : undefined;
      const xi = seed !== undefined ? tf.randomNormal([total, 1], 0, 1, 'float32', seed) : null;
      if (xi) inputs.xi = xi;
      const attrs: Attrs = {
        key,
        count: params.length,
        nWeights,
        uniforms: uniformsOf(opt, t, scaleOf(hp, opt), sampling),
      };
      const out = tf.engine().runKernel(ensureKernel(l.kind), inputs, attrs) as Tensor[];
      xi?.dispose();
      const k = params.length;
      const probes: Probes = { updateNorm: out[2 * k] };
      PROBES[l.kind].forEach((name, j) => {
        probes[name] = out[2 * k + 1 + j];
      });
      return { params: out.slice(0, k), state: { t, slots: { [SLOT]: out.slice(k, 2 * k) } }, probes };
    },
  };
}
