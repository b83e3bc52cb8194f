/**
 * Recorded hyperparameter edits on the loss chart: one dashed vertical line per event at its
 * step, in the run's colour, labelled "#2 lr → 0.001" (experiment/schedule.ts). Labels of edits
 * close together are stacked in rows (editLabels.ts) below the diverged runs' labels, each on
 * a halo, with the full text and step as a hover tooltip. A function, not a component:
 * recharts only draws ReferenceLines that are direct children of its chart.
 */
import { ReferenceLine, usePlotArea } from 'recharts';
import { describeEvent } from '../../core/experiment/schedule';
import type { OptimizerEntry } from '../../core/experiment/schema';
import { colorOf } from '../lib/colors';
import { fractionOf } from './divergedLabel';
import { type EditMarkSpec, layoutEditLabels } from './editLabels';

const ROW = 14;

interface Mark extends EditMarkSpec {
  key: string;
  step: number;
  color: string;
}

/** The label of mark `k`: laid out with all the others against the plot's current width. */
function editLabel(marks: readonly Mark[], k: number, rowOffset: number) {
  return function EditLabel(props: { viewBox?: { x?: number; y?: number } }) {
    const area = usePlotArea();
    const { x, y } = props.viewBox ?? {};
    if (x === undefined || y === undefined) return null;
    const place = layoutEditLabels(marks, area?.width ?? 600)[k];
    const m = marks[k];
    return (
      <g data-testid="edit-label" data-row={place.row}>
        <title>{`${m.text} (from step ${m.step})`}</title>
        <text
          className="edit-mark"
          x={place.right ? x + 4 : x - 4}
          y={y + 12 + (rowOffset + place.row) * ROW}
          fill={m.color}
          fontSize={11}
          textAnchor={place.right ? 'start' : 'end'}
          stroke="var(--bg-elev)"
          strokeWidth={3}
          paintOrder="stroke"
        >
          {m.text}
        </text>
      </g>
    );
  };
}

export function editMarks(
  optimizers: readonly OptimizerEntry[],
  hidden: ReadonlySet<number>,
  logX: boolean,
  xDomain: readonly [number, number],
  /** Rows at the top already taken (the diverged runs' labels). */
  rowOffset = 0,
) {
  const marks: Mark[] = optimizers.flatMap((o, i) =>
    hidden.has(i) || !o.schedule
      ? []
      : o.schedule
          .filter((ev) => !logX || ev.step > 0)
          .map((ev, j) => ({
            key: `e${i}-${j}`,
            step: ev.step,
            at: fractionOf(ev.step, xDomain[0], xDomain[1], logX),
            text: `#${i + 1} ${describeEvent(ev)}`,
            color: colorOf(o, i),
          })),
  );
  // Earlier edits take the upper rows.
  marks.sort((a, b) => a.step - b.step);
  return marks.map((m, k) => (
    <ReferenceLine
      key={m.key}
      x={m.step}
      stroke={m.color}
      strokeDasharray="2 3"
      ifOverflow="hidden"
      label={editLabel(marks, k, rowOffset)}
    />
  ));
}
