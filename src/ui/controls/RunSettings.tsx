/** Seed and number of steps; where fused kernels exist (webgpu, wasm, cpu), the fused-kernels switch. */
import { MAX_STEPS } from '../../core/experiment/schema';
import { SeedsField } from '../fair/SeedsField';
import { useRun } from '../store/runStore';
import { useSpec } from '../store/specStore';
import { NumberField } from './NumberField';

const intIn = (name: string, min: number, max: number) => (v: number) =>
  Number.isInteger(v) && v >= min && v <= max ? null : `${name}: must be an integer in [${min}, ${max}]`;

export function RunSettings() {
  const steps = useSpec((s) => s.spec.steps);
  const seed = useSpec((s) => s.spec.seed);
  const fused = useSpec((s) => s.spec.fused);
  const fusable = useRun((s) => ['webgpu', 'wasm', 'cpu'].includes(s.backend?.name ?? ''));
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
      {fusable && (
        <label
          className="check"
          title="Run each hand-designed rule as one fused kernel per step (WGSL on WebGPU, one pass over memory on wasm/cpu); off: plain tfjs ops"
        >
          <input
            type="checkbox"
            checked={fused}
            onChange={(e) => setFused(e.currentTarget.checked)}
            data-testid="fused"
          />
          fused kernels
        </label>
      )}
    </div>
  );
}
