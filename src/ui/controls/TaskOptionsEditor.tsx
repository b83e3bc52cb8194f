/** Editors for the current task's options, generated from its zod schema. */
import { TASK_OPTIONS } from '../../core/tasks/catalog';
import { OPTION_LABELS } from '../lib/zodFields';
import { useSpec } from '../store/specStore';
import { SchemaFields } from './SchemaFields';

/** The csv task's fields that describe the uploaded file (set by data/CsvPanel.tsx, not typed). */
const CSV_DATA_FIELDS = ['hash', 'file', 'rows', 'features', 'classes'] as const;

export function TaskOptionsEditor() {
  const task = useSpec((s) => s.spec.task);
  const setOptions = useSpec((s) => s.setTaskOptions);
  return (
    <div className="task-options">
      <SchemaFields
        schema={TASK_OPTIONS[task.id]}
        values={task.options as Record<string, unknown>}
        onChange={(name, v) => setOptions({ [name]: v })}
        labels={OPTION_LABELS}
        path="task"
        testIdPrefix="task"
        omit={task.id === 'csv' ? CSV_DATA_FIELDS : undefined}
      />
    </div>
  );
}
