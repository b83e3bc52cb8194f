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
 * joins are round as in one path. The layer is cached per trajectory owner (its GrowBuf), so
 * it survives the buffer growing, and rebuilt only when the scale, size or colour changes.
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

/** A pixel path's baked state: pts before `upTo` are in `layer`. */
interface Baked {
  layer: Layer;
  upTo: number;
  key: string;
}

const baked = new WeakMap<PixelPath, Baked>();

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
 * Bake `p` into its layer once more than TAIL_MAX pen moves are unbaked; returns the layer
 * (null while the path is short, or without a layer factory) and where the live tail starts.
 */
export function settle(
  p: PixelPath,
  style: { color: string; bg: string; w: number; h: number },
  make: LayerFactory,
): { layer: Layer | null; from: number } {
  const key = `${p.key}|${style.color}|${style.bg}|${style.w}x${style.h}`;
  let b = baked.get(p);
  if (b && (b.key !== key || b.upTo > p.pts.length)) {
    baked.delete(p);
    b = undefined;
  }
  const upTo = b?.upTo ?? 0;
  if ((p.pts.length - upTo) / 2 > TAIL_MAX) {
    if (!b) {
      const layer = make(style.w, style.h);
      if (!layer) return { layer: null, from: 0 };
      b = { layer, upTo: 0, key };
      baked.set(p, b);
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
  return b ? { layer: b.layer, from: Math.max(0, b.upTo - 2) } : { layer: null, from: 0 };
}
