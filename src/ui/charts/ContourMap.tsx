/**
 * Contour map of a 2-D task (log-spaced levels from core/tasks/landscapes) with every run's
 * trajectory drawn live. Click or drag to set the start point; arrow keys nudge it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { isLandscapeId, LANDSCAPES, type LandscapeId, sampleGrid } from '../../core/tasks/landscapes';
import { useThrottledVersion } from '../hooks/useThrottledVersion';
import { colorOf } from '../lib/colors';
import { contourSegments, linearLevels, logLevels } from '../lib/contours';
import { PngButton } from '../share/PngButton';
import { useRun } from '../store/runStore';
import { series } from '../store/series';
import { useSpec } from '../store/specStore';
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
  const version = useThrottledVersion(33);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drag, setDrag] = useState<{ x: number; y: number } | null>(null);
  const id = task.id as LandscapeId;
  const opts = task.options as unknown as Opts;
  const { view, lines } = useContours(id, opts.kappa);
  const start = drag ?? { x: opts.x0, y: opts.y0 };

  useEffect(() => {
    void version;
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const css = getComputedStyle(c);
    const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    const W = c.width;
    const H = c.height;
    const px = (x: number) => ((x - view.xMin) / (view.xMax - view.xMin)) * W;
    const py = (y: number) => H - ((y - view.yMin) / (view.yMax - view.yMin)) * H;
    ctx.clearRect(0, 0, W, H);
    ctx.fillStyle = css.getPropertyValue('--map-bg') || '#fff';
    ctx.fillRect(0, 0, W, H);
    const sx = W / (GRID - 1);
    const sy = H / (GRID - 1);
    lines.forEach((seg, k) => {
      const t = k / Math.max(1, lines.length - 1);
      ctx.strokeStyle = `hsla(${220 - 180 * t}, 65%, ${dark ? 62 : 48}%, 0.8)`;
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let s = 0; s < seg.length; s += 4) {
        ctx.moveTo(seg[s] * sx, H - seg[s + 1] * sy);
        ctx.lineTo(seg[s + 2] * sx, H - seg[s + 3] * sy);
      }
      ctx.stroke();
    });
    const fg = css.getPropertyValue('--fg') || '#000';
    ctx.fillStyle = fg;
    ctx.font = '16px sans-serif';
    for (const m of LANDSCAPES[id].minima) ctx.fillText('★', px(m.x) - 6, py(m.y) + 6);
    optimizers.forEach((o, i) => {
      const run = series.runs[i];
      if (!run || hidden.has(i)) return;
      const tr = run.trajectory.view();
      if (tr.length < 2) return;
      ctx.strokeStyle = colorOf(o, i);
      ctx.lineWidth = 2;
      ctx.beginPath();
      let pen = false;
      for (let k = 0; k + 1 < tr.length; k += 2) {
        const x = tr[k];
        const y = tr[k + 1];
        if (!Number.isFinite(x) || !Number.isFinite(y)) {
          pen = false;
          continue;
        }
        if (pen) ctx.lineTo(px(x), py(y));
        else ctx.moveTo(px(x), py(y));
        pen = true;
      }
      ctx.stroke();
      const lx = tr[tr.length - 2];
      const ly = tr[tr.length - 1];
      if (Number.isFinite(lx) && Number.isFinite(ly)) {
        ctx.fillStyle = colorOf(o, i);
        ctx.beginPath();
        ctx.arc(px(lx), py(ly), 4, 0, 2 * Math.PI);
        ctx.fill();
      }
    });
    ctx.strokeStyle = fg;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(px(start.x), py(start.y), 6, 0, 2 * Math.PI);
    ctx.stroke();
  }, [version, lines, view, optimizers, hidden, id, start.x, start.y]);

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
          if (drag) setDrag(toWorld(e));
        }}
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
