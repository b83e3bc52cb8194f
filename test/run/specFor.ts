/** Experiment specs for the runner tests: the defaults with a task (its default options overridden by `options`). */
import { defaultSpec, type ExperimentSpec } from '../../src/core/experiment/schema';
import { defaultTaskOptions, type TaskId, type TaskOptions } from '../../src/core/tasks/catalog';

export function specFor(
  task: TaskId,
  optimizers: ExperimentSpec['optimizers'],
  steps: number,
  options: Partial<TaskOptions> = {},
  extra: Partial<ExperimentSpec> = {},
): ExperimentSpec {
  return {
    ...defaultSpec(),
    task: { id: task, options: { ...defaultTaskOptions(task), ...options } as TaskOptions },
    optimizers,
    steps,
    ...extra,
  };
}
