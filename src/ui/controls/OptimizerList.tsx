/** The optimizers being compared: add, and one editor per entry. */
import { MAX_OPTIMIZERS } from '../../core/experiment/schema';
import { useSpec } from '../store/specStore';
import { OptimizerEntryEditor } from './OptimizerEntryEditor';

export function OptimizerList() {
  const optimizers = useSpec((s) => s.spec.optimizers);
  const add = useSpec((s) => s.addOptimizer);
  return (
    <section className="panel" aria-labelledby="opt-h">
      <h2 id="opt-h">Optimizers</h2>
      {optimizers.map((o, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a run is identified by its position in spec.optimizers
        <OptimizerEntryEditor key={`${i}-${o.id}`} entry={o} index={i} count={optimizers.length} />
      ))}
      <button type="button" onClick={() => add()} disabled={optimizers.length >= MAX_OPTIMIZERS}>
        + Add optimizer
      </button>
    </section>
  );
}
