/**
 * A number input that applies only valid values: the text is kept while typing, and an
 * invalid value shows the validator's message (naming the field and range) instead of applying.
 * An optional field (`emptyLabel` set) may be emptied: that calls onClear (the field becomes
 * absent), and the empty input shows `emptyLabel` as its placeholder.
 */
import { useEffect, useId, useState } from 'react';

export interface NumberFieldProps {
  label: string;
  /** undefined: absent (optional fields only). */
  value: number | undefined;
  /** Returns an error message, or null when v may be applied. */
  validate(v: number): string | null;
  onCommit(v: number): void;
  /** Optional field: the empty input's placeholder; emptying the input calls onClear. */
  emptyLabel?: string;
  onClear?(): void;
  step?: string;
  hideLabel?: boolean;
  testId?: string;
  /** What the field means (shown as a tooltip). */
  help?: string;
}

/** The input's text for a value ('' for absent). */
const shown = (v: number | undefined) => (v === undefined ? '' : String(v));

export function NumberField(props: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(shown(props.value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText((t) => (Number(t) === props.value ? t : shown(props.value)));
    setError(null);
  }, [props.value]);
  const onChange = (t: string) => {
    setText(t);
    if (props.emptyLabel !== undefined && t.trim() === '') {
      setError(null);
      if (props.value !== undefined) props.onClear?.();
      return;
    }
    const v = t.trim() === '' ? Number.NaN : Number(t);
    const err = Number.isNaN(v) ? `${props.label}: must be a number` : props.validate(v);
    setError(err);
    if (err === null && v !== props.value) props.onCommit(v);
  };
  return (
    <div className="field" title={props.help}>
      <label htmlFor={id} className={props.hideLabel ? 'sr-only' : undefined}>
        {props.label}
      </label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={text}
        placeholder={props.emptyLabel}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-err` : undefined}
        data-testid={props.testId}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <span id={`${id}-err`} className="field-error" role="alert">
          {error} (not applied)
        </span>
      )}
    </div>
  );
}
