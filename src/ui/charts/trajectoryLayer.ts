/**
 * Bounded redraw cost for the landscape's trajectories. A run that keeps moving — an optimizer
 * oscillating around the minimum moves the pen on nearly every step, even after the
 * half-pixel reduction (trajectoryPixels.ts) — has a path that grows with the history, and
 * stroking it again on every redraw made the map's rasterisation the page's main-thread cost:
 * a Chromium trace of the 8-optimizer Rosenbrock soak at 22,000 steps spent 12.0 s of 12.5 s
 * in SkCanvas::drawPath, for RMSprop's 22,115-point path (README, Soak).
 *
 * So the settled part of each path is baked, once, into a bitmap per run ("layer"), and only
 * the recent tail (≤ TAIL_MAX pen moves) is stroked on a redraw: per run, the tail's outline,
 * then the layer, then the tail's colour on top. Inside a layer a baked chunk's colour is drawn
 * over what is there and its outline under it (destination-over), so as with one stroked path
 * the run's whole colour lies above its whole outline; chunks overlap by one segment, so their
 * joins are round as in one path. A run's layer follows its trajectory owner (the GrowBuf): it
 * survives the buffer growing, and is rebaked only when the scale, size or colour changes.
 *
 * Layers are pooled per run slot (the run's index, per layer factory) and reused, cleared,
 * when the slot's path is replaced: instant mode replaces every trajectory on each answer
 * (~15 per second while dragging), and a new 480×480 OffscreenCanvas per run per answer cost
 * the main thread 10–40 ms per frame (allocating the bitmap at the first stroke) and drove
 * 20-ms major GCs (their pixel memory, and Blink's canvas objects to sweep).
 */
import type { PixelPath } from './trajectoryPixels';

/** Pen moves stroked per redraw at most, beyond the points that arrived since the last bake. */
export const TAIL_MAX = 64;

/** The parts of a 2-D context the map draws with (a real one, or a recording fake in tests). */
export type MapContext = Pick<
  CanvasRenderingContext2D,
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'stroke'
  | 'fill'
  | 'arc'
  | 'clearRect'
  | 'fillRect'
  | 'fillText'
  | 'strokeText'
  | 'drawImage'
  | 'globalAlpha'
  | 'globalCompositeOperation'
  | 'strokeStyle'
  | 'fillStyle'
  | 'lineWidth'
  | 'lineJoin'
  | 'font'
  | 'textAlign'
  | 'textBaseline'
>;

/** A bitmap the map can draw into and then onto its canvas. */
export interface Layer {
  canvas: CanvasImageSource;
  ctx: MapContext;
}

export type LayerFactory = (w: number, h: number) => Layer | null;

/** OffscreenCanvas where there is one (browsers); null elsewhere (then paths are drawn whole). */
export const offscreenLayer: LayerFactory = (w, h) => {
  if (typeof OffscreenCanvas === 'undefined') return null;
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d');
  return ctx ? { canvas, ctx: ctx as unknown as MapContext } : null;
};

/** A run slot's layer and what is baked in it: pts of `path` before `upTo`. */
interface Baked {
  layer: Layer;
  path: PixelPath | null;
  upTo: number;
  key: string;
  w: number;
  h: number;
}

/** Per layer factory (one map's layers), the layer of each run slot. */
const pools = new WeakMap<LayerFactory, Map<number, Baked>>();

/** Move the pen along pts[from, to) (pixel pairs; NaN lifts it). */
export function tracePts(ctx: MapContext, pts: number[], from: number, to: number): void {
  let pen = false;
  for (let i = from; i + 1 < to; i += 2) {
    if (Number.isNaN(pts[i])) {
      pen = false;
      continue;
    }
    if (pen) ctx.lineTo(pts[i], pts[i + 1]);
    else ctx.moveTo(pts[i], pts[i + 1]);
    pen = true;
  }
}

/**
 * Bake `p` into its slot's layer once more than TAIL_MAX pen moves are unbaked; returns the
 * layer (null while the path is short, or without a layer factory) and where the live tail
 * starts. A slot whose layer holds another path (or another scale or colour) is cleared and
 * rebaked, reusing the bitmap.
 */
export function settle(
  p: PixelPath,
  style: { color: string; bg: string; w: number; h: number },
  make: LayerFactory,
  slot = 0,
): { layer: Layer | null; from: number } {
  const key = `${p.key}|${style.color}|${style.bg}`;
  let pool = pools.get(make);
  if (!pool) {
    pool = new Map();
    pools.set(make, pool);
  }
  let b = pool.get(slot);
  const holds = (x: Baked | undefined): boolean =>
    x !== undefined &&
    x.path === p &&
    x.key === key &&
    x.w === style.w &&
    x.h === style.h &&
    x.upTo <= p.pts.length;
  const upTo = b && holds(b) ? b.upTo : 0;
  if ((p.pts.length - upTo) / 2 > TAIL_MAX) {
    if (!b || b.w !== style.w || b.h !== style.h) {
      const layer = make(style.w, style.h);
      if (!layer) return { layer: null, from: 0 };
      b = { layer, path: null, upTo: 0, key, w: style.w, h: style.h };
      pool.set(slot, b);
    }
    if (!holds(b)) {
      if (b.path !== null) b.layer.ctx.clearRect(0, 0, b.w, b.h);
      b.path = p;
      b.key = key;
      b.upTo = 0;
    }
    const { ctx } = b.layer;
    const from = Math.max(0, b.upTo - 2); // one segment of overlap: a round join, as in one path
    ctx.lineJoin = 'round';
    ctx.beginPath();
    tracePts(ctx, p.pts, from, p.pts.length);
    ctx.globalCompositeOperation = 'source-over';
    ctx.strokeStyle = style.color;
    ctx.lineWidth = 2;
    ctx.stroke();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.strokeStyle = style.bg;
    ctx.lineWidth = 5;
    ctx.stroke();
    ctx.globalCompositeOperation = 'source-over';
    b.upTo = p.pts.length;
  }
  return b && holds(b) ? { layer: b.layer, from: Math.max(0, b.upTo - 2) } : { layer: null, from: 0 };
}
