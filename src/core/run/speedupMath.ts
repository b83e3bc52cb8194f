/** The speedup-over-tuned-Adam arithmetic (pure, no tfjs; speedup.ts explains the metric). */
import type { SweepResult } from './grid';
import { finalOfCurve } from './stats';

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
