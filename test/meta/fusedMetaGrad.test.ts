/**
 * The fused unroll path (src/core/meta/fused/, recipe path 'fused') on webgpu (Dawn in Node;
 * SwiftShader without a GPU) computes the same meta-loss and meta-gradient as the autodiff
 * path on the same backend: one 3-step unroll of a seeded DM-quadratic problem (5 problems =
 * 50 coordinates, + RNNprop's convex-combination z), RNNprop's tricks on. Agreement to 1e-4
 * relative (L2 over all of φ's gradient; loss 1e-5): the paths differ only in float32
 * rounding (summation order of the gate products and of the dK reduction, ~1e-7 per op).
 * The fused kernels must actually run (their dispatch count grows), and repeated fused
 * unrolls leave tf.memory().numTensors unchanged.
 * Both kinds use the 'last-step' meta-objective here: under Vitest the webgpu backend's CJS
 * bundle loads a second copy of tfjs-core, and tf.addN's gradient (mean-unroll sums its terms
 * with addN) then fails on both paths with "Cannot read properties of null (reading 'clone')"
 * (Tensor.clone's op handler of the other copy); the objective is not part of what differs
 * between the paths. The CLI (one CJS copy) and the app (one ESM copy) are unaffected.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fusedDispatches } from '../../src/core/meta/fused/dispatchCount';
import { type UnrollPath, withPath } from '../../src/core/meta/lean/wrap';
import { useWebGpu } from '../kernels/webgpu';
import { bpttWith, expectSameMetaGrad, type Fixture, fixtureN } from './metaGradHelpers';

let gpu = { ok: false, adapter: '' };
beforeAll(async () => {
  gpu = await useWebGpu();
}, 60_000);

const T = 3;

const bptt = (f: Fixture, path: UnrollPath) => bpttWith(f, withPath(f.opt, path));

describe('fused unroll path (webgpu)', () => {
  for (const kind of ['dmoptimizer', 'rnnprop'] as const)
    it(`${kind}: fused meta-gradient = autodiff meta-gradient (1e-4 relative); memory flat`, async ({
      skip,
    }) => {
      if (!gpu.ok) skip();
      const f = await fixtureN(kind, T, 5, { objective: 'last-step' });
      const ad = await bptt(f, 'autodiff');
      const d0 = fusedDispatches();
      const fused = await bptt(f, 'fused');
      // 2 LSTM layers × T steps × 2 forward dispatches, and backward ones (6 per node pair
      // whose output reaches the meta-loss).
      expect(fusedDispatches() - d0).toBeGreaterThanOrEqual(2 * T * 2 + 6);
      expectSameMetaGrad(fused, ad);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 2; i++) await bptt(f, 'fused');
      expect(tf.memory().numTensors).toBe(before);
      f.dispose();
    }, 120_000);
});
