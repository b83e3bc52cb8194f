/** Sweep grids and result types (pure, no tfjs: the UI's Tune panel uses them too). */
import type { ExperimentSpec, OptimizerEntry } from '../experiment/schema';
import type { HyperName } from '../optim/catalog';
import type { MeanStd } from './stats';

export const MAX_SWEEP_POINTS = 25;

export interface SweepRequest {
  /** Task, steps, seed, seeds, backend of the experiment; its optimizers are ignored. */
  spec: ExperimentSpec;
  entry: OptimizerEntry;
  param: HyperName;
  values: number[];
}

export interface SweepPoint {
  value: number;
  final: MeanStd;
  diverged: boolean;
}

export interface SweepResult {
  param: HyperName;
  points: SweepPoint[];
  best: number | null;
  /** Per point: the step-wise mean loss curve over seeds (for plots and the speedup metric). */
  curves: Float32Array[];
  /** Per point, per seed: the loss curves. */
  seedCurves: Float32Array[][];
}

/** Round to 4 significant digits, so grid values read well in links and tables. */
function tidy(x: number): number {
  return Number(x.toPrecision(4));
}

/** `points` values from `from` to `to`: geometric when both are > 0 and `log`, else evenly spaced. */
export function sweepGrid(from: number, to: number, points: number, log = true): number[] {
  if (!Number.isFinite(from) || !Number.isFinite(to))
    throw new Error('sweep: from and to must be finite numbers');
  if (!Number.isInteger(points) || points < 1 || points > MAX_SWEEP_POINTS) {
    throw new Error(`sweep: points must be an integer in [1, ${MAX_SWEEP_POINTS}]`);
  }
  if (points === 1) return [tidy(from)];
  const geometric = log && from > 0 && to > 0;
  return Array.from({ length: points }, (_, i) => {
    const t = i / (points - 1);
    return tidy(geometric ? from * (to / from) ** t : from + (to - from) * t);
  });
}
