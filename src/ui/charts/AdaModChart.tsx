/**
 * AdaMod's diagnostics for one run: per step the raw Adam step sizes η_t and AdaMod's bound
 * s_t (median line and 5–95% band of each, log scale; neutral inks, so they cannot be taken
 * for runs), the applied step size min(η, s) of the median coordinate — bounded by
 * min(median η, median s) — in the run's own colour, and the fraction of coordinates where the
 * bound clipped the step on its own 0–1 axis (probes etaQuantiles, sQuantiles,
 * clippedFraction). docs/algorithms.md §1.1.
 */
import { useMemo } from 'react';
import { useLivePoints } from '../hooks/useLivePoints';
import { useThrottledVersion } from '../hooks/useThrottledVersion';
import { column } from '../lib/chartRows';
import { colorOf } from '../lib/colors';
import { decimateIndices } from '../lib/decimate';
import { niceDomain, seriesDomain } from '../lib/seriesDomain';
import { PngButton } from '../share/PngButton';
import { series } from '../store/series';
import { useSpec } from '../store/specStore';
import { useProbeInk } from './probeInk';
import { StepPanel } from './StepPanel';

const CLIP_TICKS = [0, 0.25, 0.5, 0.75, 1];
/** A little room above 1 and below 0, so a fraction of 1.0 is not hidden on the frame. */
const CLIP_DOMAIN: [number, number] = [-0.06, 1.06];

/** min(a_i, b_i) per step (NaN where either is NaN). */
export function elementMin(a: ArrayLike<number>, b: ArrayLike<number>): Float32Array {
  const n = Math.min(a.length, b.length);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.min(a[i], b[i]);
  return out;
}

export function AdaModChart(props: { run: number; label: string }) {
  const version = useThrottledVersion(1000);
  const ink = useProbeInk();
  const ETA = ink.muted;
  const S = ink.strong;
  const runColor = useSpec((st) => {
    const o = st.spec.optimizers[props.run];
    return o ? colorOf(o, props.run) : ink.strong;
  });
  const maxPoints = useLivePoints(400, 1000);
  const model = useMemo(() => {
    void version;
    const r = series.runs[props.run];
    const eta = r?.probes.get('etaQuantiles');
    const s = r?.probes.get('sQuantiles');
    const clip = r?.probes.get('clippedFraction');
    // Before the first steps the panels are drawn empty: mounted with the page, so the first
    // data only updates them (a mount at that moment was a 40-ms main-thread task; README).
    const none = new Float32Array(0);
    const e = [0, 1, 2].map((c) => (eta ? column(eta.buf.view(), eta.width, c) : none));
    const b = [0, 1, 2].map((c) => (s ? column(s.buf.view(), s.width, c) : none));
    const c = clip ? clip.buf.view() : none;
    const n = e[1].length;
    const xs = decimateIndices([e[1], b[1], c], n, maxPoints);
    return {
      e,
      b,
      c,
      applied: elementMin(e[1], b[1]),
      xs,
      n,
      waiting: !eta || !s,
      domain: seriesDomain([e[0], e[2], b[0], b[2]], xs, true),
    };
  }, [version, props.run, maxPoints]);
  const d = model.domain ? niceDomain(model.domain, true) : [1e-6, 1];
  const [y0, y1] = d;
  const yDomain = useMemo((): [number, number] => [y0, y1], [y0, y1]);
  return (
    <section
      className="panel chart"
      aria-label={`AdaMod step sizes, ${props.label}`}
      data-testid="adamod-chart"
    >
      <div className="chart-head">
        <h2>AdaMod step sizes · {props.label}</h2>
        <PngButton
          name={`adamod-${props.run + 1}`}
          legend={[
            { label: 'η: raw Adam step sizes', color: ETA },
            { label: 's: AdaMod bound (median, 5–95% band)', color: S },
            { label: 'applied step min(η, s)', color: runColor },
          ]}
        />
      </div>
      {model.waiting && <p className="hint">Waiting for the first steps…</p>}
      <StepPanel
        bands={[
          { key: 'eBand', xs: model.xs, lo: model.e[0], hi: model.e[2], color: ETA },
          { key: 'sBand', xs: model.xs, lo: model.b[0], hi: model.b[2], color: S },
        ]}
        lines={[
          { key: 'eMed', xs: model.xs, ys: model.e[1], color: ETA, width: 1.5 },
          // s drawn over the applied step: where the cap bites they coincide, and the dashes show it.
          { key: 'applied', xs: model.xs, ys: model.applied, color: runColor, width: 3 },
          { key: 'sMed', xs: model.xs, ys: model.b[1], color: S, width: 1.5, dash: '5 3' },
        ]}
        entries={[
          { label: 'η q05', color: ETA, ys: model.e[0] },
          { label: 'η median', color: ETA, ys: model.e[1] },
          { label: 'η q95', color: ETA, ys: model.e[2] },
          { label: 's q05', color: S, ys: model.b[0] },
          { label: 's median', color: S, ys: model.b[1] },
          { label: 's q95', color: S, ys: model.b[2] },
          { label: 'applied ≤ min(η, s) medians', color: runColor, ys: model.applied },
        ]}
        logY
        domain={yDomain}
        n={model.n}
      />
      <p className="hint">
        <span className="swatch" style={{ background: ETA }} /> η: raw Adam step sizes ·{' '}
        <span className="swatch" style={{ background: S }} /> s: AdaMod bound, dashed (median line, 5–95%
        band) · <span className="swatch" style={{ background: runColor }} /> applied step min(η, s) (of the
        medians)
      </p>
      <p className="chart-caption" data-testid="adamod-caption">
        What to look for: AdaMod steps by min(η, s). Early on s is far below η (s starts at 0 and is an
        average of past η), so every coordinate is capped and AdaMod moves slowly — a built-in warm-up; where
        η spikes above its own history, s keeps the step small.
      </p>
      <h3>Fraction of coordinates clipped (η &gt; s)</h3>
      <StepPanel
        lines={[{ key: 'clip', xs: model.xs, ys: model.c, color: runColor, width: 1.5 }]}
        entries={[{ label: 'clipped fraction', color: runColor, ys: model.c }]}
        logY={false}
        domain={CLIP_DOMAIN}
        ticks={CLIP_TICKS}
        n={model.n}
        short
      />
    </section>
  );
}
