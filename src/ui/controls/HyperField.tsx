/**
 * One hyperparameter: a slider (log scale for lr/eps-like ranges) plus an exact number input.
 * Ranges and labels come from HYPER_SPECS; invalid values show the field and range.
 */
import { HYPER_SPECS, type HyperName } from '../../core/optim/catalog';
import { fmt, fromSlider, SLIDER_MAX, toSlider } from '../lib/logSlider';
import { NumberField } from './NumberField';

export function validateHyper(optLabel: string, name: HyperName, v: number): string | null {
  const s = HYPER_SPECS[name];
  if (!Number.isFinite(v) || v < s.min || v > s.max)
    return `${optLabel} ${s.label} (${name}): out of range; allowed [${s.min}, ${s.max}]`;
  return null;
}

export function HyperField(props: {
  optLabel: string;
  name: HyperName;
  value: number;
  onChange(v: number): void;
  testId?: string;
}) {
  const s = HYPER_SPECS[props.name];
  const log = s.scale === 'log';
  // Linear ranges ending just under 1 (β's) read better on a log(1−β) scale; keep it simple: linear.
  return (
    <div className="hyper" title={s.help}>
      <div className="hyper-top">
        <span className="hyper-name">{s.label}</span>
        <input
          type="range"
          min={0}
          max={SLIDER_MAX}
          value={toSlider(props.value, s.min, s.max, log)}
          aria-label={`${props.optLabel} ${s.label} slider${log ? ' (log scale)' : ''}`}
          aria-valuetext={fmt(props.value)}
          onChange={(e) => props.onChange(fromSlider(Number(e.target.value), s.min, s.max, log))}
        />
      </div>
      <NumberField
        label={`${props.optLabel} ${s.label}`}
        hideLabel
        value={props.value}
        validate={(v) => validateHyper(props.optLabel, props.name, v)}
        onCommit={props.onChange}
        testId={props.testId}
      />
    </div>
  );
}
