/** The latest evaluation of the learned optimizer against Adam on fresh runs, and the history. */
import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fmt } from '../lib/logSlider';
import { LOG_Y_AXIS } from './IterationChart';
import { useMeta } from './metaStore';

export function EvalChart() {
  const evals = useMeta((s) => s.evals);
  const kind = useMeta((s) => s.form.recipe.kind);
  const last = evals[evals.length - 1];
  const data = useMemo(
    () => (last ? last.learned.map((l, t) => ({ t, learned: l, adam: last.adam[t] })) : []),
    [last],
  );
  if (!last)
    return (
      <p className="hint">Evaluation curves (learned vs Adam on fresh runs) appear every N iterations.</p>
    );
  return (
    <figure className="chart" aria-label="Evaluation">
      <figcaption>
        Evaluation at iteration {last.iteration}: training loss, mean of fresh runs — final {kind}{' '}
        {last.learnedFinal.toFixed(3)} vs Adam (lr {last.adamLr}) {last.adamFinal.toFixed(3)}
      </figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data}>
          <CartesianGrid stroke="var(--grid)" />
          <XAxis dataKey="t" type="number" stroke="var(--fg-muted)" tickFormatter={fmt} />
          <YAxis {...LOG_Y_AXIS} />
          <Tooltip formatter={(v) => fmt(Number(v))} labelFormatter={(t) => `step ${t}`} />
          <Legend />
          <Line dataKey="learned" name={kind} dot={false} isAnimationActive={false} stroke="#d62728" />
          <Line dataKey="adam" name="Adam" dot={false} isAnimationActive={false} stroke="#2ca02c" />
        </LineChart>
      </ResponsiveContainer>
      <ul className="evals">
        {evals.map((e) => (
          <li key={e.iteration}>
            iteration {e.iteration}: {e.learnedFinal.toFixed(3)} vs Adam {e.adamFinal.toFixed(3)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
