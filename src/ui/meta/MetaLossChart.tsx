/** The meta-loss of every meta-iteration (one unroll each), on a log axis. */
import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fmt } from '../lib/logSlider';
import { useMeta } from './metaStore';

/** At most ~800 points: every stride-th iteration (1-based), non-finite values as gaps. */
export function metaLossRows(losses: readonly number[]): { it: number; loss: number | null }[] {
  const stride = Math.max(1, Math.ceil(losses.length / 800));
  const out: { it: number; loss: number | null }[] = [];
  for (let i = 0; i < losses.length; i += stride) {
    out.push({ it: i + 1, loss: Number.isFinite(losses[i]) ? losses[i] : null });
  }
  return out;
}

export function MetaLossChart() {
  const losses = useMeta((s) => s.losses);
  const data = useMemo(() => metaLossRows(losses), [losses]);
  return (
    <figure className="chart" aria-label="Meta-loss">
      <figcaption>Meta-loss per iteration (unroll)</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data}>
          <CartesianGrid stroke="var(--grid)" />
          <XAxis dataKey="it" type="number" domain={['dataMin', 'dataMax']} stroke="var(--fg-muted)" />
          <YAxis
            scale="log"
            domain={['auto', 'auto']}
            allowDataOverflow
            width={64}
            tickFormatter={fmt}
            stroke="var(--fg-muted)"
          />
          <Tooltip formatter={(v) => fmt(Number(v))} labelFormatter={(it) => `iteration ${it}`} />
          <Line dataKey="loss" dot={false} isAnimationActive={false} stroke="#1f77b4" />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
