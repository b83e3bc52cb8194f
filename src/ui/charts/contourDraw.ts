/**
 * Drawing the contour map on its canvas, and finding the trajectory under the pointer. Paths
 * are outlined in the map's background colour so they stay visible on contours of any hue (and
 * in dark mode), drawn in reverse legend order so run #1 ends on top, and a hovered run is drawn
 * last and thicker while the others fade. Axes: coordinate ticks along the bottom and left.
 */
import type { LANDSCAPES, LandscapeId } from '../../core/tasks/landscapes';
import { fmt } from '../lib/logSlider';
import { linearTicks } from '../lib/ticks';
import {
  type Layer,
  type LayerFactory,
  type MapContext,
  offscreenLayer,
  settle,
  tracePts,
} from './trajectoryLayer';
import { pixelPath } from './trajectoryPixels';

type View = (typeof LANDSCAPES)[LandscapeId]['view'];

export interface MapPath {
  index: number;
  color: string;
  /** Interleaved x, y per step. */
  xy: ArrayLike<number>;
  /** What owns xy (its GrowBuf): keys the path caches, so they survive the buffer growing. */
  owner?: object;
}

export interface MapScene {
  view: View;
  lines: number[][];
  grid: number;
  minima: { x: number; y: number }[];
  paths: MapPath[];
  start: { x: number; y: number };
  hover: number | null;
  bg: string;
  fg: string;
  dark: boolean;
}

export function mapScales(view: View, W: number, H: number) {
  return {
    px: (x: number) => ((x - view.xMin) / (view.xMax - view.xMin)) * W,
    py: (y: number) => H - ((y - view.yMin) / (view.yMax - view.yMin)) * H,
  };
}

/** Contours, background and minima: the same on every redraw, so drawn once into a layer. */
function drawBackground(ctx: MapContext, W: number, H: number, s: MapScene): void {
  const { px, py } = mapScales(s.view, W, H);
  ctx.fillStyle = s.bg;
  ctx.fillRect(0, 0, W, H);
  const sx = W / (s.grid - 1);
  const sy = H / (s.grid - 1);
  s.lines.forEach((seg, k) => {
    const t = k / Math.max(1, s.lines.length - 1);
    ctx.strokeStyle = `hsla(${220 - 180 * t}, 65%, ${s.dark ? 62 : 48}%, ${s.hover === null ? 0.8 : 0.45})`;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let i = 0; i < seg.length; i += 4) {
      ctx.moveTo(seg[i] * sx, H - seg[i + 1] * sy);
      ctx.lineTo(seg[i + 2] * sx, H - seg[i + 3] * sy);
    }
    ctx.stroke();
  });
  ctx.fillStyle = s.fg;
  ctx.font = '16px sans-serif';
  for (const m of s.minima) ctx.fillText('★', px(m.x) - 6, py(m.y) + 6);
}

const backgrounds = new WeakMap<number[][], { key: string; layer: Layer }>();

function background(ctx: MapContext, W: number, H: number, s: MapScene, make: LayerFactory): void {
  const key = `${W}x${H}|${s.bg}|${s.fg}|${s.dark}|${s.hover === null}|${JSON.stringify(s.minima)}`;
  let b = backgrounds.get(s.lines);
  if (!b || b.key !== key) {
    const layer = make(W, H);
    if (!layer) {
      drawBackground(ctx, W, H, s);
      return;
    }
    drawBackground(layer.ctx, W, H, s);
    b = { key, layer };
    backgrounds.set(s.lines, b);
  }
  ctx.drawImage(b.layer.canvas, 0, 0);
}

/**
 * Draw the map. Trajectories: per run its baked layer and live tail (trajectoryLayer.ts), so a
 * redraw strokes at most TAIL_MAX + new pen moves per run whatever the history's length; a
 * hovered run's tail is drawn thicker (its baked part keeps the normal width).
 */
