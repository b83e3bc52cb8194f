/**
 * Recorded hyperparameter edits on the loss chart: one dashed vertical line per event at its
 * step, in the run's colour, labelled "#2 lr → 0.001" (experiment/schedule.ts). A function,
 * not a component: recharts only draws ReferenceLines that are direct children of its chart.
 */
import { ReferenceLine } from 'recharts';
import { describeEvent } from '../../core/experiment/schedule';
import type { OptimizerEntry } from '../../core/experiment/schema';
import { colorOf } from '../lib/colors';

export function editMarks(optimizers: readonly OptimizerEntry[], hidden: ReadonlySet<number>, logX: boolean) {
  return optimizers.flatMap((o, i) =>
    hidden.has(i) || !o.schedule
      ? []
      : o.schedule
          .filter((ev) => !logX || ev.step > 0)
          .map((ev, j) => (
            <ReferenceLine
              // biome-ignore lint/suspicious/noArrayIndexKey: a run is identified by its position in spec.optimizers
              key={`e${i}-${j}`}
              x={ev.step}
              stroke={colorOf(o, i)}
              strokeDasharray="2 3"
              ifOverflow="hidden"
              label={{
                value: `#${i + 1} ${describeEvent(ev)}`,
                fill: colorOf(o, i),
                position: 'insideTopLeft',
                fontSize: 11,
                className: 'edit-mark',
              }}
            />
          )),
  );
}
