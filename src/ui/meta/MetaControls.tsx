/** Start / Pause / Resume / Stop, the progress bar and the status line of meta-training. */
import { useMemo } from 'react';
import { parseRecipe } from '../../core/learned/catalog';
import { evalSettingsErrors } from '../../core/meta/startOptions';
import { call } from './metaClient';
import { useMeta } from './metaStore';

export const fmtTime = (s: number | null) =>
  s === null || !Number.isFinite(s) ? '–' : s < 90 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`;

export function MetaControls() {
  const { form, progress, reset } = useMeta();
  const parsed = useMemo(() => parseRecipe(form.recipe), [form.recipe]);
  const settingsErrors = evalSettingsErrors(form);
  const errors = [...(parsed.ok ? [] : parsed.errors), ...settingsErrors];
  const s = progress.state;
  const busy = s === 'running' || s === 'loading';
  const start = () => {
    if (!parsed.ok || settingsErrors.length > 0) return;
    reset();
    void call((a) =>
      a.start({
        recipe: parsed.value,
        evalEvery: form.evalEvery,
        evalRuns: form.evalRuns,
        adamLr: form.adamLr,
      }),
    );
  };
  const pct = progress.iterations > 0 ? (100 * progress.iteration) / progress.iterations : 0;
  return (
    <section className="panel" aria-label="Meta-training controls">
      <div className="row">
        <button type="button" onClick={start} disabled={busy || errors.length > 0}>
          Start
        </button>
        {s === 'paused' ? (
          <button type="button" onClick={() => void call((a) => a.resume())}>
            Resume
          </button>
        ) : (
          <button type="button" onClick={() => void call((a) => a.pause())} disabled={s !== 'running'}>
            Pause
          </button>
        )}
        <button type="button" onClick={() => void call((a) => a.stop())} disabled={!busy && s !== 'paused'}>
          Stop
        </button>
      </div>
      <progress max={100} value={pct} aria-label="meta-training progress" />
      <p className="status" data-testid="meta-status">
        {s} · iteration {progress.iteration}/{progress.iterations} · {fmtTime(progress.elapsed)} elapsed · ETA{' '}
        {fmtTime(progress.eta)}
        {progress.skipped > 0 && ` · ${progress.skipped} skipped (non-finite)`}
      </p>
      {errors.map((e) => (
        <p key={e} className="error">
          {e}
        </p>
      ))}
    </section>
  );
}
