import { describe, expect, it } from 'vitest';
import { TASK_OPTIONS } from '../../src/core/tasks/catalog';
import { LANDSCAPE_IDS, LANDSCAPES, sampleGrid } from '../../src/core/tasks/landscapes';

const OPTS = { kappa: 7 };
const POINTS: [number, number][] = [
  [-1.5, 2],
  [0.3, -0.7],
  [1.1, 1.3],
  [2.2, -1.9],
];

describe('landscapes (pure JS)', () => {
  it.each(LANDSCAPE_IDS)('%s: analytic gradient matches central finite differences', (id) => {
    const L = LANDSCAPES[id];
    const h = 1e-6;
    for (const [x, y] of POINTS) {
      const [gx, gy] = L.grad(x, y, OPTS);
      const fx = (L.f(x + h, y, OPTS) - L.f(x - h, y, OPTS)) / (2 * h);
      const fy = (L.f(x, y + h, OPTS) - L.f(x, y - h, OPTS)) / (2 * h);
      const scale = 1 + Math.abs(gx) + Math.abs(gy);
      expect(Math.abs(gx - fx) / scale).toBeLessThan(1e-6);
      expect(Math.abs(gy - fy) / scale).toBeLessThan(1e-6);
    }
  });

  it.each(LANDSCAPE_IDS)('%s: minima have the stated value and zero gradient', (id) => {
    const L = LANDSCAPES[id];
    for (const m of L.minima) {
      expect(Math.abs(L.f(m.x, m.y, OPTS) - m.f)).toBeLessThan(1e-9);
      const [gx, gy] = L.grad(m.x, m.y, OPTS);
      expect(Math.hypot(gx, gy)).toBeLessThan(1e-4); // Himmelblau's are given to 1e-6
    }
    for (const s of L.saddles) expect(Math.hypot(...L.grad(s.x, s.y, OPTS))).toBe(0);
  });

  it('hand values', () => {
    expect(LANDSCAPES.rosenbrock.f(-1.5, 2)).toBeCloseTo(6.25 + 100 * 0.0625, 12); // 12.5
    expect(LANDSCAPES.rosenbrock.grad(0, 0)).toEqual([-2, 0]);
    expect(LANDSCAPES.beale.f(0, 0)).toBeCloseTo(1.5 ** 2 + 2.25 ** 2 + 2.625 ** 2, 12);
    expect(LANDSCAPES.himmelblau.f(0, 0)).toBe(121 + 49);
    expect(LANDSCAPES['ill-quadratic'].f(2, 1, { kappa: 50 })).toBe(27);
    expect(LANDSCAPES['ill-quadratic'].f(2, 1)).toBe(27); // default κ = 50
    expect(LANDSCAPES.saddle.f(1, 2)).toBe(-3);
  });

  it('default starts agree with the task options in catalog.ts', () => {
    for (const id of LANDSCAPE_IDS) {
      const d = TASK_OPTIONS[id].parse({}) as { x0: number; y0: number };
      expect({ x: d.x0, y: d.y0 }).toEqual(LANDSCAPES[id].start);
      const { view, start } = LANDSCAPES[id];
      expect(start.x).toBeGreaterThanOrEqual(view.xMin);
      expect(start.x).toBeLessThanOrEqual(view.xMax);
      expect(start.y).toBeGreaterThanOrEqual(view.yMin);
      expect(start.y).toBeLessThanOrEqual(view.yMax);
    }
  });

  it('sampleGrid covers the view box corners', () => {
    const g = sampleGrid('rosenbrock', 5, 3);
    expect(g.values).toHaveLength(15);
    expect(g.values[0]).toBe(LANDSCAPES.rosenbrock.f(-2, -1));
    expect(g.values[14]).toBe(LANDSCAPES.rosenbrock.f(2, 3));
    expect(g.min).toBeLessThanOrEqual(g.max);
  });
});