export function drawMap(
  ctx: MapContext,
  W: number,
  H: number,
  s: MapScene,
  make: LayerFactory = offscreenLayer,
): void {
  const { px, py } = mapScales(s.view, W, H);
  ctx.clearRect(0, 0, W, H);
  background(ctx, W, H, s, make);

  // Reverse legend order (run #1 on top), the hovered run last of all.
  const order = [...s.paths]
    .reverse()
    .sort((a, b) => Number(a.index === s.hover) - Number(b.index === s.hover));
  ctx.lineJoin = 'round';
  const scale = `${s.view.xMin},${s.view.xMax},${s.view.yMin},${s.view.yMax},${W},${H}`;
  for (const p of order) {
    if (p.xy.length < 2) continue;
    const hot = s.hover === p.index;
    const faded = s.hover !== null && !hot;
    ctx.globalAlpha = faded ? 0.35 : 1;
    // Points that move the pen by under half a pixel are skipped (trajectoryPixels.ts).
    const pix = pixelPath(p.xy, scale, px, py, p.owner);
    const { layer, from } = settle(pix, { color: p.color, bg: s.bg, w: W, h: H }, make, p.index);
    ctx.beginPath();
    tracePts(ctx, pix.pts, from, pix.pts.length);
    const lx = p.xy[p.xy.length - 2];
    const ly = p.xy[p.xy.length - 1];
    const live = Number.isFinite(lx) && Number.isFinite(ly);
    const n = pix.pts.length;
    if (live && n >= 2 && !Number.isNaN(pix.pts[n - 1])) ctx.lineTo(px(lx), py(ly));
    ctx.strokeStyle = s.bg;
    ctx.lineWidth = hot ? 7 : 5;
    ctx.stroke();
    if (layer) ctx.drawImage(layer.canvas, 0, 0);
    ctx.strokeStyle = p.color;
    ctx.lineWidth = hot ? 3.5 : 2;
    ctx.stroke();
    if (live) {
      ctx.beginPath();
      ctx.arc(px(lx), py(ly), hot ? 5.5 : 4.5, 0, 2 * Math.PI);
      ctx.fillStyle = p.color;
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = s.bg;
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }
  ctx.strokeStyle = s.fg;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(px(s.start.x), py(s.start.y), 6, 0, 2 * Math.PI);
  ctx.stroke();
  drawAxes(ctx, W, H, s);
}

/** Coordinate ticks inside the bottom and left edges, on a halo so contours do not hide them. */
function drawAxes(ctx: MapContext, W: number, H: number, s: MapScene): void {
  const { px, py } = mapScales(s.view, W, H);
  ctx.font = '15px sans-serif'; // the 480-px canvas is shown at ~330 CSS px
  ctx.lineWidth = 3;
  ctx.strokeStyle = s.bg;
  ctx.fillStyle = s.fg;
  const label = (t: string, x: number, y: number) => {
    ctx.strokeText(t, x, y);
    ctx.fillText(t, x, y);
  };
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'center';
  for (const x of linearTicks(s.view.xMin, s.view.xMax, 5)) {
    const X = px(x);
    if (X < 14 || X > W - 14) continue;
    ctx.fillRect(X - 0.5, H - 5, 1, 5);
    label(fmt(x), X, H - 6);
  }
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (const y of linearTicks(s.view.yMin, s.view.yMax, 5)) {
    const Y = py(y);
    if (Y < 10 || Y > H - 20) continue;
    // No tick mark before the label: beside a number it reads as a minus sign ("-0", "--2").
    label(fmt(y), 4, Y);
  }
  ctx.textAlign = 'start';
  ctx.textBaseline = 'alphabetic';
}

/** The run whose trajectory passes nearest (x, y) in canvas pixels, within `radius`; with the step. */
export function nearestPath(
  paths: readonly MapPath[],
  view: View,
  W: number,
  H: number,
  x: number,
  y: number,
  radius = 12,
): { index: number; step: number; px: number; py: number } | null {
  const { px, py } = mapScales(view, W, H);
  let best: { index: number; step: number; px: number; py: number } | null = null;
  let bestD = radius * radius;
  for (const p of paths) {
    for (let k = 0; k + 1 < p.xy.length; k += 2) {
      const X = px(p.xy[k]);
      const Y = py(p.xy[k + 1]);
      const d = (X - x) ** 2 + (Y - y) ** 2;
      if (d <= bestD) {
        bestD = d;
        best = { index: p.index, step: k / 2, px: p.xy[k], py: p.xy[k + 1] };
      }
    }
  }
  return best;
}
