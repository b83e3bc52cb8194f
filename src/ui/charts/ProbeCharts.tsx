/**
 * Probe charts: one panel per run for each chart panel id its optimizer declares (learned
 * kinds: their descriptor's `panels`, src/core/learned/<kind>/meta.ts; hand-designed rules:
 * RULE_PANELS below), in PANEL_ORDER; then the update norms of all runs and AdaBound's bounds.
 */
import type { ComponentType } from 'react';
import { learnedMetaOf } from '../../core/learned/kinds';
import { colorOf } from '../lib/colors';
import { useRun } from '../store/runStore';
import { useSpec } from '../store/specStore';
import { AdaModChart } from './AdaModChart';
import { HyperAdamChart } from './HyperAdamChart';
import { ProbeChart, type ProbeLine } from './ProbeChart';
import { runLabel } from './RunLegend';
import { ScheduleChart } from './ScheduleChart';
import { VarBlockChart } from './VarBlockChart';

/** A per-run chart panel, by id (the ids a learned kind's descriptor lists in `panels`). */
export const PANELS: Record<string, ComponentType<{ run: number; label: string }>> = {
  adamod: AdaModChart,
  varblock: VarBlockChart,
  hyperadam: HyperAdamChart,
  schedule: ScheduleChart,
};
const PANEL_ORDER = ['schedule', 'adamod', 'varblock', 'hyperadam'];
const RULE_PANELS: Record<string, readonly string[]> = { adamod: ['adamod'] };

function panelsOf(id: string): readonly string[] {
  return learnedMetaOf(id)?.panels ?? RULE_PANELS[id] ?? [];
}

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
  const order = [...PANEL_ORDER, ...Object.keys(PANELS).filter((p) => !PANEL_ORDER.includes(p))];
  return (
    <>
      {order.flatMap((panel) =>
        optimizers.map((o, i) => {
          const Panel = PANELS[panel];
          return panelsOf(o.id).includes(panel) ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: a run is identified by its position in spec.optimizers
            <Panel key={`${panel}${i}`} run={i} label={runLabel(o, i)} />
          ) : null;
        }),
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
