/**
 * Start / Pause / Resume / Stop, the progress bar and the status line of meta-training: a rough
 * cost estimate before it starts, a clock that ticks every second while it runs (progress
 * events only come once per iteration), and "stopping…" as soon as Stop is pressed.
 */
import { useEffect, useMemo, useState } from 'react';
import { parseRecipe } from '../../core/learned/catalog';
import { evalSettingsErrors, workersError } from '../../core/meta/startOptions';
import { CheckpointResume } from './CheckpointResume';
import { estimateSeconds } from './estimate';
import { call } from './metaClient';
import { useMeta } from './metaStore';
import { lastPpoSecondsPerStep } from './ppoEstimate';

export const fmtTime = (s: number | null) =>
  s === null || !Number.isFinite(s)
    ? '–'
    : s < 90
      ? `${s.toFixed(0)} s`
      : s < 5400
        ? `${(s / 60).toFixed(1)} min`
        : `${(s / 3600).toFixed(1)} h`;

/** performance.now(), refreshed every second while `live`. */
function useNow(live: boolean): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!live) return;
    setNow(performance.now());
    const id = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(id);
  }, [live]);
  return now;
}

export function MetaControls() {
  const { form, progress, progressAt, stopping, reset } = useMeta();
  const parsed = useMemo(() => parseRecipe(form.recipe), [form.recipe]);
  const wErr = workersError(form.workers);
  const settingsErrors = [...evalSettingsErrors(form), ...(wErr ? [wErr] : [])];
  const errors = [...(parsed.ok ? [] : parsed.errors), ...settingsErrors];
  const s = progress.state;
  const busy = s === 'running' || s === 'loading';
  const now = useNow(busy);
  const since = busy && progressAt > 0 ? Math.max(0, (now - progressAt) / 1000) : 0;
  const elapsed = progress.elapsed + since;
  const eta = progress.eta === null ? null : Math.max(0, progress.eta - since);
  const estimate = parsed.ok ? estimateSeconds(parsed.value) : null;
  const start = () => {
    if (!parsed.ok || settingsErrors.length > 0) return;
    reset();
    void call((a) =>
      a.start({
        recipe: parsed.value,
        evalEvery: form.evalEvery,
        evalRuns: form.evalRuns,
        adamLr: form.adamLr,
        workers: form.workers,
      }),
    );
  };
  const stop = () => {
    useMeta.setState({ stopping: true });
    void call((a) => a.stop());
  };
  const pct = progress.iterations > 0 ? (100 * progress.iteration) / progress.iterations : 0;
  const what =
    stopping && (busy || s === 'paused')
      ? 'stopping…'
      : busy && progress.iteration === 0
        ? 'running the first unroll…'
        : s;
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
          <button
            type="button"
            onClick={() => void call((a) => a.pause())}
            disabled={s !== 'running' || stopping}
          >
            Pause
          </button>
        )}
        <button type="button" onClick={stop} disabled={stopping || (!busy && s !== 'paused')}>
          Stop
        </button>
      </div>
      <CheckpointResume />
      <progress max={100} value={pct} aria-label="meta-training progress" />
      <p className="status" data-testid="meta-status">
        {what} · iteration {progress.iteration}/{progress.iterations} ·{' '}
        <span data-testid="meta-elapsed">{fmtTime(elapsed)}</span> elapsed · ETA {fmtTime(eta)}
        {(progress.workers ?? 1) > 1 && ` · ${progress.workers} workers`}
        {progress.path && <span data-testid="meta-path"> · path {progress.path}</span>}
        {progress.skipped > 0 && ` · ${progress.skipped} skipped (non-finite)`}
      </p>
      {!busy && s !== 'paused' && estimate !== null && (
        <p className="hint" data-testid="meta-estimate">
          Estimated time: about {fmtTime(estimate)}{' '}
          {form.recipe.trainer === 'ppo'
            ? lastPpoSecondsPerStep() === null
              ? '(episodes/s measured with the CLI on a 2-core CPU)'
              : '(at the episodes/s of your last run)'
            : 'on a 2-core CPU with wasm (a GPU is faster)'}
          ; the ETA replaces this once it runs.
        </p>
      )}
      {errors.map((e) => (
        <p key={e} className="error">
          {e}
        </p>
      ))}
    </section>
  );
}
