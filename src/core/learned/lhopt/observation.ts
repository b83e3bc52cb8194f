/**
 * The policy's observation at the end of each outer step (docs/algorithms.md §5.2), built on
 * the host from one readback of the inner optimizer's accumulator (inner.ts). Never a raw loss.
 *   progress                                   1
 *   13 inner features (means over the outer step's feature steps)           13
 *   CDF features (cdf.ts, 5 timescales) of the 13 inner features, loss_ratio,
 *     update_ratio, norm_ratio and log_loss                                 85
 *   is_nan(loss_ratio), tanh(loss_ratio), tanh(update_ratio), tanh(norm_ratio)  4
 *   is_nan(log_loss), is_inf(log_loss)                                      2
 *   previous action (log factor per scale head, logit shift for the clip)   6
 *   hyperparameters relative to their initial values (log ratio / logit difference)  6
 *   held-out loss features (evalFeatures.ts; neutral when the host measured none)   15
 * loss_ratio = log(L_k / L_{k−1}) with L_k the mean training loss of outer step k;
 * update_ratio and norm_ratio (RECONSTRUCTED) are the same log ratios of the mean update
 * norm ‖ΔP‖ and parameter norm ‖P‖ over the feature steps; all three are 0 at the first
 * outer step. Non-finite entries become 0 (their flags carry the information).
 */
import { actionVector, NOOP, relativeHyper } from './actions';
import { type CdfStats, cdfUpdate, emptyCdf, N_CDF } from './cdf';
import { type EvalMemory, evalFeatures, initialEvalMemory, N_EVAL_FEATURES } from './evalFeatures';
import type { InnerHyper } from './hyper';
import { ACC_LOSS, ACC_PARAM_NORM, ACC_UPDATE_NORM, N_INNER } from './layout';

const N_SERIES = N_INNER + 4;
/** The observation before the held-out loss features (policies saved before them: files.ts pads). */
export const OBS_SIZE_V1 = 1 + N_INNER + N_SERIES * N_CDF + 4 + 2 + 6 + 6;
export const OBS_SIZE = OBS_SIZE_V1 + N_EVAL_FEATURES;

/** The controller's host-side memory between outer steps (plain data). */
export interface ControllerMemory {
  hyper: InnerHyper;
  initial: InnerHyper;
  /** Previous choice per head (the no-op before the first action). */
  prevChoice: number[];
  cdf: CdfStats[];
  prevLoss: number;
  prevUpdateNorm: number;
  prevParamNorm: number;
  progress: number;
  evalMem: EvalMemory;
}

export function initialMemory(hyper: InnerHyper): ControllerMemory {
  return {
    hyper: { ...hyper },
    initial: { ...hyper },
    prevChoice: [...NOOP],
    cdf: Array.from({ length: N_SERIES }, emptyCdf),
    prevLoss: Number.NaN,
    prevUpdateNorm: Number.NaN,
    prevParamNorm: Number.NaN,
    progress: 0,
    evalMem: initialEvalMemory(),
  };
}

const finite = (x: number) => (Number.isFinite(x) ? x : 0);
const logRatio = (a: number, b: number) => (Number.isNaN(b) ? 0 : Math.log(a / b));

export interface OuterReadout {
  /** The accumulator values (inner.ts layout). */
  acc: ArrayLike<number>;
  /** Feature steps and inner steps in this outer step. */
  featureSteps: number;
  innerSteps: number;
  /** Progress at the end of this outer step, in [0, 1]. */
  progress: number;
  /** Held-out loss measured in this outer step (absent: none; evalFeatures.ts). */
  evalLoss?: number | null;
}

/** The observation vector and the memory after observing (the hyperparameters unchanged). */
export function observe(
  mem: ControllerMemory,
  r: OuterReadout,
): { obs: number[]; mem: ControllerMemory; loss: number } {
  const fs = Math.max(r.featureSteps, 1);
  const inner = Array.from({ length: N_INNER }, (_, i) => r.acc[i] / fs);
  const loss = r.acc[ACC_LOSS] / Math.max(r.innerSteps, 1);
  const updateNorm = r.acc[ACC_UPDATE_NORM] / fs;
  const paramNorm = r.acc[ACC_PARAM_NORM] / fs;
  const lossRatio = logRatio(loss, mem.prevLoss);
  const updateRatio = logRatio(updateNorm, mem.prevUpdateNorm);
  const normRatio = logRatio(paramNorm, mem.prevParamNorm);
  const logLoss = Math.log(loss);
  const series = [...inner, lossRatio, updateRatio, normRatio, logLoss];
  const dp = r.progress - mem.progress;
  const cdf: CdfStats[] = [];
  const cdfOut: number[] = [];
  series.forEach((x, i) => {
    const u = cdfUpdate(mem.cdf[i], x, dp);
    cdf.push(u.stats);
    cdfOut.push(...u.out);
  });
  const ev = evalFeatures(mem.evalMem, r.evalLoss, r.progress);
  const obs = [
    r.progress,
    ...inner.map(finite),
    ...cdfOut,
    Number.isNaN(lossRatio) ? 1 : 0,
    finite(Math.tanh(lossRatio)),
    finite(Math.tanh(updateRatio)),
    finite(Math.tanh(normRatio)),
    Number.isNaN(logLoss) ? 1 : 0,
    Number.isFinite(logLoss) || Number.isNaN(logLoss) ? 0 : 1,
    ...actionVector(mem.prevChoice),
    ...relativeHyper(mem.hyper, mem.initial).map(finite),
    ...ev.out,
  ];
  return {
    obs,
    loss,
    mem: {
      ...mem,
      cdf,
      prevLoss: Number.isFinite(loss) ? loss : mem.prevLoss,
      prevUpdateNorm: Number.isFinite(updateNorm) ? updateNorm : mem.prevUpdateNorm,
      prevParamNorm: Number.isFinite(paramNorm) ? paramNorm : mem.prevParamNorm,
      progress: r.progress,
      evalMem: ev.mem,
    },
  };
}
