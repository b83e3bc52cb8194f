/**
 * Variational HyperAdam's VarBlock, live, for one run: per step the predicted variance σ² of
 * the update (median line and 5–95% band over coordinates, log scale; probe `varQuantiles`
 * [q05, q50, q95]) beside μ², the squared mean update (probe `meanSqQuantiles`, dashed, same
 * log axis, so the variance's scale against the mean shows), σ² alone on a linear axis fitted to
 * it (its spread and drift, invisible beside μ² when it stays within a few % of 1) and, below,
 * the sampled update d against its mean μ at a few fixed
 * coordinates (probe `updateTrace` = [μ_1..μ_k, d_1..d_k], k ≤ 4; in units of d, before −α).
 * Also exports QuantileBands, the band-chart panel HyperAdamChart reuses.
 */
import { useMemo } from 'react';
import { useLivePoints } from '../hooks/useLivePoints';
import { useThrottledVersion } from '../hooks/useThrottledVersion';
import { column } from '../lib/chartRows';
import { decimateIndices } from '../lib/decimate';
import { niceDomain, seriesDomain } from '../lib/seriesDomain';
import { PngButton } from '../share/PngButton';
import { series } from '../store/series';
import type { FastBand, FastSeries } from './FastLines';
import type { ProbeTooltipEntry } from './ProbeTooltip';
import { type ProbeInk, useProbeInk } from './probeInk';
import { StepPanel } from './StepPanel';

const TRACE = ['#1f77b4', '#ff7f0e', '#d62728', '#9467bd'];

export interface BandProbe {
  /** A [q05, q50, q95] probe name. */
  probe: string;
  label: string;
  color: string;
  /** SVG dash pattern of the median line (e.g. '5 3'); solid when absent. */
  dash?: string;
}

/**
 * Median lines and 5–95% bands of several quantile probes of one run, on one axis. `domain`
 * fixes the y range (e.g. [0, 1] for decay rates); otherwise it fits the data.
 */
export function QuantileBands(props: {
  run: number;
  probes: BandProbe[];
  logY: boolean;
  domain?: [number, number];
  short?: boolean;
}) {
  const version = useThrottledVersion(1000);
  const maxPoints = useLivePoints(400, 1000);
  const { run, probes, logY } = props;
  const model = useMemo(() => {
    void version;
    const r = series.runs[run];
    const cols = probes.map((p) => {
      const s = r?.probes.get(p.probe);
      return s && s.width >= 3 ? [0, 1, 2].map((c) => column(s.buf.view(), s.width, c)) : null;
    });
    const present = cols.filter((c): c is Float32Array[] => c !== null);
    if (present.length === 0) return null;
    const n = present[0][1].length;
    const xs = decimateIndices(
      present.map((c) => c[1]),
      n,
      maxPoints,
    );
    return {
      cols,
      xs,
      domain: seriesDomain(
        present.flatMap((c) => [c[0], c[2]]),
        xs,
        logY,
      ),
    };
  }, [version, run, probes, logY, maxPoints]);
  const fitted = model?.domain ? niceDomain(model.domain, logY) : logY ? [1e-6, 1] : [0, 1];
  const [y0, y1] = props.domain ?? fitted;
  const domain = useMemo((): [number, number] => [y0, y1], [y0, y1]);
  if (!model) return <p className="hint">Waiting for the first steps…</p>;
  const bands: FastBand[] = [];
  const lines: FastSeries[] = [];
  const entries: ProbeTooltipEntry[] = [];
  probes.forEach((p, i) => {
    const c = model.cols[i];
    if (!c) return;
    bands.push({ key: `${p.probe}-band`, xs: model.xs, lo: c[0], hi: c[2], color: p.color });
    lines.push({ key: `${p.probe}-med`, xs: model.xs, ys: c[1], color: p.color, width: 2, dash: p.dash });
    entries.push(
      { label: `${p.label} q05`, color: p.color, ys: c[0] },
      { label: `${p.label} median`, color: p.color, ys: c[1] },
      { label: `${p.label} q95`, color: p.color, ys: c[2] },
    );
  });
  return (
    <>
      <StepPanel
        bands={bands}
        lines={lines}
        entries={entries}
        logY={logY}
        domain={domain}
        short={props.short}
      />
      <p className="hint">
        {probes.map((p) => (
          <span key={p.probe}>
            <span
              className={p.dash ? 'swatch dashed' : 'swatch'}
              style={p.dash ? { borderColor: p.color } : { background: p.color }}
            />{' '}
            {p.label}{' '}
          </span>
        ))}
        (median line, 5–95% band over coordinates)
      </p>
    </>
  );
}

