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
import type { TunedAdam } from './speedupMath';
import { runSweep, scoreSweep } from './sweep';

export const ADAM_LR_GRID = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1];
export const SPEEDUP_HORIZON = 2;

export { finalWindow, type Speedup, speedupOverAdam, stepsToReach, type TunedAdam } from './speedupMath';

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
