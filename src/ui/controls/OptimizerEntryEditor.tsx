/** One entry of the optimizer list: rule, colour, hyperparameters, its update rule, actions. */

import { finalHyper } from '../../core/experiment/schedule';
import type { OptimizerEntry } from '../../core/experiment/schema';
import { isLearnedKind, LEARNED, LEARNED_KINDS } from '../../core/learned/catalog';
import { hyperNamesOf, OPTIMIZER_IDS, OPTIMIZERS, type OptimizerId } from '../../core/optim/catalog';
import { InfoPanel, toggleInfo } from '../fair/InfoPanel';
import { openTune, TunePanel } from '../fair/TunePanel';
import { colorOf } from '../lib/colors';
import { useRun } from '../store/runStore';
import { series } from '../store/series';
import { useSpec } from '../store/specStore';
import { HyperField } from './HyperField';
import { LearnedFields } from './LearnedFields';

export function OptimizerEntryEditor(props: { entry: OptimizerEntry; index: number; count: number }) {
  const { entry, index } = props;
  const actions = useSpec.getState();
  const diverged = useRun(() => series.runs[index]?.divergedAt ?? null);
  const learned = isLearnedKind(entry.id) ? entry.id : null;
  const known = entry.id in OPTIMIZERS || learned !== null;
  const info = entry.id in OPTIMIZERS ? OPTIMIZERS[entry.id as OptimizerId] : null;
  // After recorded mid-run edits the fields show the values in force now.
  const current = finalHyper(entry.hyper, entry.schedule);
  const about = info ?? (learned ? LEARNED[learned] : null);
  const label = `#${index + 1} ${about?.label ?? entry.id}`;
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
          onChange={(e) => actions.setOptimizerId(index, e.target.value)}
        >
          {!known && <option value={entry.id}>{entry.id}</option>}
          <optgroup label="Hand-designed">
            {OPTIMIZER_IDS.map((id) => (
              <option key={id} value={id}>
                {OPTIMIZERS[id].label}
              </option>
            ))}
          </optgroup>
          <optgroup label="Learned">
            {LEARNED_KINDS.map((id) => (
              <option key={id} value={id}>
                {LEARNED[id].label}
              </option>
            ))}
          </optgroup>
        </select>
        {diverged !== null && <span className="diverged">diverged @ {diverged}</span>}
        <span className="spacer" />
        <button
          type="button"
          className="small"
          onClick={() => toggleInfo(index)}
          aria-label={`About ${label}`}
          title="About this optimizer: update rule, intuition, charts, paper"
          data-testid={`info-btn-${index}`}
        >
          Info
        </button>
        <button
          type="button"
          className="small"
          onClick={() => openTune(index)}
          aria-label={`Tune ${label}`}
          title="Sweep a hyperparameter over a grid and pick the best"
          data-testid={`tune-btn-${index}`}
        >
          Tune
        </button>
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
      {about && (
        <details className="opt-math">
          <summary>Update rule</summary>
          <p>{about.description}</p>
          <code>{about.math}</code>
          {learned && (
            <p className="hint">
              {LEARNED[learned].paramCount} meta-parameters; weights {entry.weights ?? 'pretrained'}.
            </p>
          )}
        </details>
      )}
      <InfoPanel id={entry.id} index={index} />
      <TunePanel entry={entry} index={index} />
      {learned && <LearnedFields entry={entry} kind={learned} index={index} optLabel={label} />}
      {info &&
        hyperNamesOf(info.id).map((name) => (
          <HyperField
            key={name}
            optLabel={label}
            name={name}
            value={current[name] ?? info.defaults[name] ?? 0}
            onChange={(v) => actions.setHyper(index, { [name]: v })}
            testId={`opt-${index}-${name}`}
          />
        ))}
    </fieldset>
  );
}
