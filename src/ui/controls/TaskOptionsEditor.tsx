/** Editors for the current task's options, generated from its zod schema. */
import { TASK_OPTIONS } from '../../core/tasks/catalog';
import { describeFields, OPTION_LABELS } from '../lib/zodFields';
import { useSpec } from '../store/specStore';
import { NumberField } from './NumberField';

export function TaskOptionsEditor() {
  const task = useSpec((s) => s.spec.task);
  const setOptions = useSpec((s) => s.setTaskOptions);
  const fields = describeFields(TASK_OPTIONS[task.id]);
  const values = task.options as Record<string, unknown>;
  return (
    <div className="task-options">
      {fields.map((f) => {
        const label = OPTION_LABELS[f.name] ?? f.name;
        if (f.kind === 'enum') {
          return (
            <label key={f.name} className="field">
              {label}
              <select
                value={String(values[f.name])}
                onChange={(e) => setOptions({ [f.name]: e.target.value })}
              >
                {f.options?.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            </label>
          );
        }
        if (f.kind === 'boolean') {
          return (
            <label key={f.name} className="field inline">
              <input
                type="checkbox"
                checked={Boolean(values[f.name])}
                onChange={(e) => setOptions({ [f.name]: e.target.checked })}
              />
              {label}
            </label>
          );
        }
        return (
          <NumberField
            key={f.name}
            label={label}
            value={Number(values[f.name])}
            testId={`task-${f.name}`}
            validate={(v) => {
              const r = f.schema.safeParse(v);
              return r.success ? null : `task.${f.name} (${label}): ${r.error.issues[0].message}`;
            }}
            onCommit={(v) => setOptions({ [f.name]: v })}
          />
        );
      })}
    </div>
  );
}
