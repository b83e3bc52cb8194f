/**
 * MNIST MLP, the learned-optimizer papers' base task (docs/algorithms.md §2.4): 784 → width
 * (×depth, activation) → 10, mean softmax cross-entropy, every weight and bias ~ N(0, initStd²)
 * (DM uses 0.01, RNNprop/HyperAdam 0.1). Data: the packed 10 000-digit subset (mnistData.ts),
 * pixels scaled to [0, 1]; minibatches of batchSize drawn uniformly with replacement from the
 * train split; evalLoss is the loss on the whole held-out split.
 * Each minibatch is assembled in JS from the uint8 pixels and uploaded ([B, 784] floats): far
 * cheaper than tf.gather from a device-resident train set (16 ms per gather on wasm), and only
 * the held-out split lives on the device.
 */

import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { TaskOptions } from './catalog';
import type { MnistData, MnistSplit } from './mnistData';
import { accuracy, mlpForward, mlpInit, mlpSizes, oneHotOf, softmaxCrossEntropy } from './tfUtil';
import type { Task } from './types';

/** Rows `idx` of a split as tensors: x [B, px] in [0, 1], y one-hot [B, 10]. */
export function mnistRows(s: MnistSplit, px: number, idx: ArrayLike<number>): { x: Tensor; y: Tensor } {
  const x = new Float32Array(idx.length * px);
  const labels = new Uint8Array(idx.length);
  for (let r = 0; r < idx.length; r++) {
    const src = idx[r] * px;
    for (let j = 0; j < px; j++) x[r * px + j] = s.images[src + j] / 255;
    labels[r] = s.labels[idx[r]];
  }
  return { x: tf.tensor2d(x, [idx.length, px]), y: oneHotOf(labels, 10) };
}

export function createMnistMlpTask(options: TaskOptions, data: MnistData): Task {
  const o = options as TaskOptions<'mnist-mlp'>;
  const px = data.rows * data.cols;
  const test = mnistRows(
    data.test,
    px,
    Array.from({ length: data.test.n }, (_, i) => i),
  );
  const sizes = mlpSizes(px, o.width, o.depth, 10);
  return {
    id: 'mnist-mlp',
    init: (rng) => mlpInit(rng, sizes, () => o.initStd, o.initStd),
    nextBatch(rng) {
      const idx = new Int32Array(o.batchSize);
      for (let i = 0; i < idx.length; i++) idx[i] = rng.int(data.train.n);
      return mnistRows(data.train, px, idx);
    },
    loss(params, batch) {
      if (!batch) throw new Error('mnist-mlp: loss needs a minibatch');
      return softmaxCrossEntropy(mlpForward(params, batch.x, o.activation), batch.y);
    },
    evalLoss: (params) => softmaxCrossEntropy(mlpForward(params, test.x, o.activation), test.y) as Scalar,
    evalAccuracy: (params) => accuracy(mlpForward(params, test.x, o.activation), test.y),
    dispose() {
      tf.dispose([test.x, test.y]);
    },
  };
}
