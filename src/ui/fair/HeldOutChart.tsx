/**
 * Held-out loss or accuracy vs step, measured by the worker every ~steps/40 updates (and at the
 * end): the mean over seeds per run with its seed band. Same drawing as the loss chart.
 */
import { useMemo } from 'react';
import { CartesianGrid, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { curveStats } from '../../core/run/stats';
import { type FastBand, FastLines, type FastSeries } from '../charts/FastLines';
import { useThrottledVersion } from '../hooks/useThrottledVersion';
import { colorOf } from '../lib/colors';
import { fmt } from '../lib/logSlider';
import { niceDomain, seriesDomain } from '../lib/seriesDomain';
import { axisTicks } from '../lib/ticks';
import { useRun } from '../store/runStore';
import { series } from '../store/series';
import { useSpec } from '../store/specStore';
import { bandOf } from './bands';
import { useFair } from './fairStore';

export function HeldOutChart(props: { metric: 'heldout' | 'accuracy' }) {
  const version = useThrottledVersion(200);
  const optimizers = useSpec((s) => s.spec.optimizers);
  const logY = useSpec((s) => s.spec.chart.logY) && props.metric === 'heldout';
  const hidden = useRun((s) => s.hidden);
  const band = useFair((s) => s.band);
  const model = useMemo(() => {
    void version;
    const evals = series.evals;
    const xs = evals.map((e) => e.step);
    const len = (xs.at(-1) ?? 0) + 1;
    const lines: FastSeries[] = [];
    const bands: FastBand[] = [];
    const plotted: Float32Array[] = [];
    optimizers.forEach((o, i) => {
      if (hidden.has(i)) return;
      const perSeed = evals.map((e) => (props.metric === 'heldout' ? e.loss[i] : e.accuracy?.[i]) ?? []);
      const seeds = perSeed[0]?.length ?? 0;
      if (seeds === 0) return;
      const curves = Array.from({ length: seeds }, () => new Float32Array(len).fill(Number.NaN));
      perSeed.forEach((vals, k) => {
        vals.forEach((v, s) => {
          curves[s][xs[k]] = v;
        });
      });
      const mean = curveStats(curves).mean;
      const color = colorOf(o, i);
      lines.push({ key: `h${i}`, xs, ys: mean, color, width: 2 });
      plotted.push(mean);
      const b = bandOf(curves, band);
      if (b) {
        bands.push({ key: `hb${i}`, xs, lo: b.lo, hi: b.hi, color, opacity: 0.18 });
        plotted.push(b.lo, b.hi);
      }
    });
    const d = seriesDomain(plotted, xs, logY);
    return { lines, bands, xs, domain: d ? niceDomain(d, logY) : null };
  }, [version, optimizers, hidden, band, props.metric, logY]);
  const yDomain = model.domain ?? (logY ? [0.1, 10] : [0, 1]);
  const xDomain: [number, number] = [0, Math.max(2, model.xs.at(-1) ?? 2)];
  const rows = useMemo(() => model.xs.map((step) => ({ step })), [model.xs]);
  return (
    <div
      className="chart-box"
      data-testid="heldout-chart"
      data-points={model.xs.length}
      data-lines={model.lines.length}
      data-bands={model.bands.length}
    >
      {model.xs.length === 0 && (
        <p className="hint">
          Held-out metrics appear every few steps once the run starts (classification tasks and MNIST).
        </p>
      )}
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="var(--grid)" />
          <XAxis
            dataKey="step"
            type="number"
            domain={xDomain}
            ticks={axisTicks(xDomain, false)}
            interval={0}
            allowDataOverflow
            stroke="var(--fg-muted)"
            tickFormatter={(v: number) => fmt(v)}
          />
          <YAxis
            type="number"
            scale={logY ? 'log' : 'linear'}
            domain={yDomain}
            ticks={axisTicks(yDomain as [number, number], logY)}
            interval={0}
            allowDataOverflow
            stroke="var(--fg-muted)"
            width={64}
            tickFormatter={(v: number) => fmt(v)}
          />
          <FastLines series={model.lines} bands={model.bands} logY={logY} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
