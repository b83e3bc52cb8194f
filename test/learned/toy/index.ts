/** The toy kind's tfjs half: meta + build (see meta.ts). */
import * as tf from '@tensorflow/tfjs-core';
import type { LearnedKind } from '../../../src/core/learned/kind';
import { type ToyArchitecture, toyMeta } from './meta';

export const toysign: LearnedKind<ToyArchitecture> = {
  ...toyMeta,
  build: (a, weights) => ({
    kind: 'toysign',
    architecture: a,
    weights,
    initState: (n) => ({ m: [tf.zeros([n, 1])] }),
    step(g, state, _t, scale, hp) {
      const w = weights.get('w');
      const m = tf.add(tf.mul(state.m[0], 0.5), tf.mul(g, 0.5));
      const [w0, w1] = tf.split(w, 2);
      const d = tf.add(tf.mul(g, w0), tf.mul(m, w1));
      const s = hp?.half === 1 ? scale / 2 : scale;
      return {
        delta: tf.mul(d, tf.scalar(-s)),
        state: { m: [m] },
        aux: {},
        probes: { toyW0: tf.reshape(w0, []) },
      };
    },
    dispose: () => weights.dispose(),
  }),
};
