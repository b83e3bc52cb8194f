/**
 * Proximal policy optimisation for a recurrent multi-head categorical policy
 * (docs/algorithms.md §5.4). Episodes are whole sequences; each update re-runs the LSTM over
 * them from a zero state (minibatches of episodes, padded and masked to the longest).
 *   GAE:  δ_t = r_t + γ·V_{t+1} − V_t,  Â_t = Σ_k (γλ)^k δ_{t+k},  R_t = Â_t + V_t  (V_T = 0)
 *   Â normalised over the batch (mean 0, std 1)
 *   L = −E[min(ρ·Â, clip(ρ, 1−ε, 1+ε)·Â)] + c_v·E[(V − R)²] − c_H·E[H(π)]
 *   ρ = exp(log π(a|s) − log π_old(a|s)), log π summed over the heads, H summed over the heads
 * Gradients are clipped to a global norm, then one optimizer step (Adam: hostAdam.ts) per minibatch.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { addMany } from '../../addMany';
import type { Rng } from '../../experiment/rng';
import type { Policy } from '../../learned/lhopt/policy';

export interface Trajectory {
  /** Normalised observations, one per decision. */
  obs: number[][];
  /** Value-only inputs, one per decision. */
  valueExtra: number[][];
  choices: number[][];
  logp: number[];
  values: number[];
  rewards: number[];
}

export interface PpoConfig {
  clip: number;
  entropyCoef: number;
  valueCoef: number;
  gamma: number;
  lambda: number;
  maxGradNorm: number;
  epochs: number;
  /** Episodes per minibatch. */
  minibatch: number;
}

export const DEFAULT_PPO: PpoConfig = {
  clip: 0.2,
  entropyCoef: 0.01,
  valueCoef: 0.5,
  gamma: 1,
  lambda: 0.95,
  maxGradNorm: 5,
  epochs: 4,
  minibatch: 8,
};

/** Generalised advantage estimation for one episode (terminal after the last step). */
export function gae(
  rewards: number[],
  values: number[],
  gamma: number,
  lambda: number,
): { adv: number[]; ret: number[] } {
  const T = rewards.length;
  const adv = new Array<number>(T).fill(0);
  let next = 0;
  let acc = 0;
  for (let t = T - 1; t >= 0; t--) {
    const delta = rewards[t] + gamma * next - values[t];
    acc = delta + gamma * lambda * acc;
    adv[t] = acc;
    next = values[t];
  }
  return { adv, ret: adv.map((a, t) => a + values[t]) };
}

export interface PpoStats {
  policyLoss: number;
  valueLoss: number;
  entropy: number;
  approxKl: number;
  gradNorm: number;
}

interface Prepared {
  traj: Trajectory;
  adv: number[];
  ret: number[];
}

function oneHotRow(choice: number[], heads: number[]): number[] {
  const row: number[] = [];
  heads.forEach((n, i) => {
    for (let k = 0; k < n; k++) row.push(k === choice[i] ? 1 : 0);
  });
  return row;
}

