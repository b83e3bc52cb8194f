/**
 * The one step loop body shared by the comparison runner (runner.ts), meta-evaluation
 * (meta/evaluate.ts) and the bench: loss and gradients at θ_{t−1} on the step's batch, then
 * optim/registry.ts `applyStep` (the rule's step inside tf.tidy, replaced tensors disposed)
 * with the StepContext { t, horizon, loss } built from what the loop already has on the
 * device (nothing is read back). See docs/architecture.md.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { Hyper } from '../optim/catalog';
import { applyStep } from '../optim/registry';
import type { OptState, Probes, StepContext, UpdateRule } from '../optim/types';

export interface TrainStepResult {
  /** f(θ_{t−1}) on the batch (kept; caller disposes). */
  loss: Scalar;
  params: Tensor[];
  state: OptState;
  probes: Probes;
}

/**
 * One update of `params` by `rule`: the caller's old params and state are disposed where the
 * step replaced them (as applyStep does); the gradients are disposed here.
 * `ctx` supplies the context fields the loop knows (t, horizon, maybe evalLoss); the loss is
 * added here.
 */
export function trainStep(
  rule: UpdateRule,
  hp: Hyper,
  params: Tensor[],
  state: OptState,
  lossOf: (params: Tensor[]) => Scalar,
  ctx: Omit<StepContext, 'loss'>,
): TrainStepResult {
  const { value, grads } = tf.tidy(() => {
    const vg = tf.valueAndGrads((...ps: Tensor[]) => lossOf(ps))(params);
    return { value: vg.value, grads: vg.grads } as unknown as tf.TensorContainer;
  }) as unknown as { value: Scalar; grads: Tensor[] };
  let out: ReturnType<typeof applyStep>;
  try {
    out = applyStep(rule, params, grads, state, hp, { ...ctx, loss: value });
  } catch (e) {
    tf.dispose([value, ...grads]);
    throw e;
  }
  // A rule may keep a gradient as state (e.g. the last g): dispose only the others.
  const kept = new Set<Tensor>([...out.params, ...Object.values(out.state.slots).flat()]);
  for (const g of grads) if (!kept.has(g)) g.dispose();
  return { loss: value, params: out.params, state: out.state, probes: out.probes };
}
