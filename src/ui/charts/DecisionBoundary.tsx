/**
 * Decision boundary per optimizer for 2-D classification tasks (spirals), TensorFlow Playground
 * style: each run's P(class 1) over the plane as a heat map (orange class 0, blue class 1, pale
 * where the model is unsure), with the training points on top. The worker computes the maps at
 * 40 × 40 every few steps (core/run/boundary.ts, the first seed); here they are only drawn, on
 * canvas (decisionDraw.ts).
 */
import { useEffect, useRef } from 'react';
import type { DecisionGrid } from '../../core/run/types';
import { useThrottledVersion } from '../hooks/useThrottledVersion';
import { colorOf } from '../lib/colors';
import { PngButton } from '../share/PngButton';
import { series } from '../store/series';
import { useSpec } from '../store/specStore';
import { drawDecisionMap } from './decisionDraw';
import { useDarkScheme } from './probeInk';
import { runLabel } from './RunLegend';

/** Tasks whose runs get decision-boundary maps. */
export function hasDecisionMap(taskId: string): boolean {
  return taskId === 'spirals';
}

function MapTile(props: { grid: DecisionGrid; run: number; label: string; color: string; dark: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { grid, run, dark } = props;
  useEffect(() => {
    if (canvas.current) drawDecisionMap(canvas.current, grid, run, dark);
  }, [grid, run, dark]);
  const diverged = Number.isNaN(grid.probs[run * grid.res * grid.res]);
  return (
    <figure className="decision-tile" data-testid={`decision-${run}`}>
      <figcaption>
        <span className="swatch" style={{ background: props.color }} /> {props.label}
        {diverged && <span className="diverged"> · diverged</span>}
      </figcaption>
      <canvas
        ref={canvas}
        className="decision-map"
        role="img"
        aria-label={`Decision boundary of ${props.label} at step ${grid.step}`}
      />
    </figure>
  );
}

export function DecisionBoundary() {
  const version = useThrottledVersion(250);
  const optimizers = useSpec((s) => s.spec.optimizers);
  const seeds = useSpec((s) => s.spec.seeds ?? 1);
  const dark = useDarkScheme();
  void version;
  const grid = series.decision;
  return (
    <section className="panel chart" aria-labelledby="decision-h" data-testid="decision-boundary">
      <div className="chart-head">
        <h2 id="decision-h">Decision boundary</h2>
        <PngButton name="decision-boundary" />
      </div>
      <p className="chart-caption">
        What to look for: the colour is each model's prediction over the plane (orange class 0, blue class 1,
        pale where it is unsure); dots are the training points. A good optimizer bends the boundary around
        both spiral arms.
      </p>
      {grid ? (
        <>
          <div className="decision-grid">
            {optimizers.map((o, i) =>
              i * grid.res * grid.res < grid.probs.length ? (
                <MapTile
                  // biome-ignore lint/suspicious/noArrayIndexKey: a run is identified by its position in spec.optimizers
                  key={i}
                  grid={grid}
                  run={i}
                  label={runLabel(o, i)}
                  color={colorOf(o, i)}
                  dark={dark}
                />
              ) : null,
            )}
          </div>
          <p className="hint" data-testid="decision-step">
            step {grid.step} · {grid.res}×{grid.res} grid over [−{grid.extent}, {grid.extent}]²
            {seeds > 1 ? ' · first seed' : ''}
          </p>
        </>
      ) : (
        <p className="hint">Press Run (or Step): each optimizer's decision boundary appears here.</p>
      )}
    </section>
  );
}
