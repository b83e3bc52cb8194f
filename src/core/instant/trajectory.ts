/**
 * Instant mode's fast path: a whole run of a 2-D landscape (every optimizer, every step, every
 * seed) computed without tfjs, as the frame the runner's one `advance(spec.steps)` returns
 * (run/runner.ts; same losses, θ_k, probes and divergence marks). Per step: the landscape's
 * loss and gradient in float32 as tfjs computes them (landscapeF32.ts), then the rule's fused
 * WebAssembly step (kernels/wasmCode.ts, compiled from the rule's one per-coordinate body in
 * kernels/specs.ts, the module the wasm backend's fused kernel runs) on a small memory of its
 * own, θ and state staying in that memory between steps. Scalars per step (bias corrections,
 * bounds) come from the same `uniformValues` as the fused kernel; schedule events apply before
 * their update (run/edits.ts); the minibatch stream (gradient noise ξ) is the runner's
 * fork('batches'). So the numbers are the tfjs run's, bit for bit on cpu and wasm
 * (test/instant/fastPath.test.ts). `fastPathWhyNot` says what it does not cover (learned
 * optimizers, other tasks): those go through the tfjs runner. No DOM.
 */
import { makeRng, normalArray } from '../experiment/rng';
import type { ExperimentSpec } from '../experiment/schema';
import { planFor } from '../kernels/dispatch';
import { sortedQuantiles } from '../kernels/hostFused';
import { KERNEL_SPECS, type KernelSpec, sampleProbeName, uniformValues } from '../kernels/specs';
import { wasmStepFor } from '../kernels/wasmCode';
import type { Hyper, HyperOf, OptimizerId } from '../optim/catalog';
import { PROBE_QUANTILES } from '../optim/probes';
import { isOptimizerId } from '../optim/validate';
import { completeHyper } from '../run/rules';
import { mergeFrames, seedsOf } from '../run/seeds';
import type { Frame, RunFrame } from '../run/types';
import { isLandscapeId, type LandscapeId } from '../tasks/landscapes';
import { landscapeLossGrad } from './landscapeF32';

/** Why the fast path cannot compute this spec (the tfjs runner then does), or null. */
export function fastPathWhyNot(spec: ExperimentSpec): string | null {
  if (!isLandscapeId(spec.task.id)) return `task ${spec.task.id} is not a 2-D landscape`;
  const other = spec.optimizers.find((o) => !isOptimizerId(o.id));
  if (other) return `${other.id} is a learned optimizer`;
  return null;
}

const F32 = 4;
const memory = new WebAssembly.Memory({ initial: 1 });

/** Float offsets of one run's blocks in the memory (2 coordinates). */
interface Block {
  p: [number, number];
  s: [number, number];
  g: number;
  /** Uniforms, the sample count, the fraction's count, then the samples. */
  u: number;
}

const MAX_ROWS = 4;
const MAX_UNIFORMS = 12;
const BLOCK = 2 * 2 + 2 * 2 * MAX_ROWS + 2 + MAX_UNIFORMS + 2 + 2 * 2;

function blocks(n: number): Block[] {
  const need = Math.ceil((n * BLOCK * F32) / 65536);
  const have = memory.buffer.byteLength / 65536;
  if (need > have) memory.grow(need - have);
  return Array.from({ length: n }, (_, i) => {
    const b = i * BLOCK;
    const s0 = b + 4;
    const g = s0 + 4 * MAX_ROWS;
    return { p: [b, b + 2], s: [s0, s0 + 2 * MAX_ROWS], g, u: g + 2 };
  });
}

interface Live {
  spec: KernelSpec;
  entry: ExperimentSpec['optimizers'][number];
  explicit: Hyper;
  hp: Hyper;
  rows: string[];
  nextEvent: number;
  t: number;
  /** Which of the two θ/state buffers holds the current values. */
  cur: 0 | 1;
  block: Block;
  out: RunFrame;
  good: boolean;
}

const plan = planFor([2]);