/** σ² and μ² on one log axis, in neutral inks (probeInk.ts): the variance against the mean's scale. */
function varProbes(ink: ProbeInk): BandProbe[] {
  return [
    { probe: 'varQuantiles', label: 'σ² (VarBlock variance)', color: ink.strong },
    { probe: 'meanSqQuantiles', label: 'μ² (squared mean update)', color: ink.muted, dash: '5 3' },
  ];
}

/** The sampled update d (solid) against its mean μ (dashed) at the traced coordinates. */
function UpdateTrace(props: { run: number }) {
  const version = useThrottledVersion(1000);
  const maxPoints = useLivePoints(400, 1000);
  const model = useMemo(() => {
    void version;
    const s = series.runs[props.run]?.probes.get('updateTrace');
    if (!s || s.width < 2) return null;
    const k = Math.floor(s.width / 2);
    const mu = Array.from({ length: k }, (_, i) => column(s.buf.view(), s.width, i));
    const d = Array.from({ length: k }, (_, i) => column(s.buf.view(), s.width, k + i));
    const xs = decimateIndices([...mu, ...d], mu[0].length, maxPoints);
    return { mu, d, xs, domain: seriesDomain([...mu, ...d], xs, false) };
  }, [version, props.run, maxPoints]);
  const [y0, y1] = model?.domain ? niceDomain(model.domain, false) : [-1, 1];
  const domain = useMemo((): [number, number] => [y0, y1], [y0, y1]);
  if (!model) return null;
  const lines: FastSeries[] = [];
  const entries: ProbeTooltipEntry[] = [];
  model.mu.forEach((mu, i) => {
    const color = TRACE[i % TRACE.length];
    lines.push({ key: `mu${i}`, xs: model.xs, ys: mu, color, width: 1.5, dash: '4 3' });
    lines.push({ key: `d${i}`, xs: model.xs, ys: model.d[i], color, width: 1, opacity: 0.8 });
    entries.push({ label: `μ #${i + 1}`, color, ys: mu }, { label: `d #${i + 1}`, color, ys: model.d[i] });
  });
  return (
    <>
      <h3>Sampled update d vs its mean μ ({model.mu.length} coordinates)</h3>
      <StepPanel bands={[]} lines={lines} entries={entries} logY={false} domain={domain} short />
      <p className="hint">dashed: μ (HyperAdam mean) · solid: d = μ + σξ (the applied update, before −α)</p>
    </>
  );
}

/** Props: `run` = index of the run in the comparison (series.runs), `label` = its legend name. */
export function VarBlockChart(props: { run: number; label: string }) {
  const ink = useProbeInk();
  const probes = useMemo(() => varProbes(ink), [ink]);
  const varOnly = useMemo(() => probes.slice(0, 1), [probes]);
  return (
    <section
      className="panel chart"
      aria-label={`VarBlock variance, ${props.label}`}
      data-testid="varblock-chart"
    >
      <div className="chart-head">
        <h2>VarBlock variance σ² vs μ² · {props.label}</h2>
        <PngButton name={`varblock-${props.run + 1}`} />
      </div>
      <p className="chart-caption">
        What to look for: σ² (solid) is how much each update is randomised around its mean μ (sampled d = μ +
        σξ); μ² (dashed) is the squared mean on the same log axis. Decades between them mean nearly
        deterministic steps; where σ² reaches μ² the noise is as large as the step itself. The middle panel
        shows σ² alone on a linear axis fitted to it (its spread over coordinates and its change over the
        run); the lower panel shows d scattering around μ at a few coordinates.
      </p>
      <QuantileBands run={props.run} probes={probes} logY />
      <h3>σ² alone (axis fitted to σ²)</h3>
      <QuantileBands run={props.run} probes={varOnly} logY={false} short />
      <UpdateTrace run={props.run} />
    </section>
  );
}
