/**
 * LHOPT's policy (docs/algorithms.md §5.4, scaled down): normalised observation x̃ [B, D] →
 *   z = tanh(x̃·W_in + b_in)                     [B, H]
 *   (h, c) = LSTM(z, h, c)                      (learned/lstm.ts cell, forget bias 1)
 *   logits = h·W_a + b_a                        [B, A]: the heads' logits side by side
 *   V = [h, v]·W_v + b_v                        value; v = privileged value-only inputs
 *                                                (the episode's initial-value noise)
 * The input normaliser's statistics are stored as weights 'norm/*' (not trained by PPO).
 * One categorical per head (actions.ts), chosen simultaneously. b_a starts at +1 on each
 * head's no-op so an untrained policy mostly keeps the hyperparameters.
 */
import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../experiment/rng';
import { lstmCell } from '../lstm';
import { MetaParams } from '../metaParams';
import type { NormStats } from './normalizer';
import { isNormWeight, type PolicyShape, policyWeightDefs } from './policyDefs';

export interface PolicyOut {
  h: Tensor;
  c: Tensor;
  /** [B, A] raw logits. */
  logits: Tensor;
  /** [B] */
  value: Tensor;
}

export class Policy {
  constructor(
    readonly shape: PolicyShape,
    readonly weights: MetaParams,
  ) {}

  static init(shape: PolicyShape, rng: Rng): Policy {
    return new Policy(shape, MetaParams.init(policyWeightDefs(shape), rng));
  }

  /** The weights PPO trains (not the normaliser's statistics). */
  trainable(): Variable[] {
    return this.weights.defs.filter((d) => !isNormWeight(d.name)).map((d) => this.weights.get(d.name));
  }

  /** The normaliser statistics stored in the weights. */
  readNorm(): NormStats {
    const r = (n: string) => Array.from(this.weights.get(n).dataSync());
    return { mean: r('norm/mean'), sq: r('norm/sq'), count: r('norm/count')[0] };
  }

  /** Store normaliser statistics in the weights (before saving). */
  writeNorm(s: NormStats): void {
    tf.tidy(() => {
      this.weights.get('norm/mean').assign(tf.tensor1d(s.mean));
      this.weights.get('norm/sq').assign(tf.tensor1d(s.sq));
      this.weights.get('norm/count').assign(tf.tensor1d([s.count]));
    });
  }

  zeroState(batch: number): { h: Tensor; c: Tensor } {
    return { h: tf.zeros([batch, this.shape.hidden]), c: tf.zeros([batch, this.shape.hidden]) };
  }

  /** One step for a batch: x [B, D] normalised, v [B, valueExtra]. Pure; creates tensors. */
  step(x: Tensor, h: Tensor, c: Tensor, v: Tensor): PolicyOut {
    const w = (n: string) => this.weights.get(n);
    const z = tf.tanh(tf.add(tf.matMul(x as Tensor2D, w('in/kernel') as Tensor2D), w('in/bias')));
    const r = lstmCell(z, h, c, { kernel: w('lstm/kernel'), bias: w('lstm/bias') });
    const logits = tf.add(tf.matMul(r.h as Tensor2D, w('heads/kernel') as Tensor2D), w('heads/bias'));
    const hv = this.shape.valueExtra > 0 ? tf.concat([r.h, v], 1) : r.h;
    const value = tf.reshape(
      tf.add(tf.matMul(hv as Tensor2D, w('value/kernel') as Tensor2D), w('value/bias')),
      [-1],
    );
    return { h: r.h, c: r.c, logits, value };
  }

  /** Per-head log-softmax of [B, A] logits, side by side. */
  logSoftmaxHeads(logits: Tensor): Tensor {
    if (this.shape.heads.length === 1) return tf.logSoftmax(logits);
    const parts = tf.split(logits, this.shape.heads, 1);
    return tf.concat(
      parts.map((p) => tf.logSoftmax(p)),
      1,
    );
  }

  dispose(): void {
    this.weights.dispose();
  }
}

/** Sample one choice per head from host logits (one row); returns choices and their joint log-prob. */
export function sampleHeads(
  logits: ArrayLike<number>,
  heads: number[],
  rng: Rng | null,
): { choice: number[]; logp: number } {
  const choice: number[] = [];
  let logp = 0;
  let off = 0;
  for (const n of heads) {
    let mx = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < n; k++) mx = Math.max(mx, logits[off + k]);
    let z = 0;
    for (let k = 0; k < n; k++) z += Math.exp(logits[off + k] - mx);
    const lse = mx + Math.log(z);
    let pick = 0;
    if (rng) {
      let u = rng.next();
      pick = n - 1;
      for (let k = 0; k < n; k++) {
        u -= Math.exp(logits[off + k] - lse);
        if (u < 0) {
          pick = k;
          break;
        }
      }
    } else {
      for (let k = 1; k < n; k++) if (logits[off + k] > logits[off + pick]) pick = k;
    }
    choice.push(pick);
    logp += logits[off + pick] - lse;
    off += n;
  }
  return { choice, logp };
}
