/**
 * The meta-loss of every meta-iteration (one unroll each), on a log axis: the raw values faint
 * (they saw-tooth as each training run restarts from a fresh problem) and a debiased moving
 * average that shows the trend.
 */
import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { debiasedEma } from '../lib/ema';
import { fmt } from '../lib/logSlider';
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
    <figure className="chart" aria-label="Meta-loss">
      <figcaption>
        Meta-loss per iteration (unroll): raw (faint; it jumps when a new training problem starts) and its
        moving average
      </figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data}>
          <CartesianGrid stroke="var(--grid)" />
          <XAxis
            dataKey="it"
            type="number"
            domain={['dataMin', 'dataMax']}
            stroke="var(--fg-muted)"
            tickFormatter={fmt}
          />
          <YAxis
            scale="log"
            domain={['auto', 'auto']}
            allowDataOverflow
            width={64}
            tickFormatter={fmt}
            stroke="var(--fg-muted)"
          />
          <Tooltip formatter={(v) => fmt(Number(v))} labelFormatter={(it) => `iteration ${it}`} />
          <Legend />
          <Line
            dataKey="loss"
            name="raw"
            dot={false}
            isAnimationActive={false}
            stroke="#1f77b4"
            strokeOpacity={0.3}
          />
          <Line
            dataKey="smooth"
            name="moving average"
            dot={false}
            isAnimationActive={false}
            stroke="#1f77b4"
            strokeWidth={2}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
