/**
 * LHOPT's PPO training over time (docs/algorithms.md §5.4–5.5): the mean episode reward per
 * iteration (log speedup over Adam, clipped to ±3; raw faint and a moving average) and the
 * policy's entropy (summed over the 6 heads; right axis). Replaces the meta-loss chart for the
 * 'ppo' trainer, whose surrogate loss says little. Updated live from ppoHistory.ts.
 */
import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { debiasedEma } from '../lib/ema';
import { fmt } from '../lib/logSlider';
import { META_SMOOTHING } from './MetaLossChart';
import { type PpoPoint, useMeta } from './metaStore';

export interface PpoRow {
  it: number;
  reward: number | null;
  smooth: number | null;
  entropy: number | null;
}

export function ppoRows(points: readonly PpoPoint[]): PpoRow[] {
  const smooth = debiasedEma(
    points.map((p) => p.reward),
    META_SMOOTHING,
  );
  const fin = (x: number) => (Number.isFinite(x) ? x : null);
  return points.map((p, i) => ({
    it: p.it,
    reward: fin(p.reward),
    smooth: fin(smooth[i]),
    entropy: fin(p.entropy),
  }));
}

export function PpoHistoryChart() {
  const points = useMeta((s) => s.ppo);
  const data = useMemo(() => ppoRows(points), [points]);
  return (
    <figure className="chart" aria-label="PPO reward history" data-testid="ppo-history">
      <figcaption>
        Mean episode reward per PPO iteration (log speedup over Adam; 0 = as fast as Adam, −3 = the floor),
        its moving average, and the policy’s entropy (right axis)
      </figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data}>
          <CartesianGrid stroke="var(--grid)" />
          <XAxis
            dataKey="it"
            type="number"
            domain={['dataMin', 'dataMax']}
            allowDecimals={false}
            stroke="var(--fg-muted)"
            tickFormatter={fmt}
          />
          <YAxis yAxisId="r" domain={[-3, 1]} width={48} tickFormatter={fmt} stroke="var(--fg-muted)" />
          <YAxis
            yAxisId="h"
            orientation="right"
            domain={['auto', 'auto']}
            width={48}
            tickFormatter={fmt}
            stroke="var(--fg-muted)"
          />
          <Tooltip formatter={(v) => fmt(Number(v))} labelFormatter={(it) => `iteration ${it}`} />
          <Legend />
          <Line
            yAxisId="r"
            dataKey="reward"
            name="mean reward"
            dot={data.length < 3}
            isAnimationActive={false}
            stroke="#1f77b4"
            strokeOpacity={0.35}
          />
          <Line
            yAxisId="r"
            dataKey="smooth"
            name="moving average"
            dot={false}
            isAnimationActive={false}
            stroke="#1f77b4"
            strokeWidth={2}
          />
          <Line
            yAxisId="h"
            dataKey="entropy"
            name="entropy"
            dot={data.length < 3}
            isAnimationActive={false}
            stroke="#ff7f0e"
            strokeDasharray="4 3"
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
