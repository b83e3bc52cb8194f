/** Probe helpers: strided subsample, quantiles (vs a JS sort) and the update norm. */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/experiment/rng';
import {
  fractionLess,
  QUANTILE_SAMPLE_MAX,
  quantilesOf,
  sampledQuantiles,
  stridedSample,
  updateNorm,
} from '../../src/core/optim/probes';
import { expectClose, useCpu } from './helpers';
import { quantile64 } from './reference64';

beforeAll(useCpu);

describe('probes', () => {
  it('quantiles are exact (linear interpolation) when N ≤ 4096, across tensors', () => {
    const rng = makeRng(7);
    const a = Array.from({ length: 1000 }, () => Math.fround(rng.normal()));
    const b = Array.from({ length: 37 }, () => Math.fround(rng.normal() * 5));
    const q = tf.tidy(() =>
      Array.from(sampledQuantiles([tf.tensor2d(a, [100, 10]), tf.tensor1d(b)]).dataSync()),
    );
    const all = [...a, ...b];
    [0.05, 0.5, 0.95].forEach((p, i) => {
      expectClose(q[i], quantile64(all, p), 1e-6, 1e-7, `q${p}`);
    });
  });

  it('large N: a fixed strided subsample of ≤ 4096 coordinates on the global grid', () => {
    // 3 tensors, 1e6 coordinates in all; value = global index, so the sample is checkable
    const sizes = [600_001, 150_000, 249_999];
    const n = sizes.reduce((x, y) => x + y);
    const stride = Math.ceil(n / QUANTILE_SAMPLE_MAX);
    const sample = tf.tidy(() => {
      let off = 0;
      const ts = sizes.map((s) => {
        const t = tf.add(tf.range(0, s), off);
        off += s;
        return t;
      });
      return Array.from(stridedSample(ts).dataSync());
    });
    expect(sample.length).toBeLessThanOrEqual(QUANTILE_SAMPLE_MAX);
    expect(sample.length).toBe(Math.ceil(n / stride));
    sample.forEach((x, i) => {
      expect(x).toBe(i * stride);
    });
    // quantiles of the sample of 0..n−1 approximate those of the full range
    const q = tf.tidy(() => Array.from(quantilesOf(tf.tensor1d(sample)).dataSync()));
    expectClose(q[1], (n - 1) / 2, 1e-3, 0, 'median');
    expectClose(q[0], 0.05 * (n - 1), 2e-3, 0, 'q05');
  });

  it('updateNorm and fractionLess', () => {
    tf.tidy(() => {
      const a = [tf.tensor1d([1, 2]), tf.tensor2d([[0, 0]])];
      const b = [tf.tensor1d([4, 6]), tf.tensor2d([[0, 12]])];
      expectClose(updateNorm(a, b).dataSync()[0], 13, 1e-7, 0, 'norm');
      expect(fractionLess(a, b).dataSync()[0]).toBe(0.75);
    });
  });

  it('leaves no tensors behind inside tidy', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      sampledQuantiles([tf.ones([5000]), tf.zeros([10])]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
