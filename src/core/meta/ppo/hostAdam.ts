/**
 * PPO's optimizer on the policy's weights: Adam on the host in float64 (meta/parallel/adam.ts,
 * the same as tf.train.adam's form), so its state can be saved and restored exactly for an
 * exact resume (tf.train.adam rebuilds β^t with pow() on restore). Same interface as
 * tf.Optimizer.applyGradients as ppo.ts uses it: gradients by variable name.
 */
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type AdamState, adamInit, adamStep } from '../parallel/adam';

export class HostAdam {
  readonly phi: Float32Array[];
  state: AdamState;

  constructor(
    private readonly vars: Variable[],
    readonly lr: number,
    state?: AdamState,
  ) {
    this.phi = vars.map((v) => v.dataSync().slice() as Float32Array);
    this.state = state ?? adamInit(this.phi.map((p) => p.length));
    if (this.state.m.length !== vars.length || this.state.m.some((m, i) => m.length !== this.phi[i].length))
      throw new Error('ppo state: the Adam moments do not match the policy weights');
  }

  applyGradients(grads: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    const byName: Record<string, Tensor> = Array.isArray(grads)
      ? Object.fromEntries(grads.map((n) => [n.name, n.tensor]))
      : grads;
    const g = this.vars.map((v) => {
      const t = byName[v.name];
      if (!t) throw new Error(`ppo: no gradient for ${v.name}`);
      return Float64Array.from(t.dataSync());
    });
    adamStep(this.phi, g, this.state, this.lr);
    tf.tidy(() => {
      this.vars.forEach((v, i) => {
        v.assign(tf.tensor(this.phi[i], v.shape));
      });
    });
  }
}
