/** Run / Pause / Step / Reset, the step counter and the speed. */
import { useRun } from '../store/runStore';
import { useSpec } from '../store/specStore';
import { controller } from '../worker/client';

export function RunControls() {
  const state = useRun((s) => s.state);
  const step = useRun((s) => s.step);
  const sps = useRun((s) => s.stepsPerSec);
  const pending = useRun((s) => s.backendPending);
  const total = useSpec((s) => s.spec.steps);
  const running = state === 'running';
  const busy = pending || state === 'loading';
  return (
    <section className="panel run-controls" aria-label="Run controls">
      <div className="buttons">
        <button
          type="button"
          className="primary"
          onClick={() => controller.run()}
          disabled={running || busy || state === 'done'}
        >
          Run
        </button>
        <button type="button" onClick={() => controller.pause()} disabled={!running}>
          Pause
        </button>
        <button
          type="button"
          onClick={() => controller.step(1)}
          disabled={running || busy || state === 'done'}
        >
          Step
        </button>
        <button type="button" onClick={() => controller.reset()} disabled={busy}>
          Reset
        </button>
      </div>
      <output className="counter" aria-live="off">
        step <span data-testid="step-counter">{step}</span> / {total}
        {' · '}
        <span data-testid="steps-per-sec">{running ? sps.toFixed(0) : '–'}</span> steps/s
        {' · '}
        <span data-testid="run-state">{state}</span>
      </output>
    </section>
  );
}
