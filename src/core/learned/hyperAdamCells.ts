/**
 * The cells HyperAdam and Variational HyperAdam share (docs/algorithms.md §4.1), batched over the
 * N coordinates (rows); J = candidates (columns):
 *   colNorm(x)   = x·(‖x‖₂² + 1e-16)^{−1/2}, the norm over the N rows, per column
 *   AdamCell     [β | γ] = min(σ([colNorm(m_{t−1}), colNorm(s_t)]·W_ad + b_ad), 1 − 1e-6)   (W_ad: 2J×2J)
 *                m_t = β⊙m_{t−1} + (1−β)⊙g,   v_t = γ⊙v_{t−1} + (1−γ)⊙g²     (g broadcast over J)
 *                β̂_t = β⊙β̂_{t−1} + (1−β),    γ̂_t = γ⊙γ̂_{t−1} + (1−γ)       (online bias corrections;
 *                                                                              = 1−β^t for constant β)
 *                M_t = (m_t/(β̂_t+ε')) / √(v_t/(γ̂_t+ε') + ε'),  ε' = 1e-24
 *   WeightCell   ρ_t = ELU(s_t·W_q + b_q)   (H → J)
 *   combine      d_t = Σ_j ρ_t^j ⊙ M_t^j    ([N, 1])
 * The AdamCell reads the LSTM output s_t = h_t (normalised); its state m, v, β̂, γ̂ is [N, J].
 * The cap keeps the cell away from σ = 1: in float32 σ(z) rounds to exactly 1 for z ≳ 16.6, and
 * then γ = 1 leaves v = γ̂ = 0, so M = m̃/√ε′ = 10¹²·m̃ (docs/algorithms.md §4.1). Capped, the
 * first step from a zero state gives M = ±1 however large z is. ∂cap/∂σ = [σ < cap] in every
 * path (the hand-written backward passes test the saved rate against the same float32 cap).
 */
import type { GradSaveFunc, Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

export const COL_NORM_EPS = 1e-16;
export const ADAM_CELL_EPS = 1e-24;
/** The largest β or γ the AdamCell uses (float32: 0.99999899). */
export const RATE_CAP = Math.fround(1 - 1e-6);

/** min(r, RATE_CAP), passing the gradient only where r < RATE_CAP (as the kernels do). */
export const capRate = tf.customGrad(((x: Tensor, save: GradSaveFunc) => {
  save([x]);
  return {
    value: tf.minimum(x, tf.scalar(RATE_CAP)),
    gradFunc: (dy: Tensor, [saved]: Tensor[]) =>
      tf.mul(dy, tf.cast(tf.less(saved, tf.scalar(RATE_CAP)), 'float32')),
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (r: Tensor) => Tensor;

/** x / √(Σ_rows x² + 1e-16), per column. */
export function colNorm(x: Tensor): Tensor {
  return tf.mul(x, tf.rsqrt(tf.add(tf.sum(tf.square(x), 0, true), tf.scalar(COL_NORM_EPS))));
}

/** x·W + b for a 2-D x. */
export function dense(x: Tensor, kernel: Tensor, bias: Tensor): Tensor {
  return tf.add(tf.matMul(x as Tensor2D, kernel as Tensor2D), bias);
}

export interface AdamCellState {
  m: Tensor;
  v: Tensor;
  bh: Tensor;
  gh: Tensor;
}

export interface AdamCellOut extends AdamCellState {
  beta: Tensor;
  gamma: Tensor;
  /** The moment field M_t, [N, J]. */
  moments: Tensor;
}

/** One AdamCell step: g [N, 1], s (the LSTM output h_t) [N, H], state [N, J] each. */
export function adamCell(g: Tensor, s: Tensor, st: AdamCellState, kernel: Tensor, bias: Tensor): AdamCellOut {
  const J = st.m.shape[1] as number;
  const rates = capRate(tf.sigmoid(dense(tf.concat([colNorm(st.m), colNorm(s)], 1), kernel, bias)));
  const [beta, gamma] = tf.split(rates, [J, J], 1);
  const one = tf.scalar(1);
  const oneMinusB = tf.sub(one, beta);
  const oneMinusG = tf.sub(one, gamma);
  const m = tf.add(tf.mul(beta, st.m), tf.mul(oneMinusB, g));
  const v = tf.add(tf.mul(gamma, st.v), tf.mul(oneMinusG, tf.square(g)));
  const bh = tf.add(tf.mul(beta, st.bh), oneMinusB);
  const gh = tf.add(tf.mul(gamma, st.gh), oneMinusG);
  const eps = tf.scalar(ADAM_CELL_EPS);
  const mt = tf.div(m, tf.add(bh, eps));
  const vt = tf.div(v, tf.add(gh, eps));
  const moments = tf.div(mt, tf.sqrt(tf.add(vt, eps)));
  return { m, v, bh, gh, beta, gamma, moments };
}

/** ρ = ELU(s·W_q + b_q) and d = Σ_j ρ^j M^j: returns { rho [N, J], d [N, 1] }. */
export function combine(
  s: Tensor,
  moments: Tensor,
  kernel: Tensor,
  bias: Tensor,
): { rho: Tensor; d: Tensor } {
  const rho = tf.elu(dense(s, kernel, bias));
  return { rho, d: tf.sum(tf.mul(rho, moments), 1, true) };
}

/** Zero AdamCell state for N coordinates and J candidates. */
export function zeroAdamCellState(n: number, j: number): AdamCellState {
  return { m: tf.zeros([n, j]), v: tf.zeros([n, j]), bh: tf.zeros([n, j]), gh: tf.zeros([n, j]) };
}
