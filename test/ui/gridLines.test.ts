/** Grid lines from the axis ticks (src/ui/charts/gridLines.ts): no DOM, exact pixel positions. */
import { describe, expect, it } from 'vitest';
import { gridX, gridY } from '../../src/ui/charts/gridLines';

const linear = (d0: number, d1: number, r0: number, r1: number) => ({
  map: (v: unknown) => (typeof v === 'number' ? r0 + ((v - d0) / (d1 - d0)) * (r1 - r0) : undefined),
});

describe('grid lines', () => {
  it('puts vertical lines at the x ticks and at both plot edges', () => {
    const xAxis = { ticks: [0, 100, 250], scale: linear(0, 500, 10, 510) };
    expect(gridX({ xAxis, offset: { left: 10, width: 500 } })).toEqual([10, 110, 260, 510]);
  });
  it('puts horizontal lines at the y ticks, skipping unplottable ones, plus top and bottom', () => {
    const yAxis = { ticks: [1, 'x', 3], scale: linear(0, 4, 200, 0) };
    expect(gridY({ yAxis, offset: { top: 0, height: 200 } })).toEqual([150, 50, 0, 200]);
  });
  it('draws only the edges before the axis has registered (no ticks, no scale)', () => {
    expect(gridX({ xAxis: undefined, offset: { left: 4, width: 96 } })).toEqual([4, 100]);
  });
});
