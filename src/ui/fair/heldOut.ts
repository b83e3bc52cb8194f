/** Held-out metrics of one run from the streamed eval points: mean over seeds at each measured step. Pure. */
import type { HeldOutSeries } from '../../core/experiment/exportFormats';
import { meanStd } from '../../core/run/stats';
import type { EvalPoint } from '../../core/run/types';

export function heldOutOf(evals: readonly EvalPoint[], i: number): HeldOutSeries | undefined {
  const pts = evals.filter((e) => e.loss[i] !== undefined);
  if (pts.length === 0) return undefined;
  const acc = pts.every((e) => e.accuracy?.[i]) ? pts.map((e) => meanStd(e.accuracy![i]).mean) : undefined;
  return {
    steps: pts.map((e) => e.step),
    loss: pts.map((e) => meanStd(e.loss[i]).mean),
    ...(acc ? { accuracy: acc } : {}),
  };
}
