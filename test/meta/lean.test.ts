/**
 * The lean unroll path (src/core/meta/lean/) computes the same meta-loss and meta-gradient as
 * today's autodiff path for every learned kind: one 5-step unroll on a tiny seeded problem
 * (cpu), with RNNprop's tricks on; VHAdam samples with the same seeded noise on both paths.
 * Agreement to 1e-4 relative (L2 over all of φ's gradient; loss to 1e-5): the two paths differ
 * only in float32 rounding (tanh as 2σ(2x) − 1, a different summation order in the gate
 * products), ~1e-7 per op.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, it } from 'vitest';
import { LEAN_KINDS } from '../../src/core/meta/lean/wrap';
import { expectLeanMatchesAutodiff } from './metaGradHelpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('lean unroll path', () => {
  it.each(LEAN_KINDS)(
    '%s: lean meta-gradient = autodiff meta-gradient (1e-4 relative)',
    expectLeanMatchesAutodiff,
  );
});
