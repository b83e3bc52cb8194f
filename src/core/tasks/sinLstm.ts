/**
 * Sine-sequence LSTM (RNNprop / HyperAdam test optimizee; docs/algorithms.md §3.4, §7.5).
 * Per example: A ~ U(0, 10), ω ~ U(0, π/2), φ ~ U(0, 2π);
 *   inputs  x_k = A·sin(kω + φ) + N(0, noise²),  k = 0..9     (noise 0.1; variant 0.01)
 *   target  y   = A·sin(10ω + φ)                               (noise-free)
 * Model: `layers` LSTM layers of `hidden` units (input 1), gate order i, f, o, g, NO forget bias:
 *   [i, f, o, g] = [x_k, h]·K + b;  c ← σ(f)⊙c + σ(i)⊙tanh(g);  h ← σ(o)⊙tanh(c)
 * then a linear readout of the last step's top h: ŷ = h·w + b. Loss: mean over the batch of
 * (ŷ − y)². Every weight and bias ~ N(0, initStd²) (0.1). Parameters for 1 layer of 20:
 * 21·80 + 80 + 20 + 1 = 1781; 2 layers: 5061. A fresh batch of `batchSize` sequences per step.
 */
import type { Scalar, Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { normalArray, type Rng } from '../experiment/rng';
import type { Task } from './types';

export const SIN_SEQ_LEN = 10;

export interface SinLstmOptions {
  layers: number;
  hidden: number;
  noise: number;
  batchSize: number;
  initStd: number;
}

export function sinLstmParamCount(o: Pick<SinLstmOptions, 'layers' | 'hidden'>): number {
  let n = 0;
  for (let l = 0; l < o.layers; l++) n += ((l === 0 ? 1 : o.hidden) + o.hidden + 1) * 4 * o.hidden;
  return n + o.hidden + 1;
}

/** One batch of sequences: x [B, 10], y [B, 1] (plain arrays, for tests and the task). */
export function sinBatchArrays(rng: Rng, batch: number, noise: number): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(batch * SIN_SEQ_LEN);
  const y = new Float32Array(batch);
  for (let b = 0; b < batch; b++) {
    const A = 10 * rng.next();
    const w = (Math.PI / 2) * rng.next();
    const phi = 2 * Math.PI * rng.next();
    for (let k = 0; k < SIN_SEQ_LEN; k++)
      x[b * SIN_SEQ_LEN + k] = A * Math.sin(k * w + phi) + noise * rng.normal();
    y[b] = A * Math.sin(SIN_SEQ_LEN * w + phi);
  }
  return { x, y };
}

/** Forward pass: prediction [B, 1] from params [K_0, b_0, …, K_{L−1}, b_{L−1}, w, b]. */
export function sinLstmForward(params: Tensor[], x: Tensor, layers: number, hidden: number): Tensor {
  const B = x.shape[0] as number;
  const h: Tensor[] = Array.from({ length: layers }, () => tf.zeros([B, hidden]));
  const c: Tensor[] = Array.from({ length: layers }, () => tf.zeros([B, hidden]));
  const cols = tf.split(x, SIN_SEQ_LEN, 1);
  for (let k = 0; k < SIN_SEQ_LEN; k++) {
    let inp = cols[k];
    for (let l = 0; l < layers; l++) {
      const z = tf.add(
        tf.matMul(tf.concat([inp, h[l]], 1) as Tensor2D, params[2 * l] as Tensor2D),
        params[2 * l + 1],
      );
      const [i, f, o, g] = tf.split(z, 4, 1);
      c[l] = tf.add(tf.mul(tf.sigmoid(f), c[l]), tf.mul(tf.sigmoid(i), tf.tanh(g)));
      h[l] = tf.mul(tf.sigmoid(o), tf.tanh(c[l]));
      inp = h[l];
    }
  }
  return tf.add(tf.matMul(h[layers - 1] as Tensor2D, params[2 * layers] as Tensor2D), params[2 * layers + 1]);
}

export function createSinLstmTask(o: SinLstmOptions): Task {
  const H = o.hidden;
  return {
    id: 'sin-lstm',
    init(rng) {
      const out: Tensor[] = [];
      for (let l = 0; l < o.layers; l++) {
        const inp = l === 0 ? 1 : H;
        out.push(tf.tensor2d(normalArray(rng, (inp + H) * 4 * H, o.initStd), [inp + H, 4 * H]));
        out.push(tf.tensor1d(normalArray(rng, 4 * H, o.initStd)));
      }
      out.push(tf.tensor2d(normalArray(rng, H, o.initStd), [H, 1]));
      out.push(tf.tensor1d(normalArray(rng, 1, o.initStd)));
      return out;
    },
    nextBatch(rng) {
      const { x, y } = sinBatchArrays(rng, o.batchSize, o.noise);
      return { x: tf.tensor2d(x, [o.batchSize, SIN_SEQ_LEN]), y: tf.tensor2d(y, [o.batchSize, 1]) };
    },
    loss(params, batch) {
      if (!batch) throw new Error('sin-lstm: loss needs a minibatch');
      return tf.mean(tf.square(tf.sub(sinLstmForward(params, batch.x, o.layers, H), batch.y))) as Scalar;
    },
    dispose() {},
  };
}
