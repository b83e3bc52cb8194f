/**
 * Final loss (mean of the last 10%, mean over seeds) against the swept value, ±1 std band;
 * diverged points marked. The x axis follows the grid: log, linear, or log of 1 − x (β-like
 * values, placed at −log10(1 − x) so 0.9, 0.99, 0.999 are evenly spaced, labelled by value).
 */
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import type { GridScale } from '../../core/run/grid';
import type { SweepReply } from '../../core/worker/fairProtocol';
import { fmt } from '../lib/logSlider';

export function SweepChart(props: { result: SweepReply; color: string; scale?: GridScale }) {
  const { points, best } = props.result;
  const oneMinus = props.scale === 'log1m' && points.every((p) => p.value < 1);
  const log = !oneMinus && props.scale !== 'linear' && points.every((p) => p.value > 0);
  const xOf = (v: number) => (oneMinus ? -Math.log10(1 - v) : v);
  const valueAt = (x: number) => (oneMinus ? Number((1 - 10 ** -x).toPrecision(6)) : x);
  const ok = points.filter((p) => !p.diverged && Number.isFinite(p.final.mean));
  const logY = ok.every((p) => p.final.mean - p.final.std > 0);
  const data = points.map((p) =>
    p.diverged || !Number.isFinite(p.final.mean)
      ? { value: xOf(p.value), mean: null, band: null }
      : {
          value: xOf(p.value),
          mean: p.final.mean,
          band: [p.final.mean - p.final.std, p.final.mean + p.final.std],
        },
  );
  return (
    <div
      className="sweep-chart"
      data-testid="sweep-chart"
      data-points={ok.length}
      data-x-scale={oneMinus ? 'log1m' : log ? 'log' : 'linear'}
    >
      <ResponsiveContainer width="100%" height={180}>
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid stroke="var(--grid)" />
          <XAxis
            dataKey="value"
            type="number"
            scale={log ? 'log' : 'linear'}
            domain={['dataMin', 'dataMax']}
            stroke="var(--fg-muted)"
            ticks={oneMinus ? points.map((p) => xOf(p.value)) : undefined}
            tickFormatter={(x: number) => fmt(valueAt(x))}
          />
          <YAxis
            type="number"
            scale={logY ? 'log' : 'linear'}
            domain={['auto', 'auto']}
            stroke="var(--fg-muted)"
            width={52}
            tickFormatter={(v: number) => fmt(v)}
          />
          <Area dataKey="band" stroke="none" fill={props.color} fillOpacity={0.2} isAnimationActive={false} />
          <Line
            dataKey="mean"
            stroke={props.color}
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
          {points
            .filter((p) => p.diverged)
            .map((p) => (
              <ReferenceLine
                key={p.value}
                x={xOf(p.value)}
                stroke="var(--danger, #c0392b)"
                strokeDasharray="3 3"
                label={{ value: '✕', fill: 'var(--danger, #c0392b)', position: 'insideTop' }}
              />
            ))}
          {best !== null && <ReferenceLine x={xOf(best)} stroke={props.color} strokeDasharray="6 3" />}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