/** One seed's frame. */
function seedFrame(spec: ExperimentSpec, seed: number): Frame {
  const id = spec.task.id as LandscapeId;
  const o = spec.task.options as { x0: number; y0: number; noise: number; kappa?: number };
  const rows = spec.steps + 1;
  const bl = blocks(spec.optimizers.length);
  const f32 = new Float32Array(memory.buffer);
  const runs: Live[] = spec.optimizers.map((entry, i) => {
    const ks = KERNEL_SPECS[entry.id as OptimizerId] as KernelSpec;
    const hp = completeHyper(entry.id, entry.hyper, `optimizers[${i}].hyper`);
    const block = bl[i];
    f32[block.p[0]] = o.x0;
    f32[block.p[0] + 1] = o.y0;
    f32.fill(0, block.s[0], block.s[0] + 2 * MAX_ROWS);
    const probes: RunFrame['probes'] = {};
    const add = (name: string, width: number) => {
      probes[name] = { width, values: new Float32Array(rows * width).fill(Number.NaN) };
    };
    add('updateNorm', 1);
    if (ks.fraction) add(ks.fraction.name, 1);
    for (const e of ks.sample ?? []) add(sampleProbeName(e), PROBE_QUANTILES.length);
    for (const name of Object.keys(ks.hostProbes?.(hp as never, 1) ?? {})) add(name, 1);
    const out: RunFrame = {
      index: i,
      losses: new Float32Array(rows).fill(Number.NaN),
      trajectory: new Float32Array(2 * rows).fill(Number.NaN),
      probes,
    };
    const live: Live = {
      spec: ks,
      entry,
      explicit: { ...entry.hyper },
      hp,
      rows: ks.slots(hp as never),
      nextEvent: 0,
      t: 0,
      cur: 0,
      block,
      out,
      good: true,
    };
    return live;
  });
  const batches = makeRng(seed).fork('batches');
  for (let k = 0; k < rows; k++) {
    const xi = o.noise > 0 ? normalArray(batches, 2) : null;
    for (const run of runs) {
      if (!run.good) continue;
      const p = run.block.p[run.cur];
      const x = f32[p];
      const y = f32[p + 1];
      const lg = landscapeLossGrad(id, x, y, o.kappa ?? 50, o.noise, xi);
      run.out.losses[k] = lg.loss;
      (run.out.trajectory as Float32Array).set([x, y], 2 * k);
      if (k < spec.steps) stepOnce(run, k, lg.gx, lg.gy, f32);
      if (!Number.isFinite(lg.loss)) {
        run.good = false;
        run.out.divergedAt = k;
      }
    }
  }
  return { fromStep: 0, count: rows, runs: runs.map((r) => r.out) };
}

/** Schedule events up to update k, then the rule's step k → k + 1 and its probes in row k. */
function stepOnce(run: Live, k: number, gx: number, gy: number, f32: Float32Array): void {
  const events = run.entry.schedule ?? [];
  let changed = false;
  while (run.nextEvent < events.length && events[run.nextEvent].step <= k) {
    run.explicit = { ...run.explicit, ...events[run.nextEvent].hyper };
    run.nextEvent++;
    changed = true;
  }
  const ks = run.spec;
  if (changed) {
    run.hp = completeHyper(run.entry.id, run.explicit, `optimizers[${run.out.index}].schedule`);
    adaptRows(run, ks.slots(run.hp as never), f32);
  }
  run.t++;
  const b = run.block;
  const [P, P1] = [b.p[run.cur], b.p[1 - run.cur]];
  const [S, S1] = [b.s[run.cur], b.s[1 - run.cur]];
  f32[b.g] = gx;
  f32[b.g + 1] = gy;
  const uniforms = uniformValues(ks as KernelSpec<OptimizerId>, run.hp as HyperOf<OptimizerId>, run.t);
  f32.set(uniforms, b.u);
  f32[b.u + uniforms.length] = plan.count;
  f32[b.u + uniforms.length + 1] = 0;
  const q = b.u + uniforms.length + 2;
  const step = wasmStepFor(ks, run.rows, memory);
  const dd = step(2, b.g * F32, P * F32, S * F32, P1 * F32, S1 * F32, b.u * F32, q * F32, 0, 1, 0);
  run.cur = run.cur === 0 ? 1 : 0;
  const pr = run.out.probes;
  pr.updateNorm.values[k] = Math.sqrt(dd);
  if (ks.fraction) pr[ks.fraction.name].values[k] = f32[q - 1] / Math.max(1, plan.total);
  (ks.sample ?? []).forEach((e, j) => {
    const sample = Float64Array.from(f32.subarray(q + j * plan.count, q + (j + 1) * plan.count));
    pr[sampleProbeName(e)].values.set(sortedQuantiles(sample, PROBE_QUANTILES), k * PROBE_QUANTILES.length);
  });
  for (const [name, v] of Object.entries(ks.hostProbes?.(run.hp as never, run.t) ?? {}))
    pr[name].values[k] = v;
}

/** The state rows for new hyperparameters (RMSprop gains b when μ > 0): reused by name, new ones 0. */
function adaptRows(run: Live, want: string[], f32: Float32Array): void {
  if (want.join(',') === run.rows.join(',')) return;
  const S = run.block.s[run.cur];
  const old = Array.from(f32.subarray(S, S + 2 * run.rows.length));
  want.forEach((name, r) => {
    const k = run.rows.indexOf(name);
    f32[S + 2 * r] = k >= 0 ? old[2 * k] : 0;
    f32[S + 2 * r + 1] = k >= 0 ? old[2 * k + 1] : 0;
  });
  run.rows = want;
}

/** The frame of the whole run of `spec` (a 2-D landscape, hand-designed optimizers; see fastPathWhyNot). */
export function instantFrame(spec: ExperimentSpec): Frame {
  const why = fastPathWhyNot(spec);
  if (why) throw new Error(`instant fast path: ${why}`);
  const frames = seedsOf(spec).map((seed) => seedFrame(spec, seed));
  return frames.length === 1 ? frames[0] : mergeFrames(frames, new Set());
}
