/**
 * The frame the Meta-train tab's per-iteration charts share (MetaLossChart, PpoHistoryChart):
 * a figure with its caption, 240 px high, grid, the iteration x-axis (integers, the one tick
 * format), a tooltip naming the iteration and the legend (in the order given); the chart adds
 * its y-axes and lines.
 * LOG_Y_AXIS: a log y-axis fitted to the data, for losses (MetaLossChart, EvalChart).
 * RAW_LINE / SMOOTH_LINE: a raw series in a faint colour of its own (the theme's muted ink, so
 * it never reads as the moving average's faded twin) under its moving average.
 */
import type { ReactNode } from 'react';
import {
  CartesianGrid,
  Legend,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  type YAxisProps,
} from 'recharts';
import { fmt } from '../lib/logSlider';

export const LOG_Y_AXIS: YAxisProps = {
  scale: 'log',
  domain: ['auto', 'auto'],
  allowDataOverflow: true,
  width: 64,
  tickFormatter: fmt,
  stroke: 'var(--fg-muted)',
};

export const RAW_LINE = {
  stroke: 'var(--fg-muted)',
  strokeOpacity: 0.55,
  isAnimationActive: false,
} as const;

export const SMOOTH_LINE = {
  stroke: '#1f77b4',
  strokeWidth: 2,
  dot: false,
  isAnimationActive: false,
} as const;

export function IterationChart(props: {
  label: string;
  testId?: string;
  caption: ReactNode;
  data: readonly object[];
  /** The lines' names in legend order (recharts would sort them alphabetically). */
  legend: readonly string[];
  children: ReactNode;
}) {
  const order = (item: { value?: unknown }) => props.legend.indexOf(String(item.value));
  return (
    <figure className="chart" aria-label={props.label} data-testid={props.testId}>
      <figcaption>{props.caption}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={props.data as object[]}>
          <CartesianGrid stroke="var(--grid)" />
          <XAxis
            dataKey="it"
            type="number"
            domain={['dataMin', 'dataMax']}
            allowDecimals={false}
            stroke="var(--fg-muted)"
            tickFormatter={fmt}
          />
          <Tooltip formatter={(v) => fmt(Number(v))} labelFormatter={(it) => `iteration ${it}`} />
          <Legend itemSorter={order} />
          {props.children}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
