/**
 * Form fields generated from a zod object schema (lib/zodFields.ts): a select for an enum, a
 * checkbox for a boolean, a group of checkboxes for a list of enum values, a NumberField
 * (validated by the field's own schema, the message naming the field and its range) for a number
 * (an optional one may be emptied: absent). Shared by the Compare tab's task options and
 * the Meta-train tab's recipe, so every form in the app behaves the same way.
 */
import type { z } from 'zod';
import { describeFields, type FieldDesc } from '../lib/zodFields';
import { NumberField } from './NumberField';

export interface SchemaFieldsProps {
  schema: z.ZodType;
  values: Record<string, unknown>;
  onChange(name: string, value: unknown): void;
  /** Human labels by field name (default: the name). */
  labels?: Record<string, string>;
  /** Prefix of the path named in error messages ("task" → "task.width (hidden width): …"). */
  path: string;
  /** Prefix of data-testid on number inputs ("task" → "task-width"). */
  testIdPrefix?: string;
  /** Fields to leave out (edited elsewhere). */
  omit?: readonly string[];
  /** What each field means, by name (tooltips). */
  help?: Record<string, string>;
}

export function SchemaFields(props: SchemaFieldsProps) {
  const fields = describeFields(props.schema).filter(
    (f) => f.kind !== 'object' && f.kind !== 'fixed' && !props.omit?.includes(f.name),
  );
  return (
    <>
      {fields.map((f) => (
        <SchemaField key={f.name} field={f} {...props} />
      ))}
    </>
  );
}

function SchemaField(props: SchemaFieldsProps & { field: FieldDesc }) {
  const { field: f, values, onChange } = props;
  const label = props.labels?.[f.name] ?? f.name;
  const help = props.help?.[f.name];
  if (f.kind === 'enum') {
    return (
      <label className="field" title={help}>
        <span>{label}</span>
        <select value={String(values[f.name])} onChange={(e) => onChange(f.name, e.target.value)}>
          {f.options?.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </label>
    );
  }
  if (f.kind === 'multi') return <MultiField {...props} />;
  if (f.kind === 'boolean') {
    return (
      <label className="field inline checkbox" title={help}>
        <input
          type="checkbox"
          checked={Boolean(values[f.name])}
          onChange={(e) => onChange(f.name, e.target.checked)}
        />
        <span>{label}</span>
      </label>
    );
  }
  return (
    <NumberField
      label={label}
      value={f.optional && values[f.name] === undefined ? undefined : Number(values[f.name])}
      emptyLabel={f.optional ? 'off' : undefined}
      testId={props.testIdPrefix ? `${props.testIdPrefix}-${f.name}` : undefined}
      help={help}
      validate={(v) => {
        const r = f.schema.safeParse(v);
        return r.success ? null : `${props.path}.${f.name} (${label}): ${r.error.issues[0].message}`;
      }}
      onCommit={(v) => onChange(f.name, v)}
      onClear={() => onChange(f.name, undefined)}
    />
  );
}

/**
 * A list of enum values as checkboxes, kept in the options' order. Unticking the last one makes
 * an optional field absent (its default applies); a required list keeps its last entry.
 */
function MultiField(props: SchemaFieldsProps & { field: FieldDesc }) {
  const { field: f, values, onChange } = props;
  const label = props.labels?.[f.name] ?? f.name;
  const chosen = Array.isArray(values[f.name]) ? (values[f.name] as string[]) : [];
  const toggle = (o: string, on: boolean) => {
    const next = (f.options ?? []).filter((x) => (x === o ? on : chosen.includes(x)));
    onChange(f.name, next.length > 0 ? next : undefined);
  };
  return (
    <fieldset
      className="field multi"
      title={props.help?.[f.name]}
      data-testid={props.testIdPrefix ? `${props.testIdPrefix}-${f.name}` : undefined}
    >
      <legend>{label}</legend>
      {f.options?.map((o) => {
        const on = chosen.includes(o);
        return (
          <label key={o} className="inline checkbox">
            <input
              type="checkbox"
              checked={on}
              disabled={on && chosen.length === 1 && !f.optional}
              onChange={(e) => toggle(o, e.target.checked)}
            />
            <span>{o}</span>
          </label>
        );
      })}
    </fieldset>
  );
}
