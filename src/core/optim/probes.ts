/**
 * Probe helpers: small diagnostics reduced on the device, returned as tensors so the runner
 * can read them back in batches.
 *
 * Quantiles over "all coordinates" of a list of tensors use a fixed strided subsample: with N
 * coordinates in total (the tensors concatenated in order, each flattened row-major) and
 * stride k = ceil(N / QUANTILE_SAMPLE_MAX), the sample is every coordinate whose global index is
 * a multiple of k, i.e. at most QUANTILE_SAMPLE_MAX = 4096 values. It is taken with
 * tf.stridedSlice per tensor (no index tensors), so it is deterministic, needs no RNG and
 * costs O(sample) per step. When N ≤ 4096 the stride is 1 and the quantiles are exact. The
 * sample is sorted with tf.topk (k = sample size) and quantiles are linearly interpolated
 * between order statistics, numpy's default ("linear"): q ↦ x_(h), h = q·(n−1).
 */

import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { addMany } from '../addMany';

export const QUANTILE_SAMPLE_MAX = 4096;
/** The quantile levels of every `*Quantiles` probe. */
export const PROBE_QUANTILES = [0.05, 0.5, 0.95] as const;

/** ‖θ_new − θ_old‖₂ over all tensors, as a scalar. */
export function updateNorm(oldParams: Tensor[], newParams: Tensor[]): Tensor {
  const sums = oldParams.map((p, i) => tf.sum(tf.square(tf.sub(newParams[i], p))));
  return tf.sqrt(addMany(sums));
}

/** Total number of coordinates. */
export function totalSize(tensors: Tensor[]): number {
  return tensors.reduce((n, t) => n + t.size, 0);
}

/**
 * The fixed strided subsample described in the header: a 1-D float tensor of at most
 * `max` values, taken at global indices 0, k, 2k, … across the tensors in order.
 */
export function stridedSample(tensors: Tensor[], max = QUANTILE_SAMPLE_MAX): Tensor {
  const n = totalSize(tensors);
  if (n === 0) throw new Error('stridedSample: no coordinates');
  const stride = Math.ceil(n / max);
  const parts: Tensor[] = [];
  let start = 0;
  for (const t of tensors) {
    const first = (stride - (start % stride)) % stride; // first local index on the global grid
    if (first < t.size) {
      const flat = tf.reshape(t, [t.size]);
      parts.push(stride === 1 ? flat : tf.stridedSlice(flat, [first], [t.size], [stride]));
    }
    start += t.size;
  }
  return parts.length === 1 ? parts[0] : tf.concat(parts);
}

/** Linearly interpolated quantiles of a 1-D tensor (sorted on device with tf.topk). */
export function quantilesOf(sample: Tensor, qs: readonly number[] = PROBE_QUANTILES): Tensor {
  const n = sample.size;
  const desc = tf.topk(sample as tf.Tensor1D, n, true).values; // descending
  const lo: number[] = [];
  const hi: number[] = [];
  const w: number[] = [];
  for (const q of qs) {
    const h = q * (n - 1);
    const f = Math.floor(h);
    const c = Math.min(f + 1, n - 1);
    lo.push(n - 1 - f); // ascending index f ↔ descending index n−1−f
    hi.push(n - 1 - c);
    w.push(h - f);
  }
  const a = tf.gather(desc, tf.tensor1d(lo, 'int32'));
  const b = tf.gather(desc, tf.tensor1d(hi, 'int32'));
  return tf.add(a, tf.mul(tf.sub(b, a), tf.tensor1d(w)));
}

/** [q05, q50, q95] over all coordinates of the tensors (strided subsample, see header). */
export function sampledQuantiles(tensors: Tensor[], qs: readonly number[] = PROBE_QUANTILES): Tensor {
  return quantilesOf(stridedSample(tensors), qs);
}

/** Fraction of all coordinates where a < b (exact, over every coordinate), as a scalar. */
export function fractionLess(a: Tensor[], b: Tensor[]): Tensor {
  const counts = a.map((x, i) => tf.sum(tf.cast(tf.less(x, b[i]), 'float32')));
  const total = addMany(counts);
  return tf.div(total, tf.scalar(totalSize(a)));
}
