/**
 * One live chart panel over training steps: x = step (0 … the planned steps, or a "nice" end
 * just past the recorded rows), y = the given FastLines bands and series (log or linear),
 * with the shared ProbeTooltip. The recharts LineChart only draws the axes, grid and tooltip
 * over a fixed 300-row step grid; the data itself is drawn by FastLines as one path each.
 */
import { useMemo } from 'react';
import { CartesianGrid, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fmt } from '../lib/logSlider';
import { niceStepEnd, stepGrid } from '../lib/seriesDomain';
import { axisTicks } from '../lib/ticks';
import { useSpec } from '../store/specStore';
import { type FastBand, FastLines, type FastSeries } from './FastLines';
import { gridX, gridY } from './gridLines';
import { ProbeTooltip, type ProbeTooltipEntry } from './ProbeTooltip';
import { plainTick } from './plainTick';
import { TOOLTIP_WRAPPER } from './tooltipWrapper';

export interface StepPanelProps {
  bands?: FastBand[];
  lines: FastSeries[];
  /** Tooltip rows (label, color, values per step). */
  entries: ProbeTooltipEntry[];
  logY: boolean;
  /** y range; keep it referentially stable (useMemo) so the ticks are not recomputed per render. */
  domain: [number, number];
  /** Fixed y ticks; default axisTicks(domain, logY). */
  ticks?: number[];
  /** Rows recorded so far: the x axis ends at niceStepEnd(n, steps). Absent: at the planned steps. */
  n?: number;
  /** The shorter chart box (secondary panels). */
  short?: boolean;
  /** Written as the chart box's data-lines attribute (tests count the drawn lines). */
  dataLines?: number;
}

export function StepPanel(props: StepPanelProps) {
  const steps = useSpec((s) => s.spec.steps);
  const xEnd = props.n === undefined ? Math.max(1, steps) : niceStepEnd(props.n, steps);
  const xDomain = useMemo((): [number, number] => [0, xEnd], [xEnd]);
  const xTicks = useMemo(() => axisTicks(xDomain, false), [xDomain]);
  const autoTicks = useMemo(() => axisTicks(props.domain, props.logY), [props.domain, props.logY]);
  const rows = useMemo(() => stepGrid(xEnd, 300), [xEnd]);
  return (
    <div className={props.short ? 'chart-box short' : 'chart-box'} data-lines={props.dataLines}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 4, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid
            stroke="var(--grid)"
            verticalCoordinatesGenerator={gridX}
            horizontalCoordinatesGenerator={gridY}
          />
          <XAxis
            dataKey="step"
            type="number"
            domain={xDomain}
            ticks={xTicks}
            interval={0}
            tick={plainTick}
            niceTicks="none"
            stroke="var(--fg-muted)"
            tickFormatter={fmt}
          />
          <YAxis
            type="number"
            scale={props.logY ? 'log' : 'linear'}
            domain={props.domain}
            ticks={props.ticks ?? autoTicks}
            interval={0}
            tick={plainTick}
            niceTicks="none"
            allowDataOverflow
            width={60}
            stroke="var(--fg-muted)"
            tickFormatter={fmt}
          />
          <Tooltip
            content={<ProbeTooltip entries={props.entries} />}
            cursor={{ stroke: 'var(--fg-muted)', strokeDasharray: '3 3' }}
            wrapperStyle={TOOLTIP_WRAPPER}
            isAnimationActive={false}
          />
          <FastLines logY={props.logY} bands={props.bands} series={props.lines} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
