/**
 * The 2-D landscapes (landscapes.ts) as tfjs tasks: one parameter tensor θ = [x, y], the
 * loss computed with tensor ops (the same f as the float64 version), and optional gradient
 * noise: with σ > 0 each batch carries ξ ~ N(0, I₂) and the gradient becomes ∇f + σξ while
 * the reported loss stays f(θ).
 */

import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { TaskOptions } from './catalog';
import type { LandscapeId } from './landscapes';
import { noiseBatch, withGradientNoise } from './tfUtil';
import type { Task } from './types';

const c = (v: number) => tf.scalar(v);

/** f(x, y) with tensor ops; x, y are scalars. */
function landscapeLoss(id: LandscapeId, x: Tensor, y: Tensor, kappa: number): Tensor {
  switch (id) {
    case 'rosenbrock':
      return tf.add(tf.square(tf.sub(c(1), x)), tf.mul(c(100), tf.square(tf.sub(y, tf.square(x)))));
    case 'beale': {
      const y2 = tf.square(y);
      const a = tf.add(tf.sub(c(1.5), x), tf.mul(x, y));
      const b = tf.add(tf.sub(c(2.25), x), tf.mul(x, y2));
      const d = tf.add(tf.sub(c(2.625), x), tf.mul(x, tf.mul(y2, y)));
      return tf.addN([tf.square(a), tf.square(b), tf.square(d)]);
    }
    case 'himmelblau':
      return tf.add(
        tf.square(tf.sub(tf.add(tf.square(x), y), c(11))),
        tf.square(tf.sub(tf.add(x, tf.square(y)), c(7))),
      );
    case 'ill-quadratic':
      return tf.mul(c(0.5), tf.add(tf.square(x), tf.mul(c(kappa), tf.square(y))));
    case 'saddle':
      return tf.sub(tf.square(x), tf.square(y));
  }
}

export function createLandscapeTask(id: LandscapeId, options: TaskOptions): Task {
  const o = options as { x0: number; y0: number; noise: number; kappa?: number };
  const kappa = o.kappa ?? 50;
  return {
    id,
    init: () => [tf.tensor1d([o.x0, o.y0])],
    nextBatch: (rng) => (o.noise > 0 ? { xi: noiseBatch(rng, [2]) } : null),
    loss(params, batch) {
      const theta = params[0];
      const [x, y] = tf.unstack(theta);
      const f = landscapeLoss(id, x, y, kappa) as Scalar;
      return withGradientNoise(f, theta, batch?.xi, o.noise);
    },
    dispose() {},
  };
}
