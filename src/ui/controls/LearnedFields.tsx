/**
 * A learned optimizer entry's own fields: its weights (the shipped pretrained file for its kind,
 * or weights saved in this browser, listed from IndexedDB directly: no worker is started) and
 * its hyperparameters: `lr` is the output scale; Variational HyperAdam also has `sample`
 * (1 = sampled updates d = μ + σξ, 0 = the mean μ). No tfjs here.
 */
import { useEffect } from 'react';
import { finalHyper } from '../../core/experiment/schedule';
import type { OptimizerEntry } from '../../core/experiment/schema';
import { LEARNED, type LearnedId } from '../../core/learned/catalog';
import { refreshSaved, useSavedWeights } from '../store/savedWeights';
import { useSpec } from '../store/specStore';
import { HyperField } from './HyperField';

/** The weights an entry of this kind may use: shipped first, then the ones saved locally. */
export function weightsChoices(
  kind: LearnedId,
  saved: { name: string; kind: string }[],
): { value: string; label: string }[] {
  const name = LEARNED[kind].pretrained;
  const shipped = name ? [{ value: `pretrained:${name}`, label: `${name} (shipped)` }] : [];
  const local = saved
    .filter((s) => s.kind === kind)
    .map((s) => ({ value: `local:${s.name}`, label: `${s.name} (saved in this browser)` }));
  return [...shipped, ...local];
}

export function LearnedFields(props: {
  entry: OptimizerEntry;
  kind: LearnedId;
  index: number;
  optLabel: string;
}) {
  const { entry, kind, index, optLabel } = props;
  const actions = useSpec.getState();
  const saved = useSavedWeights((s) => s.saved);
  useEffect(() => {
    void refreshSaved();
  }, []);
  const info = LEARNED[kind];
  const weights = entry.weights ?? `pretrained:${info.pretrained}`;
  const choices = weightsChoices(kind, saved);
  const hyper = entry.hyper as Record<string, number | undefined>;
  const sample = hyper.sample ?? info.defaults.sample ?? 1;
  return (
    <>
      <label className="field">
        <span>weights</span>
        <select
          aria-label={`${optLabel} weights`}
          data-testid={`opt-${index}-weights`}
          value={weights}
          onChange={(e) => actions.setWeights(index, e.target.value)}
        >
          {!choices.some((c) => c.value === weights) && <option value={weights}>{weights}</option>}
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <HyperField
        optLabel={optLabel}
        name="lr"
        value={finalHyper(entry.hyper, entry.schedule).lr ?? info.defaults.lr}
        onChange={(v) => actions.setHyper(index, { lr: v })}
        testId={`opt-${index}-lr`}
      />
      {info.defaults.sample !== undefined && (
        <label className="field check">
          <input
            type="checkbox"
            checked={sample === 1}
            aria-label={`${optLabel} sample updates`}
            data-testid={`opt-${index}-sample`}
            onChange={(e) => actions.setHyper(index, { sample: e.target.checked ? 1 : 0 } as never)}
          />
          <span>sample updates (d = μ + σξ; off: the mean μ)</span>
        </label>
      )}
      <p className="hint">lr is the output scale; the weights were meta-trained with {info.defaults.lr}.</p>
    </>
  );
}
