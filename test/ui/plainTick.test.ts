/** Plain tick labels (src/ui/charts/plainTick.tsx): the axis formatter's text, <Text>'s anchors. */
import { describe, expect, it } from 'vitest';
import { ANCHOR_DY, tickText } from '../../src/ui/charts/plainTick';
import { fmt } from '../../src/ui/lib/logSlider';

describe('plain tick labels', () => {
  it('apply the axis formatter to the tick value, as recharts does', () => {
    const f = (v: number) => fmt(v);
    expect(tickText({ payload: { value: 1e13 }, tickFormatter: f as never })).toBe(fmt(1e13));
    expect(tickText({ payload: { value: 0.25 }, tickFormatter: f as never })).toBe('0.25');
    expect(tickText({ payload: { value: 400 } })).toBe('400');
    expect(tickText({})).toBe('');
  });
  it('sit where <Text> puts a one-line label', () => {
    expect(ANCHOR_DY).toEqual({ start: '0.71em', middle: '0.355em', end: '0' });
  });
});
