/**
 * Hyperparameter sweeps: one optimizer entry, one hyperparameter varied over a grid, every grid
 * point run over the same seeds (so each point sees the same inits and minibatch streams), and
 * each point scored by its "final" loss.
 *
 * "Final" loss = the mean of the last 10% of a seed's loss curve (at least one value;
 * stats.ts finalOfCurve), less noisy than the last minibatch loss; then mean ± std over seeds.
 * A point is diverged when any of its seeds diverged; `best` is the finite point with the
 * lowest mean final loss (null when every point diverged).
 *
 * All points run as entries of ONE SeedRunner (one task build, shared batches per seed).
 */

import type { ExperimentSpec, OptimizerEntry } from '../experiment/schema';
import type { Hyper, HyperName } from '../optim/catalog';
import type { TaskEnv } from '../tasks/registry';
import type { SweepPoint, SweepRequest, SweepResult } from './grid';
import { completeHyper } from './rules';
import { SeedRunner } from './seeds';
import { curveStats, finalOfCurve, meanStd } from './stats';

export { MAX_SWEEP_POINTS, type SweepPoint, type SweepRequest, type SweepResult, sweepGrid } from './grid';

/** The optimizer entries of a sweep; throws one message naming the field and range per bad value. */
export function sweepEntries(req: SweepRequest): OptimizerEntry[] {
  const errors: string[] = [];
  const entries = req.values.map((value, i) => {
    const hyper: Hyper = { ...req.entry.hyper, [req.param]: value };
    try {
      completeHyper(req.entry.id, hyper, `sweep point ${i + 1} (${req.param}=${value})`);
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
    const { label: _label, color: _color, ...rest } = req.entry;
    return { ...rest, hyper };
  });
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return entries;
}

/** Pick the best point: lowest finite mean final loss among points that did not diverge. */
export function bestPoint(points: SweepPoint[]): number | null {
  let best: SweepPoint | null = null;
  for (const p of points) {
    if (p.diverged || !Number.isFinite(p.final.mean)) continue;
    if (!best || p.final.mean < best.final.mean) best = p;
  }
  return best ? best.value : null;
}

/** Score per-seed loss curves of each point. `seedCurves[point][seed]`. */
export function scoreSweep(param: HyperName, values: number[], seedCurves: Float32Array[][]): SweepResult {
  const points = values.map((value, i) => {
    const finals = seedCurves[i].map(finalOfCurve);
    return { value, final: meanStd(finals), diverged: finals.some((f) => !Number.isFinite(f)) };
  });
  return {
    param,
    points,
    best: bestPoint(points),
    curves: seedCurves.map((c) => curveStats(c).mean),
    seedCurves,
  };
}

/** Run a whole sweep to the end on the current backend. `onProgress(step)` after each frame. */
export async function runSweep(
  req: SweepRequest,
  env: TaskEnv,
  opts: { every?: number; onProgress?: (step: number) => void; shouldStop?: () => boolean } = {},
): Promise<SweepResult> {
  const spec: ExperimentSpec = { ...req.spec, optimizers: sweepEntries(req) };
  const runner = await SeedRunner.create(spec, env);
  const n = spec.steps + 1;
  const curves = spec.optimizers.map(() => runner.seeds.map(() => new Float32Array(n).fill(Number.NaN)));
  try {
    while (!runner.done) {
      if (opts.shouldStop?.()) throw new Error('sweep: stopped');
      const frame = await runner.advance(opts.every ?? 50);
      for (const rf of frame.runs) {
        curves[rf.index].forEach((c, s) => {
          c.set(rf.seedLosses?.[s] ?? rf.losses, frame.fromStep);
        });
      }
      opts.onProgress?.(runner.step);
    }
  } finally {
    runner.dispose();
  }
  return scoreSweep(req.param, req.values, curves);
}
