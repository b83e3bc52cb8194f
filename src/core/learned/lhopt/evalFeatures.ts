/**
 * LHOPT's held-out (eval) loss features (docs/algorithms.md §5.2: "the train and eval log_loss
 * as is-NaN/is-Inf flags and CDF features only"), plus the validation log-ratio, appended to the
 * observation (observation.ts) — 15 numbers, never the raw loss:
 *   has_eval                                   1 if a held-out loss L^e was measured this outer step
 *   is_nan(log L^e), is_inf(log L^e)            2
 *   CDF features (cdf.ts) of log L^e            5
 *   is_nan(r^e), tanh(r^e)                      2   r^e = log(L^e_k / L^e_{k'}), k' = the previous
 *   CDF features of r^e                         5   outer step with a finite L^e (0 at the first)
 * The CDF statistics advance only when L^e is measured, with Δprogress counted from the last
 * measurement. No measurement (a task without a held-out set): has_eval = 0, flags 0, tanh 0,
 * CDF outputs 0.5, memory unchanged. Hosts measure L^e at θ before the last inner step of each
 * outer step (rule.ts asks the runner for it; episode.ts computes it itself).
 */
import { type CdfStats, cdfUpdate, emptyCdf, N_CDF } from './cdf';

export const N_EVAL_FEATURES = 3 + N_CDF + 2 + N_CDF;

export interface EvalMemory {
  /** CDF statistics of log L^e and of r^e. */
  cdf: [CdfStats, CdfStats];
  /** The last finite L^e (NaN before one). */
  prev: number;
  /** Progress at the last measurement. */
  progress: number;
}

export const initialEvalMemory = (): EvalMemory => ({
  cdf: [emptyCdf(), emptyCdf()],
  prev: Number.NaN,
  progress: 0,
});

const half = () => new Array<number>(N_CDF).fill(0.5);

/** The 15 features for this outer step's held-out loss (undefined / null: not measured). */
export function evalFeatures(
  m: EvalMemory,
  evalLoss: number | null | undefined,
  progress: number,
): { out: number[]; mem: EvalMemory } {
  if (evalLoss === undefined || evalLoss === null)
    return { out: [0, 0, 0, ...half(), 0, 0, ...half()], mem: m };
  const logLoss = Math.log(evalLoss);
  const ratio = Number.isNaN(m.prev) ? 0 : Math.log(evalLoss / m.prev);
  const dp = progress - m.progress;
  const a = cdfUpdate(m.cdf[0], logLoss, dp);
  const b = cdfUpdate(m.cdf[1], ratio, dp);
  const tanh = Math.tanh(ratio);
  const out = [
    1,
    Number.isNaN(logLoss) ? 1 : 0,
    Number.isFinite(logLoss) || Number.isNaN(logLoss) ? 0 : 1,
    ...a.out,
    Number.isNaN(ratio) ? 1 : 0,
    Number.isFinite(tanh) ? tanh : 0,
    ...b.out,
  ];
  return {
    out,
    mem: {
      cdf: [a.stats, b.stats],
      prev: Number.isFinite(evalLoss) && evalLoss > 0 ? evalLoss : m.prev,
      progress,
    },
  };
}
