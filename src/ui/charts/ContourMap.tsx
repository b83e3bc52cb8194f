/**
 * Contour map of a 2-D task (log-spaced levels from core/tasks/landscapes) with every run's
 * trajectory drawn live (contourDraw.ts: outlined paths, #1 on top, axes with coordinates).
 * Hover a path to highlight its run; click or drag to set the start point; arrow keys nudge it.
 * The canvas is redrawn outside React, once per animation frame at most, when the series or the
 * scene change: no chart render is scheduled per frame, so a drag in instant mode (a new run
 * per pointer move) never waits on, or tears, a React render of the map.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { isLandscapeId, LANDSCAPES, type LandscapeId, sampleGrid } from '../../core/tasks/landscapes';
import { colorOf } from '../lib/colors';
import { contourSegments, linearLevels, logLevels } from '../lib/contours';
import { fmt } from '../lib/logSlider';
import { PngButton } from '../share/PngButton';
import { useRun } from '../store/runStore';
import { series } from '../store/series';
import { useSpec } from '../store/specStore';
import { instantBusy } from '../worker/liveEdits';
import { instantApplies } from '../worker/liveSync';
import { drawMap, type MapPath, nearestPath } from './contourDraw';
import { runLabel } from './RunLegend';

const GRID = 120;
const LEVELS = 24;
const SIZE = 480;

interface Opts {
  x0: number;
  y0: number;
  kappa?: number;
}

function useContours(id: LandscapeId, kappa: number | undefined) {
  return useMemo(() => {
    const view = LANDSCAPES[id].view;
    const { values } = sampleGrid(id, GRID, GRID, view, { kappa });
    const levels =
      LANDSCAPES[id].contourScale === 'log' ? logLevels(values, LEVELS) : linearLevels(values, LEVELS);
    return { view, lines: levels.map((lv) => contourSegments(values, GRID, GRID, lv)) };
  }, [id, kappa]);
}

export function ContourMap() {
  const task = useSpec((s) => s.spec.task);
  const optimizers = useSpec((s) => s.spec.optimizers);
  const setOptions = useSpec((s) => s.setTaskOptions);
  const hidden = useRun((s) => s.hidden);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drag, setDrag] = useState<{ x: number; y: number } | null>(null);
  const [hover, setHover] = useState<{ index: number; step: number; px: number; py: number } | null>(null);
  const id = task.id as LandscapeId;
  const opts = task.options as unknown as Opts;
  const { view, lines } = useContours(id, opts.kappa);
  const start = drag ?? { x: opts.x0, y: opts.y0 };

  /** The trajectories as last drawn (hover looks them up). */
  const paths = useRef<MapPath[]>([]);
  const draw = useRef<() => void>(() => {});
  draw.current = () => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    paths.current = optimizers.flatMap((o, i) => {
      const run = series.runs[i];
      return run && !hidden.has(i)
        ? [{ index: i, color: colorOf(o, i), xy: run.trajectory.view(), owner: run.trajectory }]
        : [];
    });
    const css = getComputedStyle(c);
    drawMap(ctx, c.width, c.height, {
      view,
      lines,
      grid: GRID,
      minima: LANDSCAPES[id].minima,
      paths: paths.current,
      start: { x: start.x, y: start.y },
      hover: hover?.index ?? null,
      bg: css.getPropertyValue('--map-bg').trim() || '#fff',
      fg: css.getPropertyValue('--fg').trim() || '#000',
      dark: window.matchMedia('(prefers-color-scheme: dark)').matches,
    });
  };
  const frame = useRef(0);
  const schedule = useRef(() => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      draw.current();
    });
  });
  // New series (frames, instant answers): redraw on the next animation frame.
  useEffect(() => {
    const unsub = useRun.subscribe((s, p) => {
      if (s.version !== p.version) schedule.current();
    });
    return () => {
      unsub();
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, []);
  // A new scene (start, hover, landscape, runs shown): likewise.
  useEffect(() => {
    void [lines, view, id, start.x, start.y, hover, optimizers, hidden];
    schedule.current();
  }, [lines, view, id, start.x, start.y, hover, optimizers, hidden]);

  /** Hovering a trajectory highlights its run and says where it was at that step. */
  const onHover = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const W = e.currentTarget.width;
    const H = e.currentTarget.height;
    const hit = nearestPath(
      paths.current,
      view,
      W,
      H,
      ((e.clientX - r.left) / r.width) * W,
      ((e.clientY - r.top) / r.height) * H,
    );
    setHover(hit);
  };

  const toWorld = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = view.xMin + ((e.clientX - r.left) / r.width) * (view.xMax - view.xMin);
    const y = view.yMax - ((e.clientY - r.top) / r.height) * (view.yMax - view.yMin);
    return { x: Number(x.toFixed(3)), y: Number(y.toFixed(3)) };
  };
  const commit = (p: { x: number; y: number }) => setOptions({ x0: p.x, y0: p.y });
  const nudge = (dx: number, dy: number) => {
    const step = (view.xMax - view.xMin) / 50;
    commit({ x: Number((opts.x0 + dx * step).toFixed(3)), y: Number((opts.y0 + dy * step).toFixed(3)) });
  };

  return (
    <section className="panel chart" aria-labelledby="map-h" data-testid="contour-map">
      <div className="chart-head">
        <h2 id="map-h">Landscape</h2>
        <PngButton
          name={`landscape-${id}`}
          legend={optimizers.flatMap((o, i) =>
            hidden.has(i) ? [] : [{ label: runLabel(o, i), color: colorOf(o, i) }],
          )}
        />
      </div>
      <canvas
        ref={canvas}
        width={SIZE}
        height={SIZE}
        className="contour"
        tabIndex={0}
        role="img"
        aria-label={`Contour map of ${id} with trajectories. Start point (${start.x}, ${start.y}); click, drag or use arrow keys to move it.`}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          setDrag(toWorld(e));
        }}
        onPointerMove={(e) => {
          if (!drag) return onHover(e);
          const p = toWorld(e);
          setDrag(p);
          // Instant mode recomputes while dragging (worker/liveEdits.ts; latest request wins),
          // sending the next point once the last answer is in (pointer-up sends the final one).
          if (useRun.getState().instant && instantApplies(useSpec.getState().spec) && !instantBusy())
            commit(p);
        }}
        onPointerLeave={() => setHover(null)}
        onPointerUp={(e) => {
          const p = toWorld(e);
          setDrag(null);
          commit(p);
        }}
        onKeyDown={(e) => {
          const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[e.key];
          if (d) {
            e.preventDefault();
            nudge(d[0], d[1]);
          }
        }}
      />
      <p className="hint map-hover" data-testid="map-hover" aria-live="polite">
        {hover
          ? `${runLabel(optimizers[hover.index], hover.index)} · step ${hover.step} at (${fmt(hover.px)}, ${fmt(hover.py)})`
          : 'Hover a path to pick out its run.'}
      </p>
      <p className="hint">
        Start ({start.x}, {start.y}){LANDSCAPES[id].minima.length > 0 ? ' · ★ minimum' : ''} · contours{' '}
        {LANDSCAPES[id].contourScale === 'log' ? 'log-spaced' : 'evenly spaced'}. Click, drag or use arrow
        keys to move the start.
      </p>
    </section>
  );
}

export function hasContourMap(taskId: string): boolean {
  return isLandscapeId(taskId);
}
