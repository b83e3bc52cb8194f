/**
 * "Tune" for one optimizer entry: a grid of one hyperparameter (log-spaced when the range is
 * positive), run in the fair worker over the experiment's task, steps and seeds; the final loss
 * (mean of the last 10%) against the value with ±1 std bands, and "Use best".
 */
import type { OptimizerEntry } from '../../core/experiment/schema';
import {
  HYPER_SPECS,
  type HyperName,
  hyperNamesOf,
  OPTIMIZERS,
  type OptimizerId,
} from '../../core/optim/catalog';
import { colorOf } from '../lib/colors';
import { fmt } from '../lib/logSlider';
import { useSpec } from '../store/specStore';
import { runTune } from './fairClient';
import { patchTune, useFair } from './fairStore';
import { SweepChart } from './SweepChart';

/** Default grid for a hyperparameter: 1e-4…1 for lr, its allowed range otherwise. */
function defaultRange(name: HyperName): [number, number] {
  if (name === 'lr') return [1e-4, 1];
  const h = HYPER_SPECS[name];
  return [h.min, h.max];
}

export function openTune(index: number): void {
  const cur = useFair.getState().tune;
  if (cur?.index === index) {
    if (!cur.running) useFair.setState({ tune: null });
    return;
  }
  const [from, to] = defaultRange('lr');
  useFair.setState({
    tune: {
      index,
      param: 'lr',
      from,
      to,
      points: 9,
      running: false,
      progress: 0,
      text: '',
      result: null,
      error: null,
    },
  });
}

export function TunePanel(props: { entry: OptimizerEntry; index: number }) {
  const tune = useFair((s) => s.tune);
  const steps = useSpec((s) => s.spec.steps);
  const seeds = useSpec((s) => s.spec.seeds ?? 1);
  if (!tune || tune.index !== props.index) return null;
  const id = props.entry.id;
  const names = id in OPTIMIZERS ? hyperNamesOf(id as OptimizerId) : (['lr'] as HyperName[]);
  const best = tune.result?.best ?? null;
  const num = (key: 'from' | 'to' | 'points') => (
    <label className="inline">
      {key}
      <input
        type="number"
        value={tune[key]}
        step="any"
        disabled={tune.running}
        onChange={(e) => patchTune({ [key]: Number(e.target.value) })}
        data-testid={`tune-${key}`}
      />
    </label>
  );
  return (
    <div className="tune-panel" data-testid={`tune-${props.index}`}>
      <div className="tune-row">
        <label className="inline">
          tune
          <select
            value={tune.param}
            disabled={tune.running}
            onChange={(e) => {
              const param = e.target.value as HyperName;
              const [from, to] = defaultRange(param);
              patchTune({ param, from, to, result: null });
            }}
            data-testid="tune-param"
          >
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        {num('from')}
        {num('to')}
        {num('points')}
        <button type="button" onClick={() => void runTune()} disabled={tune.running} data-testid="tune-run">
          {tune.running ? `Running ${Math.round(tune.progress * 100)}%` : 'Run sweep'}
        </button>
      </div>
      <p className="hint">
        {steps} steps × {seeds} seed{seeds > 1 ? 's' : ''} per value; score = final loss (mean of the last 10%
        of the curve), mean ± std over seeds.
      </p>
      {tune.error && <p className="error">{tune.error}</p>}
      {tune.result && (
        <>
          <SweepChart result={tune.result} color={colorOf(props.entry, props.index)} />
          <p data-testid="tune-best">
            {best === null
              ? 'Every value diverged.'
              : `Best ${tune.result.param} = ${fmt(best)} (final loss ${fmt(
                  tune.result.points.find((p) => p.value === best)?.final.mean ?? Number.NaN,
                )})`}
            {best !== null && (
              <button
                type="button"
                className="small"
                onClick={() => useSpec.getState().setHyper(props.index, { [tune.result!.param]: best })}
                data-testid="tune-use-best"
              >
                Use best
              </button>
            )}
          </p>
        </>
      )}
    </div>
  );
}
