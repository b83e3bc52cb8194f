/** Loss chart toggles: which metric (train / held-out / accuracy) and the seed band (±1 std, min–max, off). */
import { useSpec } from '../store/specStore';
import { type BandMode, type LossMetric, useFair } from './fairStore';

const METRICS: [LossMetric, string][] = [
  ['train', 'train'],
  ['heldout', 'held-out'],
  ['accuracy', 'accuracy'],
];

export function LossViewBar(props: { hasHeldOut: boolean; hasAccuracy: boolean }) {
  const metric = useFair((s) => s.metric);
  const band = useFair((s) => s.band);
  const seeds = useSpec((s) => s.spec.seeds ?? 1);
  return (
    <div className="chart-settings" data-testid="loss-view">
      <fieldset className="segmented" aria-label="Metric">
        {METRICS.map(([m, label]) => (
          <label key={m} className="inline">
            <input
              type="radio"
              name="loss-metric"
              value={m}
              checked={metric === m}
              disabled={(m === 'heldout' && !props.hasHeldOut) || (m === 'accuracy' && !props.hasAccuracy)}
              onChange={() => useFair.setState({ metric: m })}
              data-testid={`metric-${m}`}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {seeds > 1 && (
        <label className="inline">
          band
          <select
            value={band}
            onChange={(e) => useFair.setState({ band: e.target.value as BandMode })}
            data-testid="band-mode"
          >
            <option value="std">±1 std</option>
            <option value="minmax">min–max</option>
            <option value="off">off</option>
          </select>
        </label>
      )}
    </div>
  );
}
