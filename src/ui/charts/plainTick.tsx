/**
 * An axis tick label as one plain SVG <text>. recharts' default tick is its <Text>, which
 * measures every word of every new label in the DOM (getBoundingClientRect on a hidden span: a
 * forced layout per label) to wrap it to the axis width; our labels are short numbers (fmt) on
 * fixed ticks and never wrap, so that measuring was ~10% of the main-thread task in which the
 * live charts draw their first data (README, instant mode). Same classes and anchors as <Text>.
 */

/** The props recharts passes a tick renderer (CartesianAxis' tickProps), the parts used here. */
export interface TickProps {
  x?: number | string;
  y?: number | string;
  textAnchor?: 'start' | 'middle' | 'end' | 'inherit';
  verticalAnchor?: 'start' | 'middle' | 'end';
  fill?: string;
  className?: string;
  index?: number;
  payload?: { value: unknown };
  tickFormatter?: (value: never, index: number) => string;
}

/** dy of a one-line label, as recharts' <Text> sets it for each vertical anchor. */
export const ANCHOR_DY = { start: '0.71em', middle: '0.355em', end: '0' } as const;

/** The label's text: the axis' formatter applied to the tick value, as recharts does. */
export function tickText(p: TickProps): string {
  const v = p.payload?.value;
  return p.tickFormatter ? String(p.tickFormatter(v as never, p.index ?? 0)) : String(v ?? '');
}

export function plainTick(p: TickProps) {
  return (
    <text
      x={p.x}
      y={p.y}
      dy={ANCHOR_DY[p.verticalAnchor ?? 'end']}
      textAnchor={p.textAnchor}
      fill={p.fill}
      className={`recharts-text ${p.className ?? ''}`.trim()}
    >
      {tickText(p)}
    </text>
  );
}
