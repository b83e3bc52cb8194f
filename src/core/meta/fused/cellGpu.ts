/**
 * Host side of the fused LSTM cell nodes (cellShaders.ts; math: docs/algorithms.md §2.2 and
 * src/core/meta/lean/cell.ts): records a node's passes into one command encoder and one
 * compute pass on tfjs's own GPU device (src/core/kernels/gpu.ts), reading tfjs tensors'
 * buffers in place and writing new tfjs-owned outputs. Scratch (dz, the dK partials) and the
 * uniform blocks come from tfjs's buffer pool and go back to it after the submit.
 *   forward  1 dispatch  → [out, A]
 *   backward 3 dispatches (bwdRows, bwdPart, bwdSum) → [dx, dh, dc, dK, db]
 * Each submit first flushes tfjs's pending commands (ordering), as the fused rules do.
 */
import type { Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import {
  bufferOf,
  compileOnly,
  flushTfjs,
  type GpuBuffer,
  type GpuPipeline,
  newOutput,
  requireWebGpu,
  toTensor,
  USAGE,
  type WebGpuBackendLike,
  workgroupCap,
} from '../../kernels/gpu';
import { pipelineForCode } from '../../kernels/pipelines';
import {
  bwdPartShader,
  bwdRowsShader,
  bwdSumShader,
  type CellShape,
  fwdShader,
  gateCols,
  partialEntries,
  WG,
} from './cellShaders';
import { countDispatches } from './dispatchCount';

const UNIFORM_ALIGN = 256;
const STORAGE = USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST;

type Pass = 'fwd' | 'bwdRows' | 'bwdPart' | 'bwdSum';
const SHADERS: Record<Pass, (s: CellShape) => string> = {
  fwd: fwdShader,
  bwdRows: bwdRowsShader,
  bwdPart: bwdPartShader,
  bwdSum: bwdSumShader,
};

function pipeline(b: WebGpuBackendLike, pass: Pass, s: CellShape): GpuPipeline {
  const key = `lstm-cell:${s.node}:${pass}:${s.inp}:${s.hidden}`;
  return pipelineForCode(b.device, key, `fused-${key}`, () => SHADERS[pass](s));
}

interface Dispatch {
  pipeline: GpuPipeline;
  /** Bindings 1…, in order. */
  buffers: GpuBuffer[];
  uniform: [number, number, number, number];
  grid: [number, number];
}

function submit(b: WebGpuBackendLike, ds: Dispatch[]): void {
  if (compileOnly()) return;
  flushTfjs(b);
  const data = new ArrayBuffer(UNIFORM_ALIGN * ds.length);
  ds.forEach((d, k) => {
    new Uint32Array(data, k * UNIFORM_ALIGN, 4).set(d.uniform);
  });
  const u = b.bufferManager.acquireBuffer(data.byteLength, USAGE.UNIFORM | USAGE.COPY_DST);
  b.device.queue.writeBuffer(u, 0, data);
  const encoder = b.device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  ds.forEach((d, k) => {
    const entries = [
      { binding: 0, resource: { buffer: u, offset: k * UNIFORM_ALIGN, size: 16 } },
      ...d.buffers.map((buffer, i) => ({ binding: i + 1, resource: { buffer } })),
    ];
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, b.device.createBindGroup({ layout: d.pipeline.getBindGroupLayout(0), entries }));
    pass.dispatchWorkgroups(d.grid[0], d.grid[1]);
  });
  pass.end();
  b.device.queue.submit([encoder.finish()]);
  countDispatches(ds.length);
  b.bufferManager.releaseBuffer(u);
}

/** Workgroups of a per-coordinate pass over n rows (grid-stride beyond the cap). */
const rowGroups = (b: WebGpuBackendLike, n: number) =>
  Math.max(1, Math.min(workgroupCap(b), Math.ceil(n / WG)));

/** Forward of a node: out [N, H] (c' or h') and its saved activations A [N, GH]. */
export function cellForward(
  s: CellShape,
  x: Tensor,
  h: Tensor,
  c: Tensor,
  kernel: Tensor,
  bias: Tensor,
): { out: Tensor; saved: Tensor } {
  const b = requireWebGpu('fused LSTM cell');
  const n = x.shape[0] as number;
  const out = newOutput(b, [n, s.hidden]);
  const a = newOutput(b, [n, gateCols(s).gh]);
  const wg = rowGroups(b, n);
  const ins = [x, h, c, kernel, bias].map((t) => bufferOf(b, t));
  submit(b, [
    {
      pipeline: pipeline(b, 'fwd', s),
      buffers: [...ins, bufferOf(b, out), bufferOf(b, a)],
      uniform: [n, wg, 0, 0],
      grid: [wg, 1],
    },
  ]);
  return { out: toTensor(b, out), saved: toTensor(b, a) };
}

/** Chunks of rows for the dK partials: enough workgroups to fill the device, few on software. */
function chunking(b: WebGpuBackendLike, n: number): { rows: number; chunks: number } {
  const rows = Math.max(64, Math.ceil(n / (workgroupCap(b) >= 8192 ? 256 : 8)));
  return { rows, chunks: Math.max(1, Math.ceil(n / rows)) };
}

/**
 * Backward of a node from d (the gradient reaching its output) and the forward's tensors:
 * [dx, dh, dc, dK, db] (dc: state node → the gradient of c; output node → the part reaching c').
 */
export function cellBackward(
  s: CellShape,
  d: Tensor,
  t: { x: Tensor; h: Tensor; c: Tensor; kernel: Tensor; saved: Tensor },
): Tensor[] {
  const b = requireWebGpu('fused LSTM cell');
  const n = t.x.shape[0] as number;
  const { gh } = gateCols(s);
  const E = partialEntries(s);
  const outs: TensorInfo[] = [
    newOutput(b, [n, s.inp]),
    newOutput(b, [n, s.hidden]),
    newOutput(b, [n, s.hidden]),
    newOutput(b, [s.inp + s.hidden, 4 * s.hidden]),
    newOutput(b, [4 * s.hidden]),
  ];
  const [dx, dh, dc, dk, db] = outs.map((o) => bufferOf(b, o));
  const { rows, chunks } = chunking(b, n);
  const dz = b.bufferManager.acquireBuffer(4 * Math.max(1, n * gh), STORAGE);
  const part = b.bufferManager.acquireBuffer(4 * chunks * E, STORAGE);
  const wg = rowGroups(b, n);
  const [X, H, C, K, A, D] = [t.x, t.h, t.c, t.kernel, t.saved, d].map((v) => bufferOf(b, v));
  const nk = (s.inp + s.hidden + 1) * 4 * s.hidden;
  submit(b, [
    {
      pipeline: pipeline(b, 'bwdRows', s),
      buffers: [K, A, C, D, dx, dh, dc, dz],
      uniform: [n, wg, 0, 0],
      grid: [wg, 1],
    },
    {
      pipeline: pipeline(b, 'bwdPart', s),
      buffers: [X, H, dz, part],
      uniform: [n, 0, rows, chunks],
      grid: [chunks, Math.ceil(E / WG)],
    },
    {
      pipeline: pipeline(b, 'bwdSum', s),
      buffers: [part, dk, db],
      uniform: [n, 0, rows, chunks],
      grid: [Math.ceil(nk / WG), 1],
    },
  ]);
  b.bufferManager.releaseBuffer(dz);
  b.bufferManager.releaseBuffer(part);
  return outs.map((o) => toTensor(b, o));
}
