/**
 * Several seeds as a layer over the Runner: one Runner per seed (spec.seed, spec.seed + 1, …),
 * each giving every optimizer the same initial parameters and the same minibatch stream, so
 * within a seed the comparison is exactly the Runner's, and across seeds it is averaged.
 *
 * SeedRunner has the Runner's interface (create, advance, setHyper, evalLosses, dispose…), so
 * the worker session and the CLI use it in place of one. Its frames hold, per optimizer:
 *   losses      the step-wise mean over seeds (NaN from the first step where any seed diverged);
 *   seedLosses  every seed's losses (only with more than one seed);
 *   trajectory, probes  the first seed's (one path on the contour map, one set of probe charts);
 *   divergedAt  the earliest divergence among the seeds.
 * Held-out metrics: with `evalEvery` set, a frame that ends at or past the next multiple of
 * evalEvery (and the last frame) carries `eval`: held-out loss/accuracy per optimizer and seed.
 * Decision maps: with `boundaryEvery` set, on 2-D classification tasks a frame at least that many
 * updates after the last map (and the last frame) carries `decision`: the first seed's
 * P(class 1) over a BOUNDARY_RES² grid per optimizer (run/boundary.ts).
 */

import type { ExperimentSpec } from '../experiment/schema';
import type { Hyper } from '../optim/catalog';
import type { TaskEnv } from '../tasks/registry';
import type { DecisionGrid } from './boundary';
import type { RunCheckpointSet } from './checkpoint';
import { Runner, type RunnerOptions } from './runner';
import { curveStats } from './stats';
import type { EvalPoint, Frame, KernelsInfo, RunFrame } from './types';

export interface SeedRunnerOptions extends RunnerOptions {
  /** Measure held-out metrics every this many updates (0 or absent: only on request). */
  evalEvery?: number;
  /** Attach decision-boundary maps every this many updates (0 or absent: never). */
  boundaryEvery?: number;
}

/** Resolution of the live decision-boundary maps (cells per side) and their cadence. */
export const BOUNDARY_RES = 40;
export const BOUNDARY_EVERY = 5;

/** Options of a live run in the page: held-out metrics ~40 times, decision maps every 5 steps. */
export function liveOptions(spec: Pick<ExperimentSpec, 'steps'>): SeedRunnerOptions {
  return { evalEvery: evalEveryFor(spec), boundaryEvery: BOUNDARY_EVERY };
}

/** Held-out cadence for live charts: about 40 measurements per run. */
export function evalEveryFor(spec: Pick<ExperimentSpec, 'steps'>): number {
  return Math.max(1, Math.round(spec.steps / 40));
}

/** The seeds a spec runs over: seed, seed + 1, …, seed + seeds − 1. */
export function seedsOf(spec: Pick<ExperimentSpec, 'seed' | 'seeds'>): number[] {
  return Array.from({ length: spec.seeds ?? 1 }, (_, s) => spec.seed + s);
}

export class SeedRunner {
  readonly spec: ExperimentSpec;
  readonly seeds: number[];
  private nextEval: number;
  private nextBoundary = 0;
  /** Optimizers whose (earliest) divergence was already reported on a frame. */
  private readonly reported = new Set<number>();

  private constructor(
    spec: ExperimentSpec,
    private readonly runners: Runner[],
    private readonly evalEvery: number,
    private readonly boundaryEvery = 0,
  ) {
    this.spec = spec;
    this.seeds = runners.map((r) => r.spec.seed);
    this.nextEval = evalEvery > 0 ? evalEvery : Number.POSITIVE_INFINITY;
  }

  static async create(spec: ExperimentSpec, env: TaskEnv, opts: SeedRunnerOptions = {}): Promise<SeedRunner> {
    const own: ExperimentSpec = JSON.parse(JSON.stringify(spec));
    const runners: Runner[] = [];
    try {
      for (const seed of seedsOf(own)) {
        const one: ExperimentSpec = { ...own, seed };
        delete one.seeds;
        runners.push(await Runner.create(one, env, opts));
      }
    } catch (e) {
      for (const r of runners) r.dispose();
      throw e;
    }
    const every = (k: number | undefined) => Math.max(0, Math.floor(k ?? 0));
    return new SeedRunner(own, runners, every(opts.evalEvery), every(opts.boundaryEvery));
  }

  get twoD(): boolean {
    return this.runners[0].twoD;
  }

  get kernels(): KernelsInfo {
    return this.runners[0].kernels;
  }

  get step(): number {
    return this.runners[0].step;
  }

  get done(): boolean {
    return this.runners[0].done;
  }

  /** True once any seed of optimizer `index` diverged. */
  diverged(index: number): boolean {
    return this.runners.some((r) => r.diverged(index));
  }

