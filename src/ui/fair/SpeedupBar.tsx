/**
 * "Speedup vs tuned Adam" for the finished runs (learned_optimization's metric, run/speedup.ts):
 * Adam is tuned in the fair worker on the same task and seeds; each run's speedup is the steps
 * tuned Adam needs to reach the run's final loss ÷ the run's steps. Shown as one chip per run.
 */
import * as Comlink from 'comlink';
import { useState } from 'react';
import { speedupOverAdam } from '../../core/run/speedupMath';
import { useRun } from '../store/runStore';
import { series } from '../store/series';
import { useSpec } from '../store/specStore';
import { fairApi } from './fairClient';

/** `runs`: the series the values were computed for (a new run replaces series.runs). */
type State = { busy: boolean; lr?: number; values?: (string | null)[]; error?: string; runs?: unknown };

export function SpeedupBar() {
  const done = useRun((s) => s.state === 'done');
  const [st, setSt] = useState<State>({ busy: false });
  if (!done) return null;
  const values = st.runs === series.runs ? st.values : undefined;
  const compute = async () => {
    setSt({ busy: true });
    try {
      const spec = useSpec.getState().spec;
      const adam = await fairApi().tuneAdam(
        spec,
        Comlink.proxy(() => undefined),
      );
      const values = series.runs.map((r) => {
        const s = speedupOverAdam(r.losses.view(), {
          ...adam,
          sweep: { param: 'lr', points: [], best: adam.lr, curves: [], seedCurves: [] },
        });
        return s ? `${s.atLeast ? '≥ ' : ''}${s.value.toPrecision(3)}×` : null;
      });
      setSt({ busy: false, lr: adam.lr, values, runs: series.runs });
    } catch (e) {
      setSt({ busy: false, error: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <div className="chart-settings" data-testid="speedup-bar">
      <button type="button" className="small" onClick={() => void compute()} disabled={st.busy}>
        {st.busy ? 'Tuning Adam…' : 'Speedup vs tuned Adam'}
      </button>
      {values && (
        <span data-testid="speedups">{values.map((v, i) => `#${i + 1} ${v ?? 'diverged'}`).join(' · ')}</span>
      )}
      {values && st.lr !== undefined && <span className="hint">Adam lr {st.lr} (tuned over 1e-3…0.1)</span>}
      {st.error && <span className="error">{st.error}</span>}
    </div>
  );
}
