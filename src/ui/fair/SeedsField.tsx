/** How many seeds every optimizer runs over (mean ± std; the spec's `seeds`, `&seeds=N` in the URL). */
import { MAX_SEEDS } from '../../core/experiment/schema';
import { NumberField } from '../controls/NumberField';
import { useSpec } from '../store/specStore';

export function SeedsField() {
  const seeds = useSpec((s) => s.spec.seeds ?? 1);
  return (
    <NumberField
      label="seeds"
      value={seeds}
      validate={(v) =>
        Number.isInteger(v) && v >= 1 && v <= MAX_SEEDS
          ? null
          : `seeds: must be an integer in [1, ${MAX_SEEDS}]`
      }
      onCommit={(v) => useSpec.setState((s) => ({ spec: { ...s.spec, seeds: v } }))}
      testId="seeds"
    />
  );
}
