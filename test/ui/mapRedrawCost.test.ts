/**
 * The landscape map's redraw cost is bounded at any history length (contourDraw.ts,
 * trajectoryLayer.ts): a run oscillating around the minimum moves the pen on every step, and
 * before the baked layers (trajectoryLayer.ts) every redraw stroked its whole path again (22,115 segments at 22,000
 * steps of the soak; 12 of 12.5 traced seconds in SkCanvas::drawPath). Counted on a recording
 * fake context: segments (lineTo) stroked on the visible canvas per redraw, and in total.
 */
import { describe, expect, it } from 'vitest';
import { drawMap, type MapScene } from '../../src/ui/charts/contourDraw';
import { type Layer, type MapContext, TAIL_MAX } from '../../src/ui/charts/trajectoryLayer';
import { GrowBuf } from '../../src/ui/lib/growable';

interface Counts {
  lineTo: number;
  strokes: number;
  images: number;
  clears: number;
  ops: string[];
}

function fakeContext(): { ctx: MapContext; n: Counts } {
  const n: Counts = { lineTo: 0, strokes: 0, images: 0, clears: 0, ops: [] };
  const ctx = {
    globalAlpha: 1,
    globalCompositeOperation: 'source-over',
    strokeStyle: '',
    fillStyle: '',
    lineWidth: 1,
    lineJoin: 'miter',
    font: '',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    beginPath() {},
    moveTo() {},
    lineTo() {
      n.lineTo++;
    },
    stroke() {
      n.strokes++;
      n.ops.push(`stroke ${this.globalCompositeOperation} ${this.strokeStyle} ${this.lineWidth}`);
    },
    fill() {},
    arc() {},
    clearRect() {
      n.clears++;
    },
    fillRect() {},
    fillText() {},
    strokeText() {},
    drawImage(img: unknown) {
      n.images++;
      n.ops.push(`image ${(img as { name: string }).name}`);
    },
  };
  return { ctx: ctx as unknown as MapContext, n };
}

const VIEW = { xMin: -2, xMax: 2, yMin: -1, yMax: 3 };
const W = 480;

/** Step i of a run circling (1, 1) on a ~40-px ring: a new pixel, and a pen move, every step. */
function orbit(i: number): [number, number] {
  return [1 + 0.35 * Math.cos(i * 2.399), 1 + 0.35 * Math.sin(i * 2.399)];
}

/** A scene; `lines` (the contours) keys the cached background, so each test passes its own. */
function scene(bufs: GrowBuf[], lines: number[][]): MapScene {
  return {
    view: VIEW,
    lines,
    grid: 120,
    minima: [{ x: 1, y: 1 }],
    paths: bufs.map((b, i) => ({ index: i, color: `c${i}`, xy: b.view(), owner: b })),
    start: { x: -1, y: 2 },
    hover: null,
    bg: '#fff',
    fg: '#000',
    dark: false,
  };
}

/** A layer factory over fake contexts: each new layer's counts land in `layers`, named L0, L1, … */
function layerFactory(): { layers: Counts[]; make: () => Layer } {
  const layers: Counts[] = [];
  const make = (): Layer => {
    const f = fakeContext();
    layers.push(f.n);
    return { canvas: { name: `L${layers.length - 1}` } as unknown as CanvasImageSource, ctx: f.ctx };
  };
  return { layers, make };
}

