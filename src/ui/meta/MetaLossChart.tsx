/**
 * The meta-loss of every meta-iteration (one unroll each), on a log axis: the raw values faint
 * (they saw-tooth as each training run restarts from a fresh problem) and a debiased moving
 * average that shows the trend. The frame is IterationChart's.
 */
import { useMemo } from 'react';
import { Line, YAxis } from 'recharts';
import { debiasedEma } from '../lib/ema';
import { IterationChart, LOG_Y_AXIS, RAW_LINE, SMOOTH_LINE } from './IterationChart';
import { useMeta } from './metaStore';

/** Weight of the moving average (TensorBoard-style smoothing). */
export const META_SMOOTHING = 0.9;

export interface MetaLossRow {
  it: number;
  loss: number | null;
  smooth: number | null;
}

/** At most ~800 points: every stride-th iteration (1-based), non-finite values as gaps. */
export function metaLossRows(losses: readonly number[]): MetaLossRow[] {
  const smooth = debiasedEma(losses, META_SMOOTHING);
  const stride = Math.max(1, Math.ceil(losses.length / 800));
  const out: MetaLossRow[] = [];
  const fin = (x: number) => (Number.isFinite(x) ? x : null);
  for (let i = 0; i < losses.length; i += stride) {
    out.push({ it: i + 1, loss: fin(losses[i]), smooth: fin(smooth[i]) });
  }
  return out;
}

export function MetaLossChart() {
  const losses = useMeta((s) => s.losses);
  const data = useMemo(() => metaLossRows(losses), [losses]);
  return (
    <IterationChart
      label="Meta-loss"
      data={data}
      legend={['raw', 'moving average']}
      caption="Meta-loss per iteration (unroll): raw (faint; it jumps when a new training problem starts) and its moving average"
    >
      <YAxis {...LOG_Y_AXIS} />
      <Line dataKey="loss" name="raw" dot={false} {...RAW_LINE} />
      <Line dataKey="smooth" name="moving average" {...SMOOTH_LINE} />
    </IterationChart>
  );
}
