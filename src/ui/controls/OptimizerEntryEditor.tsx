/** One entry of the optimizer list: rule, colour, hyperparameters, its update rule, actions. */
import { hyperNamesOf, OPTIMIZER_IDS, OPTIMIZERS, type OptimizerId } from '../../core/optim/catalog';
import type { OptimizerEntry } from '../../core/spec/schema';
import { colorOf } from '../lib/colors';
import { useRun } from '../store/runStore';
import { series } from '../store/series';
import { useSpec } from '../store/specStore';
import { HyperField } from './HyperField';

export function OptimizerEntryEditor(props: { entry: OptimizerEntry; index: number; count: number }) {
  const { entry, index } = props;
  const actions = useSpec.getState();
  const diverged = useRun(() => series.runs[index]?.divergedAt ?? null);
  const known = entry.id in OPTIMIZERS;
  const info = known ? OPTIMIZERS[entry.id as OptimizerId] : null;
  const label = `#${index + 1} ${info?.label ?? entry.id}`;
  const color = colorOf(entry, index);
  return (
    <fieldset className="opt-entry" style={{ borderLeftColor: color }} data-testid={`opt-${index}`}>
      <legend className="sr-only">{label}</legend>
      <div className="opt-head">
        <input
          type="color"
          value={color}
          aria-label={`${label} colour`}
          onChange={(e) => actions.setColor(index, e.target.value)}
        />
        <select
          aria-label={`${label} optimizer`}
          value={entry.id}
          onChange={(e) => actions.setOptimizerId(index, e.target.value as OptimizerId)}
        >
          {!known && <option value={entry.id}>{entry.id}</option>}
          {OPTIMIZER_IDS.map((id) => (
            <option key={id} value={id}>
              {OPTIMIZERS[id].label}
            </option>
          ))}
        </select>
        {diverged !== null && <span className="diverged">diverged @ {diverged}</span>}
        <span className="spacer" />
        <button
          type="button"
          className="small"
          onClick={() => actions.duplicateOptimizer(index)}
          aria-label={`Duplicate ${label}`}
          title="Duplicate"
        >
          Copy
        </button>
        <button
          type="button"
          onClick={() => actions.removeOptimizer(index)}
          aria-label={`Remove ${label}`}
          title="Remove"
          className="small"
          disabled={props.count <= 1}
        >
          ✕
        </button>
      </div>
      {info && (
        <details className="opt-math">
          <summary>Update rule</summary>
          <p>{info.description}</p>
          <code>{info.math}</code>
        </details>
      )}
      {info &&
        hyperNamesOf(info.id).map((name) => (
          <HyperField
            key={name}
            optLabel={label}
            name={name}
            value={entry.hyper[name] ?? info.defaults[name] ?? 0}
            onChange={(v) => actions.setHyper(index, { [name]: v })}
            testId={`opt-${index}-${name}`}
          />
        ))}
    </fieldset>
  );
}
