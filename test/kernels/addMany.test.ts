/**
 * addMany on WebGPU: tfjs-webgpu's addN binds every input as a storage buffer, so adding 20
 * tensors in one addN exceeds the device limit; addMany chunks it and gets the exact sum.
 * (A 20-step unroll's mean-of-losses meta-objective and multi-tensor update norms need this.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADDN_CHUNK, addMany } from '../../src/core/addMany';
import { type GpuEnv, useWebGpu } from './webgpu';

let gpu: GpuEnv;
beforeAll(async () => {
  gpu = await useWebGpu();
});

describe('addMany', () => {
  it.for([1, 2, ADDN_CHUNK, ADDN_CHUNK + 1, 20, 50])(
    'sums %i tensors exactly on WebGPU',
    async (n, { skip }) => {
      if (!gpu.ok) skip();
      const before = tf.memory().numTensors;
      const values = Array.from({ length: n }, (_, i) => [i + 1, -2 * i]);
      const sum = tf.tidy(() => addMany(values.map((v) => tf.tensor1d(v))).clone());
      expect(Array.from(await sum.data())).toEqual([(n * (n + 1)) / 2, -n * (n - 1)]);
      sum.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});
