/**
 * Canvas drawing of one run's decision map (DecisionBoundary.tsx): the res × res grid of
 * P(class 1) as an image scaled up with smoothing (so the boundary looks continuous), tinted
 * from the background towards orange (class 0) or blue (class 1) by the model's confidence
 * |2p − 1|, then the training points as dots of their class colour with a ring in the background
 * colour. A diverged run's map (NaN) is drawn grey. Colours per scheme, checked in dark mode.
 */
import type { DecisionGrid } from '../../core/run/types';

type Rgb = [number, number, number];

/** TensorFlow Playground's class colours. */
const CLASS0: Rgb = [245, 147, 34];
const CLASS1: Rgb = [8, 119, 189];
const BG_LIGHT: Rgb = [255, 255, 255];
const BG_DARK: Rgb = [28, 30, 36];
/** How far a fully confident cell moves from the background towards its class colour. */
const TINT = 0.7;

const css = (c: Rgb) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

/** The cell colour for probability p of class 1 over background bg. */
export function cellColor(p: number, bg: Rgb): Rgb {
  if (Number.isNaN(p)) return [128, 128, 128];
  const target = p >= 0.5 ? CLASS1 : CLASS0;
  const t = Math.min(1, Math.abs(2 * p - 1)) * TINT;
  return [0, 1, 2].map((k) => Math.round(bg[k] + (target[k] - bg[k]) * t)) as Rgb;
}

export function drawDecisionMap(
  canvas: HTMLCanvasElement,
  g: DecisionGrid,
  run: number,
  dark: boolean,
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  const size = Math.max(40, Math.round((canvas.clientWidth || 160) * dpr));
  if (canvas.width !== size) canvas.width = size;
  if (canvas.height !== size) canvas.height = size;
  const bg = dark ? BG_DARK : BG_LIGHT;
  const cells = g.res * g.res;
  const image = new ImageData(g.res, g.res);
  for (let k = 0; k < cells; k++) {
    const c = cellColor(g.probs[run * cells + k], bg);
    image.data.set([c[0], c[1], c[2], 255], 4 * k);
  }
  const small = document.createElement('canvas');
  small.width = g.res;
  small.height = g.res;
  small.getContext('2d')?.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(small, 0, 0, size, size);
  const r = Math.max(1.5, 2.2 * dpr);
  ctx.lineWidth = Math.max(1, 0.9 * dpr);
  ctx.strokeStyle = css(bg);
  for (let i = 0; i < g.labels.length; i++) {
    const px = ((g.points[2 * i] + g.extent) / (2 * g.extent)) * size;
    const py = ((g.extent - g.points[2 * i + 1]) / (2 * g.extent)) * size;
    ctx.beginPath();
    ctx.arc(px, py, r, 0, 2 * Math.PI);
    ctx.fillStyle = css(g.labels[i] === 1 ? CLASS1 : CLASS0);
    ctx.fill();
    ctx.stroke();
  }
}
