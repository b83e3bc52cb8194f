import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

/** Inputs per tf.addN call: tfjs-webgpu binds each input (plus the output) as a storage buffer. */
export const ADDN_CHUNK = 7;

/**
 * Sum of same-shape tensors, safe on every backend. tfjs-webgpu's addN does not split its
 * inputs, so past the device's storage-buffer limit (often 8) its pipeline is invalid and the
 * result silently wrong; this adds in chunks of at most ADDN_CHUNK. Call inside tf.tidy.
 * With one input, returns that input itself.
 */
export function addMany(ts: Tensor[]): Tensor {
  if (ts.length === 0) throw new Error('addMany: no tensors to add');
  let acc = ts;
  while (acc.length > 1) {
    const next: Tensor[] = [];
    for (let i = 0; i < acc.length; i += ADDN_CHUNK) {
      const chunk = acc.slice(i, i + ADDN_CHUNK);
      next.push(chunk.length === 1 ? chunk[0] : tf.addN(chunk));
    }
    acc = next;
  }
  return acc[0];
}
