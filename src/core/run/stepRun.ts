/**
 * One row of the comparison runner's frame for one run (run/runner.ts): an update (loss and
 * gradients at θ_k on the step's batch, then the rule's step; run/step.ts) or the final
 * loss-only row, with the loss, θ_k for 2-D tasks and the step's probes kept on the device.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { Hyper } from '../optim/catalog';
import type { UpdateRule } from '../optim/types';
import type { Batch, Task } from '../tasks/types';
import { type FrameRun, type Pending, pushProbes } from './frames';
import { trainStep } from './step';

export interface RowContext {
  task: Task;
  twoD: boolean;
  batch: Batch;
  /** The run's seed (spec.seed): StepContext.seed. */
  seed: number;
}

/**
 * One update of one run: records the loss at θ_k, θ_k (2-D) and the step's probes in row
 * `row` of `p`, or nothing when p is null (the row was emitted already: Continue +N).
 */
export function stepRun(
  { task, twoD, batch, seed }: RowContext,
  run: FrameRun & { rule: UpdateRule; hp: Hyper },
  horizon: number,
  p: Pending | null,
  row: number,
): void {
  // θ_k (a reshape shares its data, so it survives the step disposing θ_k's handle).
  const pos = twoD && p ? tf.reshape(run.params[0], [-1]) : null;
  // The held-out loss at θ_k, for rules that ask for it at this step (LHOPT).
  const evalOf = task.evalLoss;
  const ev =
    evalOf && run.rule.wantsEvalLoss?.(run.state, run.hp, horizon)
      ? tf.tidy(() => evalOf(run.params))
      : undefined;
  let out: ReturnType<typeof trainStep>;
  try {
    out = trainStep(run.rule, run.hp, run.params, run.state, (ps) => task.loss(ps, batch), {
      t: run.state.t + 1,
      horizon,
      seed,
      ...(ev ? { evalLoss: ev } : {}),
    });
  } catch (e) {
    pos?.dispose();
    throw e;
  } finally {
    ev?.dispose();
  }
  run.params = out.params;
  run.state = out.state;
  if (!p) {
    tf.dispose([out.loss, ...Object.values(out.probes)]);
    return;
  }
  p.losses.push(out.loss);
  if (pos) p.positions.push(pos);
  pushProbes(run, p, out.probes, row);
}

/** The loss at the final θ (no update), and θ itself for 2-D tasks. */
export function lossOnly({ task, twoD, batch }: RowContext, run: FrameRun, p: Pending): Tensor {
  if (twoD) p.positions.push(tf.reshape(run.params[0], [-1]));
  return tf.tidy(() => task.loss(run.params, batch));
}
