/**
 * Fused WebGPU inference for the coordinatewise learned optimizers (DMOptimizer, RNNprop):
 * `learnedFusedRule(opt)` is an UpdateRule with the same steps and probes as learnedRule(opt)
 * (src/core/learned/rule.ts) but one dispatch per parameter tensor (learnedShader.ts: each
 * invocation runs one coordinate's whole network step) plus the finish dispatch that turns the
 * per-workgroup Σ Δ² partials into updateNorm = ‖Δθ‖₂, in one compute pass. The meta-parameters
 * are copied into one storage buffer at the start of each step's command buffer (buffer-to-
 * buffer copies, no tfjs op: they are tf.Variables and may change between steps, e.g. while
 * meta-training).
 *
 * State: one slot `packed`, a [rows, n] tensor per parameter tensor (rows: learnedShader.ts),
 * not the reference's [N, H] per-layer tensors over all coordinates; it is for inference only
 * (no gradient w.r.t. φ flows through it).
 */
import type { Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { scaleOf } from '../learned/rule';
import type { LearnedOptimizer } from '../learned/types';
import type { OptState, StepResult, UpdateRule } from '../optim/types';
import { finishUniform } from './finishShader';
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
import { buildLearnedShader, LEARNED_UNIFORMS, type LearnedLayout, stateRows } from './learnedShader';
import { finishPipelineFor, pipelineForCode } from './pipelines';
import { WORKGROUP } from './shader';

const PACKED = 'packed';
const UNIFORM_ALIGN = 256;
const FINISH = { nReduced: 1, nSample: 0 };

/** The kernel layout of a learned optimizer, or null if it has no fused kernel. */
export function learnedLayoutOf(opt: LearnedOptimizer): LearnedLayout | null {
  const a = opt.architecture;
  if (a.kind !== 'dmoptimizer' && a.kind !== 'rnnprop') return null;
  const offsets: Record<string, number> = {};
  let at = 0;
  for (const d of opt.weights.defs) {
    offsets[d.name] = at;
    at += d.shape.reduce((x, y) => x * y, 1);
  }
  const input0 = a.kind === 'rnnprop' ? a.hidden : a.preprocessP > 0 ? 2 : 1;
  return { kind: a.kind, hidden: a.hidden, layers: a.layers, input0, offsets };
}

function uniformBlock(
  n: number,
  wgOffset: number,
  totalWg: number,
  nWg: number,
  values: number[],
): ArrayBuffer {
  const buf = new ArrayBuffer(16 + 16 * Math.ceil(values.length / 4));
  new Uint32Array(buf, 0, 4).set([n, wgOffset, totalWg, nWg]);
  new Float32Array(buf, 16, values.length).set(values);
  return buf;
}

function scalarsOf(opt: LearnedOptimizer, t: number, scale: number): number[] {
  const a = opt.architecture;
  const v: Record<(typeof LEARNED_UNIFORMS)[number], number> = {
    b1: 0,
    omb1: 0,
    b2: 0,
    omb2: 0,
    bc1: 1,
    bc2: 1,
    eps: 0,
    scale,
    lp: 1,
    ep: 1,
  };
  if (a.kind === 'rnnprop') {
    Object.assign(v, {
      b1: a.beta1,
      omb1: 1 - a.beta1,
      b2: a.beta2,
      omb2: 1 - a.beta2,
      bc1: 1 - a.beta1 ** t,
      bc2: 1 - a.beta2 ** t,
      eps: a.eps,
    });
  } else if (a.kind === 'dmoptimizer' && a.preprocessP > 0) {
    Object.assign(v, { lp: a.preprocessP, ep: Math.exp(a.preprocessP) });
  }
  return LEARNED_UNIFORMS.map((k) => v[k]);
}

/** The fused WebGPU rule of a learned optimizer, or undefined when its kind has none. */
export function learnedFusedRule(opt: LearnedOptimizer): UpdateRule | undefined {
  const layout = learnedLayoutOf(opt);
  if (!layout) return undefined;
  const rows = stateRows(layout);
  const what = `fused ${opt.kind}`;
  const key = `learned:${layout.kind}:${layout.hidden}:${layout.layers}:${layout.input0}:${JSON.stringify(layout.offsets)}`;
  return {
    id: opt.kind,
    init(params): OptState {
      return { t: 0, slots: { [PACKED]: params.map((p) => tf.zeros([rows, p.size])) } };
    },
    step(grads, state, params, hp): StepResult {
      const backend = requireWebGpu(what);
      if (grads.length !== params.length) {
        throw new Error(`${what}: ${grads.length} gradients, ${params.length} params`);
      }
      const old = state.slots[PACKED];
      if (!old || old.length !== params.length || old.some((s, i) => s.size !== rows * params[i].size)) {
        throw new Error(
          `${what}: state is not this rule's packed [${rows}, n] state (init it with this rule)`,
        );
      }
      const t = state.t + 1;
      const values = scalarsOf(opt, t, scaleOf(hp, opt));
      const cap = workgroupCap(backend);
      const wg = params.map((p) => (p.size === 0 ? 0 : Math.min(cap, Math.ceil(p.size / WORKGROUP))));
      const work = params.map((p, i) => ({
        g: grads[i],
        p,
        s: old[i],
        p1: newOutput(backend, p.shape),
        s1: newOutput(backend, [rows, p.size]),
      }));
      const norm = newOutput(backend, []);
      encode(backend, key, layout, work, wg, opt.weights.list(), norm, values, params);
      return {
        params: work.map((d) => toTensor(backend, d.p1)),
        state: { t, slots: { [PACKED]: work.map((d) => toTensor(backend, d.s1)) } },
        probes: { updateNorm: toTensor(backend, norm) },
      };
    },
  };
}

type Entry = { binding: number; resource: { buffer: GpuBuffer; offset?: number; size?: number } };

function encode(
  backend: WebGpuBackendLike,
  key: string,
  layout: LearnedLayout,
  work: { g: TensorInfo; p: TensorInfo; s: TensorInfo; p1: TensorInfo; s1: TensorInfo }[],
  wg: number[],
  weights: Tensor[],
  norm: TensorInfo,
  values: number[],
  params: Tensor[],
): void {
  const device = backend.device;
  const pipeline = pipelineForCode(device, key, `fused-${layout.kind}`, () => buildLearnedShader(layout));
  const finish = finishPipelineFor(device, FINISH);
  const bound = work.map((d) => ({
    g: bufferOf(backend, d.g),
    p: bufferOf(backend, d.p),
    s: bufferOf(backend, d.s),
    p1: bufferOf(backend, d.p1),
    s1: bufferOf(backend, d.s1),
  }));
  const wSrc = weights.map((v) => bufferOf(backend, v));
  const nBuf = bufferOf(backend, norm);
  if (compileOnly()) return;
  flushTfjs(backend);
  const totalWg = Math.max(
    1,
    wg.reduce((a, b) => a + b, 0),
  );
  const total = params.reduce((a, p) => a + p.size, 0);
  const live = params.map((_, i) => i).filter((i) => params[i].size > 0);
  const blocks: ArrayBuffer[] = [];
  let wgOffset = 0;
  params.forEach((p, i) => {
    if (p.size > 0) blocks.push(uniformBlock(p.size, wgOffset, totalWg, wg[i], values));
    wgOffset += wg[i];
  });
  blocks.push(finishUniform(totalWg, 0, 0, total, [0.5]));
  const data = new ArrayBuffer(UNIFORM_ALIGN * (blocks.length - 1) + blocks[blocks.length - 1].byteLength);
  blocks.forEach((b, k) => {
    new Uint8Array(data).set(new Uint8Array(b), k * UNIFORM_ALIGN);
  });
  const u = backend.bufferManager.acquireBuffer(data.byteLength, USAGE.UNIFORM | USAGE.COPY_DST);
  device.queue.writeBuffer(u, 0, data);
  const r = backend.bufferManager.acquireBuffer(4 * totalWg, USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST);
  const uni = (k: number): Entry => ({
    binding: 0,
    resource: { buffer: u, offset: k * UNIFORM_ALIGN, size: blocks[k].byteLength },
  });
  const wFloats = weights.reduce((a, v) => a + v.size, 0);
  const wBuf = backend.bufferManager.acquireBuffer(
    4 * wFloats,
    USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST,
  );
  const encoder = device.createCommandEncoder();
  let at = 0;
  weights.forEach((v, k) => {
    encoder.copyBufferToBuffer(wSrc[k], 0, wBuf, 4 * at, 4 * v.size);
    at += v.size;
  });
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  live.forEach((i, k) => {
    const b = bound[i];
    const entries: Entry[] = [
      uni(k),
      { binding: 1, resource: { buffer: b.g } },
      { binding: 2, resource: { buffer: b.p } },
      { binding: 3, resource: { buffer: b.s } },
      { binding: 4, resource: { buffer: b.p1 } },
      { binding: 5, resource: { buffer: b.s1 } },
      { binding: 6, resource: { buffer: r } },
      { binding: 7, resource: { buffer: wBuf } },
    ];
    pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries }));
    pass.dispatchWorkgroups(wg[i]);
  });
  const fin: Entry[] = [
    uni(live.length),
    { binding: 1, resource: { buffer: r } },
    { binding: 2, resource: { buffer: nBuf } },
  ];
  pass.setPipeline(finish);
  pass.setBindGroup(0, device.createBindGroup({ layout: finish.getBindGroupLayout(0), entries: fin }));
  pass.dispatchWorkgroups(1);
  pass.end();
  device.queue.submit([encoder.finish()]);
  backend.bufferManager.releaseBuffer(u);
  backend.bufferManager.releaseBuffer(r);
  backend.bufferManager.releaseBuffer(wBuf);
}
