/** Run / Pause / Step / Reset, the step counter and the speed; Continue +N and instant mode (RunExtras). */
import { useRun } from '../store/runStore';
import { useSpec } from '../store/specStore';
import { controller } from '../worker/client';
import { instantApplies } from '../worker/liveSync';
import { RunExtras } from './RunExtras';

export function RunControls() {
  const state = useRun((s) => s.state);
  const step = useRun((s) => s.step);
  const sps = useRun((s) => s.stepsPerSec);
  const pending = useRun((s) => s.backendPending);
  const stale = useRun((s) => s.stale);
  const instant = useRun((s) => s.instant);
  const spec = useSpec((s) => s.spec);
  const total = spec.steps;
  const running = state === 'running';
  const busy = pending || state === 'loading';
  // Instant mode computes whole runs by itself; a changed spec (stale curves) runs again.
  const live = instant && instantApplies(spec);
  const cannotRun = running || busy || live || (state === 'done' && !stale);
  return (
    <section className="panel run-controls" aria-label="Run controls">
      <div className="buttons">
        <button type="button" className="primary" onClick={() => controller.run()} disabled={cannotRun}>
          Run
        </button>
        <button type="button" onClick={() => controller.pause()} disabled={!running}>
          Pause
        </button>
        <button type="button" onClick={() => controller.step(1)} disabled={cannotRun}>
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
      {stale && (
        <p className="hint stale-note" data-testid="stale-note">
          The settings changed since these curves were computed; they stay until you press Run.
        </p>
      )}
      <RunExtras />
    </section>
  );
}
