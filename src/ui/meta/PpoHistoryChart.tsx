/**
 * LHOPT's PPO training over time (docs/algorithms.md §5.4–5.5): the mean episode reward per
 * iteration (log speedup over Adam, clipped to ±3; raw faint and a moving average) and the
 * policy's entropy (summed over the 6 heads; right axis). Replaces the meta-loss chart for the
 * 'ppo' trainer, whose surrogate loss says little. Updated live from ppoHistory.ts. The frame
 * is IterationChart's; the raw reward is drawn in its own faint colour, the average in blue.
 */
import { useMemo } from 'react';
import { Line, YAxis } from 'recharts';
import { debiasedEma } from '../lib/ema';
import { fmt } from '../lib/logSlider';
import { IterationChart, RAW_LINE, SMOOTH_LINE } from './IterationChart';
import { META_SMOOTHING } from './MetaLossChart';
import { type PpoPoint, useMeta } from './metaStore';

/** Room beyond the reward's range on its axis. */
export const REWARD_PAD = 0.25;

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
    <IterationChart
      label="PPO reward history"
      testId="ppo-history"
      data={data}
      legend={['mean reward', 'moving average', 'entropy']}
      caption="Mean episode reward per PPO iteration (log speedup over Adam; 0 = as fast as Adam, −3 = the floor), its moving average, and the policy’s entropy (right axis)"
    >
      {/* Padded past the reward's range [−3, 1], so a reward at the floor sits above the axis line. */}
      <YAxis
        yAxisId="r"
        domain={[-3 - REWARD_PAD, 1 + REWARD_PAD]}
        ticks={[-3, -2, -1, 0, 1]}
        width={48}
        tickFormatter={fmt}
        stroke="var(--fg-muted)"
      />
      <YAxis
        yAxisId="h"
        orientation="right"
        domain={['auto', 'auto']}
        width={48}
        tickFormatter={fmt}
        stroke="var(--fg-muted)"
      />
      <Line yAxisId="r" dataKey="reward" name="mean reward" dot={data.length < 3} {...RAW_LINE} />
      <Line yAxisId="r" dataKey="smooth" name="moving average" {...SMOOTH_LINE} />
      <Line
        yAxisId="h"
        dataKey="entropy"
        name="entropy"
        dot={data.length < 3}
        isAnimationActive={false}
        stroke="#ff7f0e"
        strokeDasharray="4 3"
      />
    </IterationChart>
  );
}
