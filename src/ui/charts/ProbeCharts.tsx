/**
 * Probe charts: AdaMod's chart per AdaMod run, the VarBlock chart per VHAdam run, the learned
 * decay rates per HyperAdam/VHAdam run, update norms of all runs, AdaBound's bounds.
 */
import { colorOf } from '../lib/colors';
import { useRun } from '../store/runStore';
import { useSpec } from '../store/specStore';
import { AdaModChart } from './AdaModChart';
import { HyperAdamChart } from './HyperAdamChart';
import { ProbeChart, type ProbeLine } from './ProbeChart';
import { runLabel } from './RunLegend';
import { VarBlockChart } from './VarBlockChart';

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
      {optimizers.map((o, i) =>
        o.id === 'vhadam' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: a run is identified by its position in spec.optimizers
          <VarBlockChart key={`vb${i}`} run={i} label={runLabel(o, i)} />
        ) : null,
      )}
      {optimizers.map((o, i) =>
        o.id === 'hyperadam' || o.id === 'vhadam' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: a run is identified by its position in spec.optimizers
          <HyperAdamChart key={`ha${i}`} run={i} label={runLabel(o, i)} />
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
