/** Seed and number of steps. */
import { MAX_STEPS } from '../../core/spec/schema';
import { useSpec } from '../store/specStore';
import { NumberField } from './NumberField';

const intIn = (name: string, min: number, max: number) => (v: number) =>
  Number.isInteger(v) && v >= min && v <= max ? null : `${name}: must be an integer in [${min}, ${max}]`;

export function RunSettings() {
  const steps = useSpec((s) => s.spec.steps);
  const seed = useSpec((s) => s.spec.seed);
  const { setSteps, setSeed } = useSpec.getState();
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
    </div>
  );
}
