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

/**
 * How grid values are spaced:
 *   log     geometric (equal ratios): scale-like values (lr, ε, weight decay, AdaBound's γ);
 *   linear  evenly spaced;
 *   log1m   geometric in 1 − x: decay rates (β1, β2, β3, momentum, ρ, α), where 0.9 → 0.99 →
 *           0.999 are equal steps (the averaging window 1/(1 − β) grows ×10 each).
 */
export type GridScale = 'log' | 'linear' | 'log1m';
export const GRID_SCALES: readonly GridScale[] = ['log', 'linear', 'log1m'];

/**
 * Default Tune grid per hyperparameter: 'log' for scale-like values, 'log1m' for decay rates.
 * Weight decay is log too (1e-5…0.1); 0 (off) cannot sit on a log grid: pick 'linear' to
 * include it.
 */
export function defaultGrid(name: HyperName): { from: number; to: number; scale: GridScale } {
  switch (name) {
    case 'lr':
      return { from: 1e-4, to: 1, scale: 'log' };
    case 'eps':
      return { from: 1e-10, to: 1e-2, scale: 'log' };
    case 'weightDecay':
      return { from: 1e-5, to: 0.1, scale: 'log' };
    case 'finalLr':
      return { from: 1e-3, to: 1, scale: 'log' };
    case 'gamma':
      return { from: 1e-5, to: 0.1, scale: 'log' };
    case 'momentum':
    case 'beta1':
      return { from: 0.5, to: 0.999, scale: 'log1m' };
    default:
      // beta2, beta3, rho, alpha: long averaging windows.
      return { from: 0.9, to: 0.9999, scale: 'log1m' };
  }
}

/** Round to 4 significant digits, so grid values read well in links and tables. */
function tidy(x: number): number {
  return Number(x.toPrecision(4));
}

/** 1 − tidy(1 − x): 4 significant digits of the distance to 1 (0.99990 stays 0.9999, not 1). */
function tidy1m(om: number): number {
  return Number((1 - tidy(om)).toPrecision(12));
}

/**
 * `points` values from `from` to `to` spaced by `scale` (`true`/`false`: 'log'/'linear').
 * 'log' falls back to evenly spaced when from or to is ≤ 0; 'log1m' needs both below 1.
 */
export function sweepGrid(
  from: number,
  to: number,
  points: number,
  scale: GridScale | boolean = 'log',
): number[] {
  const mode: GridScale = scale === true ? 'log' : scale === false ? 'linear' : scale;
  if (!Number.isFinite(from) || !Number.isFinite(to))
    throw new Error('sweep: from and to must be finite numbers');
  if (!Number.isInteger(points) || points < 1 || points > MAX_SWEEP_POINTS) {
    throw new Error(`sweep: points must be an integer in [1, ${MAX_SWEEP_POINTS}]`);
  }
  if (mode === 'log1m' && (from >= 1 || to >= 1)) {
    throw new Error(`sweep: from and to must be below 1 on a log grid of 1 − x; got ${from} and ${to}`);
  }
  if (points === 1) return [mode === 'log1m' ? tidy1m(1 - from) : tidy(from)];
  const geometric = mode === 'log' && from > 0 && to > 0;
  return Array.from({ length: points }, (_, i) => {
    const t = i / (points - 1);
    if (mode === 'log1m') return tidy1m((1 - from) * ((1 - to) / (1 - from)) ** t);
    return tidy(geometric ? from * (to / from) ** t : from + (to - from) * t);
  });
}
