/** Legend of runs: click (or Enter/Space) toggles a run's visibility in the charts. */
import { describeEvent } from '../../core/experiment/schedule';
import { isLearnedKind, LEARNED } from '../../core/learned/catalog';
import { OPTIMIZERS, type OptimizerId } from '../../core/optim/catalog';
import { useThrottledVersion } from '../hooks/useThrottledVersion';
import { colorOf } from '../lib/colors';
import { fmt } from '../lib/logSlider';
import { useRun } from '../store/runStore';
import { series } from '../store/series';
import { useSpec } from '../store/specStore';

export function runLabel(entry: { id: string; label?: string; hyper: { lr?: number } }, i: number): string {
  const name =
    entry.label ??
    OPTIMIZERS[entry.id as OptimizerId]?.label ??
    (isLearnedKind(entry.id) ? LEARNED[entry.id].label : entry.id);
  return `#${i + 1} ${name}${entry.hyper.lr !== undefined ? ` lr=${fmt(entry.hyper.lr)}` : ''}`;
}

export function RunLegend() {
  const optimizers = useSpec((s) => s.spec.optimizers);
  const hidden = useRun((s) => s.hidden);
  const toggle = useRun((s) => s.toggleHidden);
  useThrottledVersion(500);
  return (
    <ul className="legend" aria-label="Runs (click to show or hide)">
      {optimizers.map((o, i) => {
        const div = series.runs[i]?.divergedAt ?? null;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a run is identified by its position in spec.optimizers
          <li key={`${i}-${o.id}`}>
            <button
              type="button"
              aria-pressed={!hidden.has(i)}
              className={hidden.has(i) ? 'legend-item off' : 'legend-item'}
              onClick={() => toggle(i)}
            >
              <span className="swatch" style={{ background: colorOf(o, i) }} />
              {runLabel(o, i)}
              {o.schedule && (
                <span
                  className="edited"
                  title={o.schedule.map((ev) => `step ${ev.step}: ${describeEvent(ev)}`).join('\n')}
                >
                  {' '}
                  (initial; edited)
                </span>
              )}
              {div !== null && <span className="diverged"> ✕ diverged @ {div}</span>}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