describe('landscape map redraw cost', () => {
  it('strokes at most TAIL_MAX + new segments per run per redraw, at 100,000 steps as at 1,000', () => {
    const runs = 2;
    const bufs = Array.from({ length: runs }, () => new GrowBuf());
    const layers: Counts[] = [];
    let made = 0;
    const make = (): Layer => {
      const f = fakeContext();
      layers.push(f.n);
      return { canvas: { name: `layer${made++}` } as unknown as CanvasImageSource, ctx: f.ctx };
    };
    const lines = [[0, 0, 10, 10, 10, 10, 20, 5]];
    const perRedraw: { steps: number; lineTo: number }[] = [];
    let step = 0;
    const NEW = 25; // steps per redraw, as the live chart sees them
    for (const until of [1_000, 10_000, 100_000]) {
      while (step < until) {
        for (const b of bufs) {
          const xy = new Float32Array(2 * NEW);
          for (let k = 0; k < NEW; k++) [xy[2 * k], xy[2 * k + 1]] = orbit(step + k);
          b.push(xy);
        }
        step += NEW;
        const { ctx, n } = fakeContext();
        drawMap(ctx, W, W, scene(bufs, lines), make);
        perRedraw.push({ steps: step, lineTo: n.lineTo });
      }
    }
    // Every step moves the pen (nothing is dropped by the half-pixel rule), so the old redraw
    // stroked `step` segments per run; now ≤ TAIL_MAX + NEW per run (+ the live point).
    const worst = (from: number) => Math.max(...perRedraw.filter((r) => r.steps > from).map((r) => r.lineTo));
    for (const from of [0, 10_000, 90_000])
      expect(worst(from)).toBeLessThanOrEqual(runs * (TAIL_MAX + NEW + 1));
    expect(worst(90_000)).toBeGreaterThan(runs * NEW); // the live tail is drawn
    // One background layer plus one per run; baking strokes each step once (+1 overlap per chunk).
    expect(layers.length).toBe(1 + runs);
    const baked = layers.slice(1).map((c) => c.lineTo);
    for (const b of baked) {
      expect(b).toBeGreaterThan(100_000 - TAIL_MAX - NEW - 1);
      expect(b).toBeLessThan(100_000 + 100_000 / TAIL_MAX);
    }
    // The background (contours) was drawn once, not per redraw.
    expect(layers[0].strokes).toBe(1);
  });

  it('per run: tail outline under the layer, tail colour over it; baking puts colour over and outline under', () => {
    const b = new GrowBuf();
    const xy = new Float32Array(2 * 2000);
    for (let k = 0; k < 2000; k++) [xy[2 * k], xy[2 * k + 1]] = orbit(k);
    b.push(xy);
    const { layers, make } = layerFactory();
    const lines = [[0, 0, 10, 10]];
    const { ctx, n } = fakeContext();
    drawMap(ctx, W, W, scene([b], lines), make);
    expect(n.ops.slice(0, 5)).toEqual([
      'image L0',
      'stroke source-over #fff 5',
      'image L1',
      'stroke source-over c0 2',
      'stroke source-over #fff 1.5',
    ]);
    expect(layers[1].ops).toEqual(['stroke source-over c0 2', 'stroke destination-over #fff 5']);
    // A short path (≤ TAIL_MAX pen moves) gets no layer: drawn whole, as before.
    const short = new GrowBuf();
    short.push(xy.subarray(0, 2 * 50));
    const f = fakeContext();
    drawMap(f.ctx, W, W, scene([short], lines), make);
    expect(layers.length).toBe(2);
    expect(f.n.lineTo).toBe(50); // 49 segments and one to the live point
  });

  it('instant mode: a new path per answer reuses its run layer (cleared, rebaked), no layer per answer', () => {
    const { layers, make } = layerFactory();
    const lines = [[0, 0, 10, 10]];
    const runs = 4;
    const answers = 30;
    const steps = 500;
    let last: Counts | null = null;
    for (let a = 0; a < answers; a++) {
      // Each answer is a whole new run per optimizer (worker/liveEdits.ts resets the series).
      const bufs = Array.from({ length: runs }, (_, r) => {
        const b = new GrowBuf();
        const xy = new Float32Array(2 * steps);
        for (let k = 0; k < steps; k++) [xy[2 * k], xy[2 * k + 1]] = orbit(k + 7 * a + 1000 * r);
        b.push(xy);
        return b;
      });
      const f = fakeContext();
      drawMap(f.ctx, W, W, scene(bufs, lines), make);
      last = f.n;
    }
    // One background layer and one layer per run, whatever the number of answers.
    expect(layers.length).toBe(1 + runs);
    const perRun = layers.slice(1);
    for (const l of perRun) {
      // Cleared before each rebake but the first; every answer's path baked whole (+ 1 overlap).
      expect(l.clears).toBe(answers - 1);
      expect(l.lineTo).toBe(answers * (steps - 1));
      expect(l.strokes).toBe(2 * answers);
    }
    // The visible canvas drew each run's layer, and only the unbaked tail (none) besides.
    expect(last?.images).toBe(1 + runs);
    expect(last?.lineTo).toBe(runs);
  });
});
