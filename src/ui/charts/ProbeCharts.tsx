/** Probe charts: AdaMod's chart per AdaMod run, update norms of all runs, AdaBound's bounds. */
import { colorOf } from '../lib/colors';
import { useRun } from '../store/runStore';
import { useSpec } from '../store/specStore';
import { AdaModChart } from './AdaModChart';
import { ProbeChart, type ProbeLine } from './ProbeChart';
import { runLabel } from './RunLegend';

export function ProbeCharts() {
  const optimizers = useSpec((s) => s.spec.optimizers);
  const hidden = useRun((s) => s.hidden);
  const visible = optimizers.map((o, i) => ({ o, i })).filter(({ i }) => !hidden.has(i));
  const norms: ProbeLine[] = visible.map(({ o, i }) => ({
    run: i,
    probe: 'updateNorm',
    label: runLabel(o, i),
    color: colorOf(o, i),
  }));
  const bounds: ProbeLine[] = visible
    .filter(({ o }) => o.id === 'adabound')
    .flatMap(({ o, i }) => [
      { run: i, probe: 'lowerBound', label: `${runLabel(o, i)} lower`, color: colorOf(o, i) },
      { run: i, probe: 'upperBound', label: `${runLabel(o, i)} upper`, color: colorOf(o, i), dashed: true },
    ]);
  return (
    <>
      {optimizers.map((o, i) =>
        o.id === 'adamod' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: a run is identified by its position in spec.optimizers
          <AdaModChart key={`am${i}`} run={i} label={runLabel(o, i)} />
        ) : null,
      )}
      <div className="probe-grid">
        <ProbeChart title="Update norm ‖Δθ‖" lines={norms} testId="probe-updateNorm" />
        {bounds.length > 0 && (
          <ProbeChart title="AdaBound step-size bounds" lines={bounds} testId="probe-adabound" />
        )}
      </div>
    </>
  );
}
