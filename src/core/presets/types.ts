/**
 * Paper presets (pure data, no tfjs): each reproduces one claim of a source paper with one or
 * more experiments (URL queries, so every preset is also a link), measures a few numbers
 * ("rows") with mean ± std over seeds, puts the paper's number beside ours where it has one,
 * and gives a verdict.
 */

/** What a row measures on one optimizer of one experiment, per seed. */
export type Metric =
  /** Mean of the last 10% of the training-loss curve (core/run/stats.ts finalOfCurve). */
  | { kind: 'final' }
  /** Mean training loss over the `window` losses ending at `step`. */
  | { kind: 'lossAt'; step: number; window: number }
  /** A probe's value at update `step` of this run divided by the same probe of optimizer `over`. */
  | { kind: 'probeRatio'; probe: string; step: number; over: number }
  /** Held-out accuracy at the end (classification tasks). */
  | { kind: 'evalAccuracy' }
  /**
   * Speedup over tuned Adam (core/run/speedup.ts): steps Adam at its best lr (swept on the
   * same task, steps and seeds) needs to reach this seed's final loss, ÷ the run's steps.
   */
  | { kind: 'speedup' }
  /** Tuned Adam's own final loss on this seed (mean of the last 10% of its first `steps` losses). */
  | { kind: 'tunedAdamFinal' };

export interface PresetRow {
  label: string;
  /** Index into the preset's experiments. */
  experiment: number;
  /** Index into that experiment's optimizers. */
  optimizer: number;
  metric: Metric;
  /** The paper's number for this row, when it reports one. */
  paper?: number;
}

/** One directional claim between rows: rows[better] < rows[worse] (lower is better). */
export interface Comparison {
  better: number;
  worse: number;
}

export interface PresetExperiment {
  label: string;
  /** The experiment as a playground query (v=1&task=…&opt=…&steps=…&seed=…&seeds=…). */
  query: string;
}

export interface Preset {
  id: string;
  title: string;
  /** The source: authors, year, venue/arXiv, and where in it the claim is. */
  paper: string;
  /** The claim, in words. */
  claim: string;
  experiments: PresetExperiment[];
  rows: PresetRow[];
  /** The claim's direction as comparisons between rows; all must hold. */
  comparisons: Comparison[];
  /**
   * Rows with a paper number "match" when |ours − paper| ≤ max(2·std, tolerance·|paper|).
   * Default 0.25.
   */
  tolerance?: number;
  /** How this preset is cheaper than the paper's protocol (runs, steps, training budget). */
  reduced: string;
  /** Which chart to look at, and what to look for. */
  lookFor: string;
}

export type Verdict = 'reproduces' | 'same direction' | 'does not';

export interface MeasuredRow {
  label: string;
  mean: number;
  std: number;
  seeds: number[];
  paper?: number;
}

export interface PresetResult {
  id: string;
  rows: MeasuredRow[];
  verdict: Verdict;
  /** One line per comparison and per paper number: what held and what did not. */
  reasons: string[];
}
