/**
 * The label of a diverged run's marker line on the loss chart, drawn inside the plot area so it
 * never lands on tick labels: beside the line (right of it in the left half of the x range,
 * left of it in the right half), one row per diverged run from the top, with a halo in the
 * background colour so grid lines and curves do not cross the text.
 */

const ROW = 15;

export interface DivergedLabelSpec {
  text: string;
  color: string;
  /** 0 for the first diverged run shown, 1 for the next, … (its row from the top). */
  rank: number;
  /** Where the line sits in the x range, 0 (left edge) … 1 (right edge). */
  at: number;
}

/** recharts' label content for a vertical ReferenceLine (it passes the line's viewBox). */
export function divergedLabel(spec: DivergedLabelSpec) {
  return function DivergedLabel(props: { viewBox?: { x?: number; y?: number } }) {
    const { x, y } = props.viewBox ?? {};
    if (x === undefined || y === undefined) return null;
    const right = spec.at < 0.5;
    return (
      <text
        x={right ? x + 4 : x - 4}
        y={y + 13 + spec.rank * ROW}
        fill={spec.color}
        fontSize={12}
        textAnchor={right ? 'start' : 'end'}
        stroke="var(--bg-elev)"
        strokeWidth={3}
        paintOrder="stroke"
        data-testid="diverged-label"
      >
        {spec.text}
      </text>
    );
  };
}

/** The position 0…1 of step `x` in [lo, hi], on a log axis when `log`. */
export function fractionOf(x: number, lo: number, hi: number, log: boolean): number {
  if (log) {
    const a = Math.log(Math.max(lo, 1e-12));
    return (Math.log(Math.max(x, lo)) - a) / (Math.log(hi) - a || 1);
  }
  return (x - lo) / (hi - lo || 1);
}