  /** Runner.setHyper on every seed; returns the step it applies at (recorded in `spec`). */
  setHyper(index: number, hyper: Hyper): number {
    let step = 0;
    for (const r of this.runners) step = r.setHyper(index, hyper);
    const { schedule, ...rest } = this.runners[0].spec.optimizers[index];
    this.spec.optimizers[index] = JSON.parse(JSON.stringify({ ...rest, ...(schedule ? { schedule } : {}) }));
    return step;
  }

  /** Runner.extend on every seed: n more steps from the current state (Continue +N). */
  extend(n: number): void {
    for (const r of this.runners) r.extend(n);
    this.spec.steps = this.runners[0].spec.steps;
    if (this.evalEvery > 0) this.nextEval = (Math.floor(this.step / this.evalEvery) + 1) * this.evalEvery;
  }

  async advance(n: number): Promise<Frame> {
    const frames: Frame[] = [];
    for (const r of this.runners) frames.push(await r.advance(n));
    const frame = frames.length === 1 ? frames[0] : mergeFrames(frames, this.reported);
    if (this.step >= this.nextEval || (this.done && this.nextEval !== Number.POSITIVE_INFINITY)) {
      frame.eval = await this.evaluate();
      while (this.nextEval <= this.step) this.nextEval += this.evalEvery;
      if (this.done) this.nextEval = Number.POSITIVE_INFINITY;
    }
    if (this.boundaryEvery > 0 && (this.step >= this.nextBoundary || this.done)) {
      const grid = await this.decisionGrid(BOUNDARY_RES);
      if (grid) frame.decision = grid;
      this.nextBoundary = grid ? this.step + this.boundaryEvery : Number.POSITIVE_INFINITY;
    }
    return frame;
  }

  /** Every seed's exact state at this update boundary (run/checkpoint.ts). */
  async checkpoint(): Promise<RunCheckpointSet> {
    const runners = [];
    for (const r of this.runners) runners.push(await r.checkpoint());
    return { step: this.step, nextEval: this.nextEval, reported: [...this.reported], runners };
  }

  /** Continue from a checkpoint of a SeedRunner built from the same spec (throws if it does not fit). */
  restore(ck: RunCheckpointSet): void {
    if (ck.runners.length !== this.runners.length)
      throw new Error(`checkpoint: ${ck.runners.length} seeds, the spec has ${this.runners.length}`);
    this.runners.forEach((r, i) => {
      r.restore(ck.runners[i]);
    });
    this.nextEval = ck.nextEval;
    this.reported.clear();
    for (const i of ck.reported) this.reported.add(i);
  }

  /** Held-out loss and accuracy per optimizer and seed at the current step; null without held-out data. */
  async evaluate(): Promise<EvalPoint | undefined> {
    const losses: (number | null)[][] = [];
    const accs: (number | null)[][] = [];
    for (const r of this.runners) {
      losses.push(await r.evalLosses());
      accs.push(await r.evalAccuracies());
    }
    if (losses[0].every((v) => v === null)) return undefined;
    const perRun = (m: (number | null)[][]) =>
      this.spec.optimizers.map((_, i) => m.map((seedRow) => seedRow[i] ?? Number.NaN));
    return {
      step: this.step,
      loss: perRun(losses),
      accuracy: accs[0].every((v) => v === null) ? null : perRun(accs),
    };
  }

  /** The first seed's decision-boundary maps (2-D classification tasks; null elsewhere). */
  decisionGrid(res: number): Promise<DecisionGrid | null> {
    return this.runners[0].decisionGrid(res);
  }

  /** Mean held-out loss per optimizer over seeds (null without held-out data). */
  async evalLosses(): Promise<(number | null)[]> {
    const ev = await this.evaluate();
    if (!ev) return this.spec.optimizers.map(() => null);
    return ev.loss.map(mean);
  }

  dispose(): void {
    for (const r of this.runners) r.dispose();
  }
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * One frame from the seeds' frames of the same steps. A run's divergedAt is reported once, on
 * the frame where its first seed diverged (`reported` remembers which runs were).
 */
export function mergeFrames(frames: Frame[], reported: Set<number>): Frame {
  const [first] = frames;
  const runs: RunFrame[] = first.runs.map((rf, i) => {
    const seedLosses = frames.map((f) => f.runs[i].losses);
    const divs = frames.map((f) => f.runs[i].divergedAt).filter((d): d is number => d !== undefined);
    const out: RunFrame = { ...rf, losses: curveStats(seedLosses).mean, seedLosses };
    delete out.divergedAt;
    if (divs.length > 0 && !reported.has(rf.index)) {
      out.divergedAt = Math.min(...divs);
      reported.add(rf.index);
    }
    return out;
  });
  return { fromStep: first.fromStep, count: first.count, runs };
}
