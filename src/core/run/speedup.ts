/**
 * Speedup over tuned Adam, learned_optimization's summary metric: for a run of T steps with
 * final loss L (the mean of its last 10%, as in sweep.ts), the number of steps tuned Adam needs
 * to reach L, divided by T. > 1: the run gets there faster than tuned Adam; < 1: slower.
 *
 * "Tuned Adam": Adam swept over ADAM_LR_GRID on the same task, seeds, inits and minibatches,
 * for a horizon of SPEEDUP_HORIZON × T steps, the lr chosen by its final loss at step T (the
 * run's budget). Adam's curve is smoothed by the same trailing window as "final" (10% of T + 1
 * losses), and "reaches L" means the first step k whose window mean is ≤ L. If Adam never
 * reaches L within its horizon the speedup is reported as the horizon ratio with `atLeast`
 * (a lower bound).
 */

import type { ExperimentSpec } from '../experiment/schema';
import type { HyperName } from '../optim/catalog';
import type { TaskEnv } from '../tasks/registry';
import { finalOfCurve } from './stats';
import { runSweep, type SweepResult, scoreSweep } from './sweep';

export const ADAM_LR_GRID = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1];
export const SPEEDUP_HORIZON = 2;

export interface Speedup {
  value: number;
  /** Adam did not reach the loss within its horizon: value is a lower bound. */
  atLeast: boolean;
}

export interface TunedAdam {
  lr: number;
  /** Adam's mean loss curve at that lr, steps 0..horizon. */
  curve: Float32Array;
  /** The run budget T the lr was tuned for. */
  steps: number;
  sweep: SweepResult;
}

/** Window length of "final" for a run of `steps` updates (steps + 1 losses). */
export function finalWindow(steps: number): number {
  return Math.max(1, Math.round((steps + 1) * 0.1));
}

/** First step k at which the trailing mean of `window` losses ending at k is ≤ target; -1 if never. */
export function stepsToReach(curve: ArrayLike<number>, target: number, window: number): number {
  if (!Number.isFinite(target)) return -1;
  let sum = 0;
  for (let k = 0; k < curve.length; k++) {
    sum += curve[k];
    if (k >= window) sum -= curve[k - window];
    if (!Number.isFinite(sum)) return -1;
    if (k >= window - 1 && sum / window <= target) return k;
  }
  return -1;
}

/** Speedup of a run (its mean loss curve, steps 0..T) over tuned Adam's curve. Null if the run diverged. */
export function speedupOverAdam(runCurve: ArrayLike<number>, adam: TunedAdam): Speedup | null {
  const steps = runCurve.length - 1;
  const final = finalOfCurve(runCurve);
  if (!Number.isFinite(final) || steps < 1) return null;
  const k = stepsToReach(adam.curve, final, finalWindow(steps));
  if (k < 0) return { value: (adam.curve.length - 1) / steps, atLeast: true };
  return { value: Math.max(k, 1) / steps, atLeast: false };
}

/**
 * Tune Adam's lr for this spec's task, steps and seeds: sweep ADAM_LR_GRID for SPEEDUP_HORIZON × steps,
 * score each lr by its loss up to `steps` only.
 */
export async function tuneAdam(
  spec: ExperimentSpec,
  env: TaskEnv,
  opts: { grid?: number[]; every?: number } = {},
): Promise<TunedAdam> {
  const grid = opts.grid ?? ADAM_LR_GRID;
  const long: ExperimentSpec = { ...spec, steps: spec.steps * SPEEDUP_HORIZON };
  const param: HyperName = 'lr';
  const full = await runSweep(
    { spec: long, entry: { id: 'adam', hyper: {} }, param, values: grid },
    env,
    opts,
  );
  // Re-score with the curves cut at the run's budget: the lr is tuned for `steps`, not the horizon.
  const cut = scoreSweep(
    param,
    grid,
    full.seedCurves.map((seeds) => seeds.map((c) => c.subarray(0, spec.steps + 1))),
  );
  const best = cut.best ?? grid[0];
  return { lr: best, curve: full.curves[grid.indexOf(best)], steps: spec.steps, sweep: cut };
}
