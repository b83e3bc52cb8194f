/**
 * The fused HyperAdam / VHAdam cell as ONE multi-output tape node on tfjs-backend-webgpu
 * (docs/algorithms.md §4.1, §4.2; docs/meta-training-profile.md "Fused WebGPU cells"):
 *   inputs  g [N,1], s [N,H], m, v, β̂, γ̂ [N,J], (V: ξ, ℓ₀ [N,1]), W_ad, b_ad, W_q, b_q, (w_var, b_var)
 *   outputs m′, v′, β̂′, γ̂′ [N,J], μ [N,1], (V: log σ² = s·w_var + b_var + ℓ₀ [N,1],
 *           d = μ + e^{½ log σ²}ξ [N,1])
 * i.e. colNorm + AdamCell + WeightCell + combine (+ VarBlock and the reparameterised sample)
 * of the lean path's leanAdamAndCombine (lean/kinds.ts) and VHAdam's variance head.
 * Forward: 2 dispatches (hyperFwd.ts); backward: 4 (hyperBwd.ts rows + colNorm, hyperGram.ts
 * partials + finish), all inputs' gradients exact (g and ξ included). Saved for the backward
 * pass: the staged inputs X and the staged weights W (with the colNorm scales r), two tensors.
 * tf.customGrad allows a single output, so the node is a multi-output tape node (lean/tapeNode.ts:
 * the engine's runKernelFunc; one dy per output, zeros for unused ones).
 */
