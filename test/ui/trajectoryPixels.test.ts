import { describe, expect, it } from 'vitest';
import { extendPixels, type PixelPath, pixelPath } from '../../src/ui/charts/trajectoryPixels';

const px = (x: number) => x * 100;
const py = (y: number) => 300 - y * 100;

function trajectory(n: number): Float32Array {
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    // Converging spiral with a few non-finite points: most late steps stay within half a pixel.
    const r = 2 * Math.exp(-i / 200);
    xy[2 * i] = r * Math.cos(i / 7);
    xy[2 * i + 1] = r * Math.sin(i / 7);
    if (i === 40 || i === 41 || i === 900) xy[2 * i] = Number.NaN;
    if (i === 300) xy[2 * i + 1] = Number.POSITIVE_INFINITY;
  }
  return xy;
}

describe('trajectory pixel reduction', () => {
  it('incremental extension equals one from-scratch pass, across appends of any size', () => {
    const xy = trajectory(5000);
    const whole: PixelPath = { pts: [], len: 0, key: 'k' };
    extendPixels(whole, xy, px, py);
    const inc: PixelPath = { pts: [], len: 0, key: 'k' };
    let n = 0;
    for (const c of [1, 2, 37, 400, 1, 1560, 3000 - 1]) {
      n += c;
      extendPixels(inc, xy.subarray(0, 2 * n), px, py);
    }
    expect(n).toBe(5000);
    expect(inc.len).toBe(10000);
    expect(inc.pts).toEqual(whole.pts);
    // Far fewer points than steps, pen lifts kept, every kept step ≥ ½ px from the previous one.
    expect(whole.pts.length / 2).toBeLessThan(1000);
    expect(whole.pts.filter((v) => Number.isNaN(v)).length).toBe(6);
    for (let i = 2; i + 1 < whole.pts.length; i += 2) {
      const [a, b, c, d] = [whole.pts[i - 2], whole.pts[i - 1], whole.pts[i], whole.pts[i + 1]];
      if (Number.isNaN(a) || Number.isNaN(c)) continue;
      expect(Math.max(Math.abs(c - a), Math.abs(d - b))).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('is cached per buffer and rebuilt when the scale changes', () => {
    const xy = trajectory(200);
    const a = pixelPath(xy.subarray(0, 100), 's1', px, py);
    const b = pixelPath(xy, 's1', px, py);
    expect(b).toBe(a);
    expect(b.len).toBe(400);
    const c = pixelPath(xy, 's2', (x) => x * 10, py);
    expect(c).not.toBe(a);
    expect(c.len).toBe(400);
  });
});
