/**
 * "Race it": add saved weights to the comparison, on the task they were meta-trained on (with
 * its options and horizon, so a MNIST-trained optimizer is not dropped onto Rosenbrock), and
 * switch to the Compare view.
 */
import { TASKS, type TaskId } from '../../core/tasks/catalog';
import { useSpec } from '../store/specStore';
import { useView } from '../store/viewStore';
import { useMeta } from './metaStore';

export interface RaceTarget {
  kind: string;
  name: string;
  /** The training task of the weights (their recipe), when known. */
  task?: { id: string; options: Record<string, unknown> };
  steps?: number;
}

export function raceIt(t: RaceTarget): void {
  const spec = useSpec.getState();
  const before = spec.spec.optimizers.length;
  spec.addLearned(t.kind, `local:${t.name}`);
  if (useSpec.getState().spec.optimizers.length === before) {
    useMeta.setState({ error: `race local:${t.name}: the comparison is full; remove an optimizer first` });
    return;
  }
  if (t.task && Object.hasOwn(TASKS, t.task.id)) {
    if (useSpec.getState().spec.task.id !== t.task.id) spec.setTask(t.task.id as TaskId);
    spec.setTaskOptions(t.task.options);
    if (t.steps !== undefined) spec.setSteps(t.steps);
  }
  useView.getState().setTab('compare');
}
