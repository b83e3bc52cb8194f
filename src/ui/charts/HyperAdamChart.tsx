/**
 * HyperAdam's learned internals, live, for one run (also drawn for Variational HyperAdam,
 * which has the same cells): per step the AdamCell's predicted decay rates β (first moment)
 * and γ (second moment), and the WeightCell's combination weights ρ, each as a median line
 * and 5–95% band over all coordinates × candidates (probes betaQuantiles, gammaQuantiles,
 * rhoQuantiles, each [q05, q50, q95]). The weights' per-candidate means (probe rhoMean, J
 * values) at the latest step are drawn as bars (values listed below them).
 */
import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { useThrottledVersion } from '../hooks/useThrottledVersion';
import { fmt } from '../lib/logSlider';
import { PngButton } from '../share/PngButton';
import { series } from '../store/series';
import { useProbeInk } from './probeInk';
import { type BandProbe, QuantileBands } from './VarBlockChart';

const RATE_PROBES: BandProbe[] = [
  { probe: 'betaQuantiles', label: 'β (1st-moment decay)', color: '#1f77b4' },
  { probe: 'gammaQuantiles', label: 'γ (2nd-moment decay)', color: '#d62728' },
];
const RHO_PROBES: BandProbe[] = [
  { probe: 'rhoQuantiles', label: 'ρ (combination weights)', color: '#9467bd' },
];
const UNIT: [number, number] = [0, 1];

function LatestRhoMeans(props: { run: number }) {
  const version = useThrottledVersion(1000);
  const values = useMemo(() => {
    void version;
    const s = series.runs[props.run]?.probes.get('rhoMean');
    if (!s) return null;
    const v = s.buf.view();
    // The latest row with an update: the run's final row (the loss at θ_T) has no update, so
    // its probes are NaN.
    for (let r = Math.floor(v.length / s.width) - 1; r >= 0; r--) {
      const row = v.subarray(r * s.width, (r + 1) * s.width);
      if (row.every(Number.isFinite)) return Array.from(row);
    }
    return null;
  }, [version, props.run]);
  const ink = useProbeInk();
  const data = useMemo(() => (values ?? []).map((v, j) => ({ j: j + 1, v })), [values]);
  if (!values) return null;
  return (
    <div data-testid="rho-means">
      <h3>Mean ρ per candidate j (latest step)</h3>
      <div className="chart-box short">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid stroke="var(--grid)" vertical={false} />
            <XAxis dataKey="j" stroke="var(--fg-muted)" interval={0} />
            <YAxis width={60} stroke="var(--fg-muted)" tickFormatter={fmt} />
            <ReferenceLine y={0} stroke="var(--fg-muted)" />
            <Bar dataKey="v" fill={ink.muted} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <details className="hint">
        <summary>values</summary>
        {values.map((x, j) => `${j + 1}: ${fmt(x)}`).join(' · ')}
      </details>
    </div>
  );
}

/** Props: `run` = index of the run in the comparison (series.runs), `label` = its legend name. */
export function HyperAdamChart(props: { run: number; label: string }) {
  return (
    <section
      className="panel chart"
      aria-label={`HyperAdam decay rates, ${props.label}`}
      data-testid="hyperadam-chart"
    >
      <div className="chart-head">
        <h2>HyperAdam decay rates β, γ · {props.label}</h2>
        <PngButton name={`hyperadam-${props.run + 1}`} />
      </div>
      <p className="chart-caption">
        What to look for: β and γ are the learned decay rates of the 20 candidate Adam moments (Adam fixes
        them at 0.9 and 0.999); ρ weighs the candidates into one update, so with the output scale α the step
        is α·Σρ times an Adam step. Its curve over the run is the learned learning-rate schedule: the shipped
        file (clock start) raises ρ for about 10 steps, then lowers it (α·Σρ ≈ 0.036 → 0.039 → 0.015).
      </p>
      <QuantileBands run={props.run} probes={RATE_PROBES} logY={false} domain={UNIT} />
      <h3>Combination weights ρ</h3>
      <QuantileBands run={props.run} probes={RHO_PROBES} logY={false} short />
      <LatestRhoMeans run={props.run} />
    </section>
  );
}
