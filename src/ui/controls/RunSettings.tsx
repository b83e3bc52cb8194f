/** Seed and number of steps; where fused kernels run (lib/fusedOffer.ts), the fused-kernels switch. */
import { MAX_STEPS } from '../../core/experiment/schema';
import { SeedsField } from '../fair/SeedsField';
import { fusedOffer } from '../lib/fusedOffer';
import { useRun } from '../store/runStore';
import { useSpec } from '../store/specStore';
import { NumberField } from './NumberField';

const intIn = (name: string, min: number, max: number) => (v: number) =>
  Number.isInteger(v) && v >= min && v <= max ? null : `${name}: must be an integer in [${min}, ${max}]`;

export function RunSettings() {
  const steps = useSpec((s) => s.spec.steps);
  const seed = useSpec((s) => s.spec.seed);
  const fused = useSpec((s) => s.spec.fused);
  const backend = useRun((s) => s.backend?.name);
  const kernels = useRun((s) => s.kernels);
  const offer = fusedOffer(backend, kernels);
  const { setSteps, setSeed, setFused } = useSpec.getState();
  return (
    <div className="run-settings">
      <NumberField
        label="steps"
        value={steps}
        validate={intIn('steps', 1, MAX_STEPS)}
        onCommit={setSteps}
        testId="steps"
      />
      <NumberField
        label="seed"
        value={seed}
        validate={intIn('seed', 0, 4294967295)}
        onCommit={setSeed}
        testId="seed"
      />
      <SeedsField />
      {offer && (
        <label className="check" title={offer.title}>
          <input
            type="checkbox"
            checked={fused}
            onChange={(e) => setFused(e.currentTarget.checked)}
            data-testid="fused"
          />
          {offer.label}
        </label>
      )}
    </div>
  );
}
