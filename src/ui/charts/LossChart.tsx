/**
 * Loss vs step for all runs: log-y by default, optional log-x, debiased-EMA smoothing with
 * the raw series drawn faintly, legend toggles, crosshair tooltip, diverged runs marked.
 * recharts draws axes, grid, tooltip and markers; the series are FastLines paths over the
 * same scales, decimated to ≤ 1000 points (fewer while streaming).
 */
import { useMemo } from 'react';
import {
  CartesianGrid,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { seedBands } from '../fair/bands';
import { useFair } from '../fair/fairStore';
import { HeldOutChart } from '../fair/HeldOutChart';
import { LossViewBar } from '../fair/LossViewBar';
import { SpeedupBar } from '../fair/SpeedupBar';
import { useLivePoints } from '../hooks/useLivePoints';
import { useThrottledVersion } from '../hooks/useThrottledVersion';
import { colorOf } from '../lib/colors';
import { decimateIndicesBy } from '../lib/decimate';
import type { GrowBuf } from '../lib/growable';
import { fmt } from '../lib/logSlider';
import { cachedEma, cachedExtremes, cachedNonPositive } from '../lib/seriesCache';
import { niceDomain, niceStepEnd, seriesDomain, stepGrid } from '../lib/seriesDomain';
import { axisTicks } from '../lib/ticks';
import { PngButton } from '../share/PngButton';
import { useRun } from '../store/runStore';
import { series } from '../store/series';
import { useSpec } from '../store/specStore';
import { ChartSettingsBar } from './ChartSettingsBar';
import { divergedLabel, fractionOf } from './divergedLabel';
import { editMarks } from './editMarks';
import { FastLines, type FastSeries } from './FastLines';
import { gridX, gridY } from './gridLines';
import { LossTooltip } from './LossTooltip';
import { plainTick } from './plainTick';
import { RunLegend } from './RunLegend';
import { TOOLTIP_WRAPPER } from './tooltipWrapper';

export function LossChart() {
  const version = useThrottledVersion(200);
  const maxPoints = useLivePoints(600, 1000);
  // What this chart draws of the optimizer list: colours and recorded edits, not the
  // hyperparameters, so dragging a slider (instant mode) does not re-render it synchronously.
  const drawKey = useSpec((s) =>
    JSON.stringify(s.spec.optimizers.map((o, i) => [colorOf(o, i), o.schedule ?? null])),
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: drawKey names what is read here
  const optimizers = useMemo(() => useSpec.getState().spec.optimizers, [drawKey]);
  const steps = useSpec((s) => s.spec.steps);
  const chart = useSpec((s) => s.spec.chart);
  const hidden = useRun((s) => s.hidden);
  const bandMode = useFair((s) => s.band);
  const metric = useFair((s) => s.metric);

  const model = useMemo(() => {
    void version;
    const n = series.runs.reduce((m, r) => Math.max(m, r.losses.length), 0);
    const smoothed: (Float64Array | null)[] = [];
    const raws: { i: number; raw: Float32Array; buf: GrowBuf }[] = [];
    let nonPositive = false;
    series.runs.forEach((r, i) => {
      smoothed.push(null);
      if (hidden.has(i) || i >= optimizers.length) return;
      const raw = r.losses.view();
      raws.push({ i, raw, buf: r.losses });
      // Cached per buffer: only the values appended since the last redraw are scanned.
      if (cachedNonPositive(r.losses)) nonPositive = true;
      if (chart.smoothing > 0) smoothed[i] = cachedEma(r.losses, chart.smoothing);
    });
    const logY = chart.logY && !nonPositive;
    let xs = decimateIndicesBy(
      raws.map((r) => cachedExtremes(r.buf)),
      n,
      maxPoints,
    );
    if (chart.logX) xs = xs.filter((x) => x > 0);
    const lines: FastSeries[] = [];
    for (const { i, raw } of raws) {
      const color = colorOf(optimizers[i], i);
      const sm = smoothed[i];
      if (sm) lines.push({ key: `r${i}`, xs, ys: raw, color, width: 1, opacity: 0.25 });
      lines.push({ key: `s${i}`, xs, ys: sm ?? raw, color, width: 2 });
    }
    // Several seeds: the mean is drawn, with a band of the seeds (fair/bands.ts).
    const bands = seedBands(
      raws.map(({ i }) => ({
        i,
        seeds: (series.runs[i].seeds ?? []).map((b) => b.view()),
        color: colorOf(optimizers[i], i),
      })),
      bandMode,
      xs,
    );
    const domain = seriesDomain(
      [...raws.map((r) => smoothed[r.i] ?? r.raw), ...bands.flatMap((b) => [b.lo, b.hi])],
      xs,
      logY,
    );
    const evals = series.evals;
    return {
      lines,
      bands,
      smoothed,
      logY,
      nonPositive,
      domain: domain && niceDomain(domain, logY),
      n,
      hasHeldOut: evals.length > 0,
      hasAccuracy: evals.some((e) => e.accuracy !== null),
    };
  }, [version, hidden, chart, optimizers, maxPoints, bandMode]);

  // Stable props (x and y ranges rounded to nice values) let recharts skip most work
  // on a live redraw; only the FastLines paths change.
  const [y0, y1] = model.domain ?? (model.logY ? [0.1, 10] : [0, 1]);
  const xEnd = niceStepEnd(model.n, steps);
  const xDomain = useMemo(
    (): [number, number] => [chart.logX ? 1 : 0, Math.max(2, xEnd)],
    [chart.logX, xEnd],
  );
  const yDomain = useMemo((): [number, number] => [y0, y1], [y0, y1]);
  const xTicks = useMemo(() => axisTicks(xDomain, chart.logX), [xDomain, chart.logX]);
  const yTicks = useMemo(() => axisTicks(yDomain, model.logY), [yDomain, model.logY]);
  // Diverged runs' marks, numbered from the top so several labels stack instead of overlapping.
  const diverged = optimizers
    .map((_, i) => ({ i, d: series.runs[i]?.divergedAt ?? null }))
    .filter((m): m is { i: number; d: number } => m.d !== null && !hidden.has(m.i))
    .map((m, rank) => ({ ...m, rank }));
  const rows = useMemo(() => stepGrid(xEnd).filter((r) => !chart.logX || r.step > 0), [xEnd, chart.logX]);
  return (
    <section className="panel chart" aria-labelledby="loss-h" data-testid="loss-chart">
      <div className="chart-head">
        <h2 id="loss-h">Loss</h2>
        <ChartSettingsBar />
        <LossViewBar hasHeldOut={model.hasHeldOut} hasAccuracy={model.hasAccuracy} />
        <PngButton name="loss" />
      </div>
      {metric !== 'train' && model.hasHeldOut && <HeldOutChart metric={metric} />}
      {chart.logY && model.nonPositive && (
        <p className="hint">Some losses are ≤ 0, so the y axis is linear.</p>
      )}
      {model.n === 0 && <p className="hint">Press Run (or Step) to start; losses stream in here.</p>}
      <div
        className="chart-box"
        style={metric !== 'train' && model.hasHeldOut ? { display: 'none' } : undefined}
        data-points={model.lines[0]?.xs.length ?? 0}
        data-lines={model.lines.length}
        data-bands={model.bands.length}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid
              stroke="var(--grid)"
              verticalCoordinatesGenerator={gridX}
              horizontalCoordinatesGenerator={gridY}
            />
            <XAxis
              dataKey="step"
              type="number"
              scale={chart.logX ? 'log' : 'linear'}
              domain={xDomain}
              ticks={xTicks}
              interval={0}
              tick={plainTick}
              niceTicks="none"
              allowDataOverflow
              stroke="var(--fg-muted)"
              tickFormatter={(v: number) => fmt(v)}
            />
            <YAxis
              type="number"
              scale={model.logY ? 'log' : 'linear'}
              domain={yDomain}
              ticks={yTicks}
              interval={0}
              tick={plainTick}
              niceTicks="none"
              allowDataOverflow
              stroke="var(--fg-muted)"
              width={64}
              tickFormatter={(v: number) => fmt(v)}
            />
            <Tooltip
              content={<LossTooltip smoothed={model.smoothed} />}
              cursor={{ stroke: 'var(--fg-muted)', strokeDasharray: '3 3' }}
              wrapperStyle={TOOLTIP_WRAPPER}
              isAnimationActive={false}
            />
            <FastLines series={model.lines} bands={model.bands} logY={model.logY} />
            {editMarks(optimizers, hidden, chart.logX, xDomain, diverged.length)}
            {diverged.map(({ i, d, rank }) => (
              <ReferenceLine
                key={`d${i}`}
                x={d}
                stroke={colorOf(optimizers[i], i)}
                strokeDasharray="4 4"
                label={divergedLabel({
                  text: `✕ #${i + 1} diverged`,
                  color: colorOf(optimizers[i], i),
                  rank,
                  at: fractionOf(d, xDomain[0], xDomain[1], chart.logX),
                })}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <RunLegend />
      <SpeedupBar />
    </section>
  );
}