import type { Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import {
  bufferOf,
  isSoftwareAdapter,
  newOutput,
  requireWebGpu,
  toTensor,
  type WebGpuBackendLike,
} from '../../kernels/gpu';
import { pipelineForCode } from '../../kernels/pipelines';
import { tapeNode } from '../lean/tapeNode';
import { type Copy, floatsOf, packInto, runGpu, scratch, unpackFrom } from './gpuRun';
import { colNormBackShader, rowsBackShader } from './hyperBwd';
import { colSqShader, rowsShader } from './hyperFwd';
import { gramEntries, gramFinishShader, gramShader } from './hyperGram';
import { type CellDims, oBlocks, paramShapes, WG, wOffsets, xBlocks } from './hyperLayout';

/** Workgroups of the row passes: few long ones on a software adapter (kernels/gpu.ts). */
const rowGroups = (n: number, software: boolean) =>
  Math.max(1, Math.min(software ? 16 : 256, Math.ceil(n / WG)));

function pipelines(b: WebGpuBackendLike, d: CellDims) {
  const key = `hyper:${d.J}:${d.H}:${d.V}`;
  const p = (name: string, code: (d: CellDims) => string) =>
    pipelineForCode(b.device, `${key}:${name}`, `fused-hyper-${name}`, () => code(d));
  return {
    colSq: p('colSq', colSqShader),
    rows: p('rows', rowsShader),
    back: p('back', rowsBackShader),
    colBack: p('colBack', colNormBackShader),
    gram: p('gram', gramShader),
    gramFinish: p('gramFinish', gramFinishShader),
  };
}

function forward(b: WebGpuBackendLike, d: CellDims, data: Tensor[], params: Tensor[]) {
  const n = data[0].shape[0] as number;
  const ps = pipelines(b, d);
  const nWg = rowGroups(n, isSoftwareAdapter(b));
  const X = newOutput(b, [n * xBlocks(d).reduce((a, c) => a + c, 0)]);
  const W = newOutput(b, [wOffsets(d).size]);
  const outShapes = oBlocks(d).map((k) => [n, k]);
  const outs = outShapes.map((s) => newOutput(b, s));
  const O = scratch(b, n * oBlocks(d).reduce((a, c) => a + c, 0));
  const P = scratch(b, nWg * (d.J + d.H));
  const xb = bufferOf(b, X);
  const wb = bufferOf(b, W);
  const before: Copy[] = [
    ...packInto(
      data.map((t) => ({ buffer: bufferOf(b, t), floats: floatsOf(t) })),
      xb,
    ),
    ...packInto(
      params.map((t) => ({ buffer: bufferOf(b, t), floats: floatsOf(t) })),
      wb,
    ),
  ];
  const after = unpackFrom(
    O,
    outs.map((t) => ({ buffer: bufferOf(b, t), floats: floatsOf(t) })),
  );
  runGpu(
    b,
    [n, nWg, 0, 0],
    before,
    [
      { pipeline: ps.colSq, buffers: [xb, P], workgroups: [nWg, 1] },
      { pipeline: ps.rows, buffers: [xb, wb, P, O], workgroups: [nWg, 1] },
    ],
    after,
    [O, P],
  );
  return { outs: outs.map((t) => toTensor(b, t)), X: toTensor(b, X), W: toTensor(b, W) };
}

function backward(b: WebGpuBackendLike, d: CellDims, dys: Tensor[], X: Tensor, W: Tensor, ins: Tensor[]) {
  const nData = xBlocks(d).length;
  const n = ins[0].shape[0] as number;
  const ps = pipelines(b, d);
  const software = isSoftwareAdapter(b);
  const nWg = rowGroups(n, software);
  const E = gramEntries(d);
  const C = Math.max(1, Math.min(software ? 16 : 64, Math.ceil(n / 256)));
  const rowsPer = Math.ceil(n / C);
  const grads: TensorInfo[] = ins.map((t) => newOutput(b, t.shape));
  const DY = scratch(
    b,
    dys.reduce((a, t) => a + floatsOf(t), 0),
  );
  const GX = scratch(b, floatsOf(X));
  const D = scratch(b, n * (3 * d.J + (d.V ? 1 : 0) + d.J + d.H));
  const P = scratch(b, nWg * (d.J + d.H));
  const Q = scratch(b, C * E);
  const PG = scratch(b, E);
  const xb = bufferOf(b, X);
  const wb = bufferOf(b, W);
  const buf = (t: TensorInfo) => ({ buffer: bufferOf(b, t), floats: floatsOf(t) });
  runGpu(
    b,
    [n, nWg, rowsPer, C],
    packInto(dys.map(buf), DY),
    [
      { pipeline: ps.back, buffers: [xb, wb, DY, GX, D, P], workgroups: [nWg, 1] },
      { pipeline: ps.colBack, buffers: [xb, wb, D, P, GX], workgroups: [nWg, 1] },
      { pipeline: ps.gram, buffers: [xb, wb, D, Q], workgroups: [Math.ceil(E / WG), C] },
      { pipeline: ps.gramFinish, buffers: [Q, PG], workgroups: [Math.ceil(E / WG), 1] },
    ],
    [...unpackFrom(GX, grads.slice(0, nData).map(buf)), ...unpackFrom(PG, grads.slice(nData).map(buf))],
    [DY, GX, D, P, Q, PG],
  );
  return grads.map((t) => toTensor(b, t));
}

/** The node: data = [g, s, m, v, β̂, γ̂, (ξ, ℓ₀)], params = [W_ad, b_ad, W_q, b_q, (w_var, b_var)]. */
export function fusedHyperCell(d: CellDims, data: Tensor[], params: Tensor[]): Tensor[] {
  const b = requireWebGpu('fused HyperAdam cell');
  const n = data[0].shape[0] as number;
  const want = xBlocks(d).map((k) => n * k);
  if (data.length !== want.length || data.some((t, i) => t.size !== want[i])) {
    throw new Error(`fused HyperAdam cell: data shapes ${data.map((t) => t.shape)} do not fit N=${n}`);
  }
  const ps = paramShapes(d);
  if (params.length !== ps.length || params.some((t, i) => !tf.util.arraysEqual(t.shape, ps[i]))) {
    throw new Error(`fused HyperAdam cell: parameter shapes ${params.map((t) => t.shape)} ≠ ${ps}`);
  }
  const ins = [...data, ...params];
  return tapeNode(ins, (save) => {
    const r = forward(b, d, data, params);
    save([r.X, r.W]);
    return { outputs: r.outs, grads: (dys, saved) => backward(b, d, dys, saved[0], saved[1], ins) };
  });
}
