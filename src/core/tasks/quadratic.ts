/**
 * Random-conditioned quadratic (docs/algorithms.md §7.2):
 *   f(θ) = ½ (θ − θ*)ᵀ Q (θ − θ*),   Q = U diag(λ) Uᵀ,   λ_i = κ^{(i−1)/(n−1)} (log-spaced in [1, κ])
 * computed as ½ Σ_i λ_i (Uᵀ(θ − θ*))_i². θ* ~ N(0, I) and U come from the task seed; θ0 ~ N(0, I)
 * from the init stream. U is Haar-random orthogonal: the Q factor of the QR decomposition of a
 * Gaussian matrix (modified Gram–Schmidt in float64, R with a positive diagonal) for
 * n ≤ DENSE_MAX_DIM. Above that a dense n×n matrix is too big, so U is a product of
 * HOUSEHOLDER_COUNT random Householder reflections (I − 2vvᵀ, v uniform on the sphere): still
 * an exact rotation with the same spectrum, O(n) per reflection, but not Haar-distributed.
 * Optional gradient noise σ: each batch carries ξ ~ N(0, I_n) and the gradient becomes ∇f + σξ.
 */

import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { normalArray, type Rng } from '../experiment/rng';
import type { TaskOptions } from './catalog';
import { noiseBatch, withGradientNoise } from './tfUtil';
import type { Task } from './types';

export const DENSE_MAX_DIM = 512;
export const HOUSEHOLDER_COUNT = 8;

/** Eigenvalues κ^{i/(n−1)}, i = 0..n−1. */
export function logSpacedEigenvalues(n: number, kappa: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = n === 1 ? 1 : kappa ** (i / (n - 1));
  return out;
}

/**
 * A Haar-random n×n orthogonal matrix, row-major: the Q of a Gaussian matrix's QR (columns
 * orthonormalised by modified Gram–Schmidt in float64). Column j of U is U[:, j].
 */
export function randomOrthogonal(rng: Rng, n: number): Float64Array {
  // Work on columns: cols[j] is column j (length n).
  const cols: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = rng.normal();
    for (const q of cols) {
      let d = 0;
      for (let i = 0; i < n; i++) d += q[i] * v[i];
      for (let i = 0; i < n; i++) v[i] -= d * q[i];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) v[i] /= norm;
    cols.push(v);
  }
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) out[i * n + j] = cols[j][i];
  return out;
}

export function createQuadraticTask(options: TaskOptions, dataRng: Rng): Task {
  const o = options as TaskOptions<'quadratic'>;
  const n = o.dim;
  const lambda = tf.tensor1d(logSpacedEigenvalues(n, o.condition));
  const thetaStar = tf.tensor1d(normalArray(dataRng, n));
  const dense = n <= DENSE_MAX_DIM;
  let u: Tensor;
  if (dense) {
    u = tf.tensor2d(Float32Array.from(randomOrthogonal(dataRng, n)), [n, n]);
  } else {
    const v = new Float32Array(HOUSEHOLDER_COUNT * n);
    for (let k = 0; k < HOUSEHOLDER_COUNT; k++) {
      const row = normalArray(dataRng, n);
      let norm = 0;
      for (let i = 0; i < n; i++) norm += row[i] * row[i];
      norm = Math.sqrt(norm);
      for (let i = 0; i < n; i++) v[k * n + i] = row[i] / norm;
    }
    u = tf.tensor2d(v, [HOUSEHOLDER_COUNT, n]);
  }
  const half = tf.scalar(0.5);
  const two = tf.scalar(2);

  /** Uᵀz for z of shape [n]. */
  const rotateT = (z: Tensor): Tensor => {
    if (dense) return tf.reshape(tf.matMul(tf.reshape(z, [1, n]), u as tf.Tensor2D), [n]);
    // U = H_1 H_2 … H_K ⇒ Uᵀ z = H_K … H_1 z (each H symmetric).
    let w = z;
    for (const v of tf.unstack(u)) w = tf.sub(w, tf.mul(v, tf.mul(two, tf.sum(tf.mul(v, w)))));
    return w;
  };

  return {
    id: 'quadratic',
    init: (rng) => [tf.tensor1d(normalArray(rng, n))],
    nextBatch: (rng) => (o.noise > 0 ? { xi: noiseBatch(rng, [n]) } : null),
    loss(params, batch) {
      const theta = params[0];
      const w = rotateT(tf.sub(theta, thetaStar));
      const f = tf.mul(half, tf.sum(tf.mul(lambda, tf.square(w)))) as Scalar;
      return withGradientNoise(f, theta, batch?.xi, o.noise);
    },
    dispose() {
      tf.dispose([lambda, thetaStar, u, half, two]);
    },
  };
}
