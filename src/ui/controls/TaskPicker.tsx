/** Task choice, its description, and its options. */
import { TASK_IDS, TASKS, type TaskId } from '../../core/tasks/catalog';
import { CsvPanel } from '../data/CsvPanel';
import { useSpec } from '../store/specStore';
import { TaskOptionsEditor } from './TaskOptionsEditor';

export function TaskPicker() {
  const id = useSpec((s) => s.spec.task.id);
  const setTask = useSpec((s) => s.setTask);
  return (
    <section className="panel" aria-labelledby="task-h">
      <h2 id="task-h">Task</h2>
      <label className="field">
        Task
        <select value={id} onChange={(e) => setTask(e.target.value as TaskId)} data-testid="task-select">
          {TASK_IDS.map((t) => (
            <option key={t} value={t}>
              {TASKS[t].label}
            </option>
          ))}
        </select>
      </label>
      <p className="hint">{TASKS[id].description}</p>
      {id === 'csv' && <CsvPanel />}
      <TaskOptionsEditor />
    </section>
  );
}