/** The PPO loss of a minibatch (inside variableGrads); also returns diagnostics as scalars. */
function minibatchLoss(
  policy: Policy,
  batch: Prepared[],
  cfg: PpoConfig,
): { loss: tf.Scalar; parts: Tensor[] } {
  const B = batch.length;
  const T = Math.max(...batch.map((b) => b.traj.obs.length));
  const { obs: D, valueExtra: V, heads } = policy.shape;
  const A = heads.reduce((a, b) => a + b, 0);
  let { h, c } = policy.zeroState(B);
  const terms: { clipped: Tensor; vloss: Tensor; ent: Tensor; kl: Tensor }[] = [];
  let count = 0;
  for (let t = 0; t < T; t++) {
    const x = new Float32Array(B * D);
    const v = new Float32Array(B * V);
    const oh = new Float32Array(B * A);
    const mask = new Float32Array(B);
    const old = new Float32Array(B);
    const adv = new Float32Array(B);
    const ret = new Float32Array(B);
    batch.forEach((b, i) => {
      if (t >= b.traj.obs.length) return;
      x.set(b.traj.obs[t], i * D);
      v.set(b.traj.valueExtra[t], i * V);
      oh.set(oneHotRow(b.traj.choices[t], heads), i * A);
      mask[i] = 1;
      old[i] = b.traj.logp[t];
      adv[i] = b.adv[t];
      ret[i] = b.ret[t];
      count++;
    });
    const out = policy.step(tf.tensor2d(x, [B, D]), h, c, tf.tensor2d(v, [B, V]));
    h = out.h;
    c = out.c;
    const ls = policy.logSoftmaxHeads(out.logits);
    const logp = tf.sum(tf.mul(ls, tf.tensor2d(oh, [B, A])), 1);
    const m = tf.tensor1d(mask);
    const diff = tf.sub(logp, tf.tensor1d(old));
    const ratio = tf.exp(diff);
    const a = tf.tensor1d(adv);
    const surr = tf.minimum(tf.mul(ratio, a), tf.mul(tf.clipByValue(ratio, 1 - cfg.clip, 1 + cfg.clip), a));
    terms.push({
      clipped: tf.sum(tf.mul(surr, m)),
      vloss: tf.sum(tf.mul(tf.square(tf.sub(out.value, tf.tensor1d(ret))), m)),
      ent: tf.sum(tf.mul(tf.neg(tf.sum(tf.mul(tf.exp(ls), ls), 1)), m)),
      kl: tf.sum(tf.mul(tf.neg(diff), m)),
    });
  }
  const n = tf.scalar(Math.max(count, 1));
  const mean = (k: 'clipped' | 'vloss' | 'ent' | 'kl') => tf.div(addMany(terms.map((x) => x[k])), n);
  const pl = tf.neg(mean('clipped'));
  const vl = mean('vloss');
  const ent = mean('ent');
  const loss = tf.sub(
    tf.add(pl, tf.mul(vl, tf.scalar(cfg.valueCoef))),
    tf.mul(ent, tf.scalar(cfg.entropyCoef)),
  ) as tf.Scalar;
  return { loss, parts: [pl, vl, ent, mean('kl')] };
}

/** Clip gradients to a global norm (returns the clipped grads and the norm before clipping). */
function clipGlobal(
  grads: Record<string, Tensor>,
  maxNorm: number,
): { grads: Record<string, Tensor>; norm: Tensor } {
  const norm = tf.sqrt(addMany(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
  const scale = tf.minimum(tf.scalar(1), tf.div(tf.scalar(maxNorm), tf.add(norm, tf.scalar(1e-6))));
  const out: Record<string, Tensor> = {};
  for (const [k, g] of Object.entries(grads)) out[k] = tf.mul(g, scale);
  return { grads: out, norm };
}

/** Several epochs of PPO over the episodes; mean diagnostics over the minibatches. */
export function ppoUpdate(
  policy: Policy,
  optimizer: Pick<tf.Optimizer, 'applyGradients'>,
  episodes: Trajectory[],
  cfg: PpoConfig,
  rng: Rng,
): PpoStats {
  const prepared: Prepared[] = episodes.map((traj) => ({
    traj,
    ...gae(traj.rewards, traj.values, cfg.gamma, cfg.lambda),
  }));
  const all = prepared.flatMap((p) => p.adv);
  const mu = all.reduce((a, b) => a + b, 0) / Math.max(all.length, 1);
  const sd = Math.sqrt(all.reduce((a, b) => a + (b - mu) ** 2, 0) / Math.max(all.length, 1)) || 1;
  for (const p of prepared) p.adv = p.adv.map((a) => (a - mu) / (sd + 1e-8));
  const vars = policy.trainable();
  const sums = [0, 0, 0, 0, 0];
  let n = 0;
  for (let e = 0; e < cfg.epochs; e++) {
    const order = prepared.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let s = 0; s < order.length; s += cfg.minibatch) {
      const batch = order.slice(s, s + cfg.minibatch).map((i) => prepared[i]);
      const vals = tf.tidy(() => {
        let parts: Tensor[] = [];
        const { grads } = tf.variableGrads(() => {
          const r = minibatchLoss(policy, batch, cfg);
          parts = r.parts.map((p) => tf.keep(p));
          return r.loss;
        }, vars);
        const clipped = clipGlobal(grads, cfg.maxGradNorm);
        optimizer.applyGradients(clipped.grads as tf.NamedTensorMap);
        const v = tf.stack([...parts, clipped.norm].map((p) => tf.reshape(p, []))).dataSync();
        tf.dispose(parts);
        return Array.from(v);
      });
      vals.forEach((x, k) => {
        sums[k] += x;
      });
      n++;
    }
  }
  const d = Math.max(n, 1);
  return {
    policyLoss: sums[0] / d,
    valueLoss: sums[1] / d,
    entropy: sums[2] / d,
    approxKl: sums[3] / d,
    gradNorm: sums[4] / d,
  };
}
