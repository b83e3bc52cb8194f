/**
 * The probes of HyperAdam and VHAdam from the generated wasm step (learnedWasm.ts), the same
 * values as the tfjs-ops networks' (learned/hyperadam/index.ts hyperAdamProbes,
 * learned/vhadam/index.ts): quantiles over the fixed strided sample of optim/probes.ts (every
 * k-th of the N·J values of β, γ, ρ flattened row-major, k = ⌈N·J/4096⌉; every k-th of σ²'s
 * N, k = ⌈N/4096⌉, and of μ² at the same rows), rhoMean (column means of ρ) and updateTrace (μ, then d, at the rows 0, s,
 * 2s, … with s = ⌈N/4⌉). The kernel writes one probe row (learnedWasmCode.ts PROBE_ROW) per
 * coordinate that any sample touches; this file lists those coordinates and reads the rows.
 */

import { TRACE_COORDS } from '../learned/vhadam';
import { PROBE_QUANTILES, QUANTILE_SAMPLE_MAX } from '../optim/probes';
import { sortedQuantiles } from './hostFused';
import { probeRow } from './learnedWasmCode';

export interface ProbePlan {
  /** Sorted coordinates (global) whose probe row the kernel writes. */
  coords: number[];
  /** For each sampled value of β/γ/ρ: [row index in coords, column j]. */
  cells: [number, number][];
  /** Rows of the σ² sample and of the trace. */
  varRows: number[];
  traceRows: number[];
}

export function probePlan(n: number, j: number, variational: boolean): ProbePlan {
  const rowOf = new Map<number, number>();
  const want = new Set<number>();
  const k = Math.ceil((n * j) / QUANTILE_SAMPLE_MAX);
  for (let q = 0; q < n * j; q += k) want.add(Math.floor(q / j));
  const k2 = Math.ceil(n / QUANTILE_SAMPLE_MAX);
  const s = Math.max(1, Math.ceil(n / TRACE_COORDS));
  if (variational) {
    for (let i = 0; i < n; i += k2) want.add(i);
    for (let i = 0; i < n; i += s) want.add(i);
  }
  const coords = [...want].sort((a, b) => a - b);
  coords.forEach((c, r) => {
    rowOf.set(c, r);
  });
  const row = (i: number) => rowOf.get(i) as number;
  const cells: [number, number][] = [];
  for (let q = 0; q < n * j; q += k) cells.push([row(Math.floor(q / j)), q % j]);
  const varRows: number[] = [];
  const traceRows: number[] = [];
  if (variational) {
    for (let i = 0; i < n; i += k2) varRows.push(row(i));
    for (let i = 0; i < n; i += s) traceRows.push(row(i));
  }
  return { coords, cells, varRows, traceRows };
}

/** The probe lists per tensor (local indices, each ended by −1) as one Int32Array. */
export function probeLists(
  plan: ProbePlan,
  sizes: number[],
): { list: Int32Array; starts: number[]; rowStarts: number[] } {
  const list: number[] = [];
  const starts: number[] = [];
  const rowStarts: number[] = [];
  let off = 0;
  let r = 0;
  for (const n of sizes) {
    starts.push(list.length);
    rowStarts.push(r);
    while (r < plan.coords.length && plan.coords[r] < off + n) list.push(plan.coords[r++] - off);
    list.push(-1);
    off += n;
  }
  return { list: Int32Array.from(list), starts, rowStarts };
}

/** The probe values from the kernel's rows (rows: plan.coords.length × probeRow(j) floats). */
export function readProbes(
  plan: ProbePlan,
  rows: Float32Array,
  j: number,
  rhoSums: Float32Array,
  n: number,
  variational: boolean,
): Record<string, Float32Array> {
  const R = probeRow(j);
  const sample = (col: number) => Float64Array.from(plan.cells, ([r, c]) => rows[r * R + col + c]);
  const q = (s: Float64Array) => Float32Array.from(sortedQuantiles(s, PROBE_QUANTILES));
  const out: Record<string, Float32Array> = {};
  if (variational) {
    out.varQuantiles = q(Float64Array.from(plan.varRows, (r) => rows[r * R + 3 * j]));
    out.meanSqQuantiles = q(
      Float64Array.from(plan.varRows, (r) => Math.fround(rows[r * R + 3 * j + 1] ** 2)),
    );
  }
  out.betaQuantiles = q(sample(0));
  out.gammaQuantiles = q(sample(j));
  out.rhoQuantiles = q(sample(2 * j));
  out.rhoMean = Float32Array.from({ length: j }, (_, c) => rhoSums[c] / n); // float32 Σ / N
  if (variational) {
    out.updateTrace = Float32Array.from([
      ...plan.traceRows.map((r) => rows[r * R + 3 * j + 1]),
      ...plan.traceRows.map((r) => rows[r * R + 3 * j + 2]),
    ]);
  }
  return out;
}

const plans = new Map<string, ProbePlan>();
/** The probe plan for N coordinates (the last few kept: one per parameter count in use). */
export function planFor(n: number, j: number, variational: boolean): ProbePlan {
  const key = `${n}:${j}:${variational}`;
  let p = plans.get(key);
  if (!p) {
    if (plans.size >= 8) plans.clear();
    p = probePlan(n, j, variational);
    plans.set(key, p);
  }
  return p;
}
