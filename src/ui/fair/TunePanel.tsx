/**
 * "Tune" for one optimizer entry: a grid of one hyperparameter (log, linear, or log of 1 − x for
 * decay rates; the default per field comes from core/run/grid.ts defaultGrid), run in the fair
 * worker over the experiment's task, steps and seeds; the final loss (mean of the last 10%)
 * against the value with ±1 std bands, and "Use best", which sets the field whether or not the
 * entry had its own value for it (a field left at its default has none).
 */
import type { OptimizerEntry } from '../../core/experiment/schema';
import { isLearnedKind, LEARNED } from '../../core/learned/catalog';
import {
  HYPER_NAMES,
  type HyperName,
  hyperNamesOf,
  OPTIMIZERS,
  type OptimizerId,
} from '../../core/optim/catalog';
import { defaultGrid, GRID_SCALES, type GridScale } from '../../core/run/grid';
import { colorOf } from '../lib/colors';
import { fmt } from '../lib/logSlider';
import { useSpec } from '../store/specStore';
import { runTune } from './fairClient';
import { patchTune, useFair } from './fairStore';
import { SweepChart } from './SweepChart';

const SCALE_LABEL: Record<GridScale, string> = { log: 'log', linear: 'linear', log1m: 'log of 1 − x' };

/** The hyperparameters Tune offers for an optimizer id (a learned kind: those of its defaults that are hyperparameters). */
export function tunableNames(id: string): HyperName[] {
  if (id in OPTIMIZERS) return [...hyperNamesOf(id as OptimizerId)];
  if (isLearnedKind(id)) {
    const keys = Object.keys(LEARNED[id].defaults);
    return HYPER_NAMES.filter((n) => keys.includes(n));
  }
  return ['lr'];
}

export function openTune(index: number): void {
  const cur = useFair.getState().tune;
  if (cur?.index === index) {
    if (!cur.running) useFair.setState({ tune: null });
    return;
  }
  useFair.setState({
    tune: {
      index,
      param: 'lr',
      ...defaultGrid('lr'),
      points: 9,
      applied: null,
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
  const names = tunableNames(id);
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
              patchTune({ param, ...defaultGrid(param), result: null, error: null, applied: null });
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
        <label className="inline">
          grid
          <select
            value={tune.scale}
            disabled={tune.running}
            onChange={(e) => patchTune({ scale: e.target.value as GridScale })}
            data-testid="tune-scale"
          >
            {GRID_SCALES.map((g) => (
              <option key={g} value={g}>
                {SCALE_LABEL[g]}
              </option>
            ))}
          </select>
        </label>
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
          <SweepChart
            result={tune.result}
            color={colorOf(props.entry, props.index)}
            scale={tune.resultScale ?? tune.scale}
          />
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
                onClick={() => {
                  const param = tune.result?.param ?? tune.param;
                  useSpec.getState().setHyper(props.index, { [param]: best });
                  patchTune({ applied: `${param} = ${fmt(best)}` });
                }}
                data-testid="tune-use-best"
              >
                Use best
              </button>
            )}
            {tune.applied && (
              <span className="hint" data-testid="tune-applied">
                {' '}
                set {tune.applied}
              </span>
            )}
          </p>
        </>
      )}
    </div>
  );
}
