/**
 * LHOPT's inner optimizer (docs/algorithms.md §5.1), one step over all parameter tensors P,
 * with hyperparameters h = (lr, 1−β1, 1−β2, ε, λ, clip) that may change between steps:
 *   G = √(Σ_P ‖g_P‖²);  R ← max(G, R·(1 − 0.01));  s = min(1, clip·R/(G + 1e-6));  g ← s·g
 *   bc1 ← β1·bc1 + (1−β1);  bc2 ← β2·bc2 + (1−β2)                 (online bias corrections)
 *   m ← β1·m + (1−β1)·g
 *   'lite' (default, AdamW + clip):  v ← β2·v + (1−β2)·g²;  d = √(v/bc2)
 *   'ciao' (the paper config):       v ← max(β2·v, |g|);    d = v   (AdaMax-style, no bc2)
 *   upd = (m/bc1)/(d + ε) + λ·P
 *   lr_P = lr, except 'ciao' on matrices (rank ≥ 2): the LAMB trust ratio
 *     N ← 0.95·N + 0.05·‖upd‖ (bias-corrected by its own bcN), r = max(‖P‖/N̂, 1e-3) when
 *     ‖P‖ ≥ 1e-8 and N̂ ≥ 1e-8 (else 1), lr_P = lr·r
 *   P ← P − lr_P·upd          (lite: = P(1 − lr·λ) − lr·m̂/(√v̂ + ε), i.e. AdamW)
 * With constant β, bc1 = 1 − β1^t and bc2 = 1 − β2^t, so 'lite' with clip = 1 is AdamW.
 * Every FEATURE_EVERY-th step the 13 inner features (innerFeatures.ts; g is the clipped
 * gradient, P the parameters before the update) are averaged over tensors and added to the
 * accumulator slot `acc`, with ‖ΔP‖ and ‖P‖; the mean loss term is added on every step.
 * Nothing is read back here: the controller reads `acc` once per outer step.
 * State slots: m, v (per tensor), n (per tensor, LAMB EMA; 'ciao'), and scalars R, bc1, bc2,
 * bcN, acc ([ACC_SIZE]).
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { addMany } from '../../addMany';
import type { OptState, StepResult } from '../../optim/types';
import {
  FEATURE_EVERY,
  GRAD_CLIP_OMBETA,
  type InnerHyper,
  type InnerPreset,
  LAMB_MIN_TRUST,
  LAMB_OMBETA,
} from './hyper';
import { finishFeatures, tensorFeaturesRaw } from './innerFeatures';
import { ACC_LOSS, ACC_SIZE } from './layout';

export { ACC_LOSS, ACC_PARAM_NORM, ACC_SIZE, ACC_UPDATE_NORM } from './layout';

export function innerInit(params: Tensor[]): OptState {
  const zeros = () => params.map((p) => tf.zerosLike(p));
  return {
    t: 0,
    slots: {
      m: zeros(),
      v: zeros(),
      n: params.map(() => tf.scalar(0)),
      R: [tf.scalar(0)],
      bc1: [tf.scalar(0)],
      bc2: [tf.scalar(0)],
      bcN: [tf.scalar(0)],
      acc: [tf.zeros([ACC_SIZE])],
    },
  };
}

/** Whether inner step t (1-based) computes features. */
export const isFeatureStep = (t: number): boolean => t % FEATURE_EVERY === 0;

export interface InnerStepOptions {
  preset: InnerPreset;
  /** The step's training loss (a device scalar), accumulated into acc[ACC_LOSS]. */
  loss?: Tensor;
}

const sqNorm = (x: Tensor) => tf.sum(tf.square(x));

export function innerStep(
  grads: Tensor[],
  state: OptState,
  params: Tensor[],
  h: InnerHyper,
  o: InnerStepOptions,
): StepResult {
  const t = state.t + 1;
  const s = state.slots;
  const b1 = 1 - h.ombeta1;
  const b2 = 1 - h.ombeta2;
  const G = tf.sqrt(addMany(grads.map(sqNorm)));
  const R = tf.maximum(G, tf.mul(s.R[0], tf.scalar(1 - GRAD_CLIP_OMBETA)));
  const scale = tf.minimum(tf.scalar(1), tf.div(tf.mul(tf.scalar(h.clip), R), tf.add(G, tf.scalar(1e-6))));
  const didClip = tf.cast(tf.less(scale, tf.scalar(1)), 'float32');
  const bc1 = tf.add(tf.mul(s.bc1[0], tf.scalar(b1)), tf.scalar(h.ombeta1));
  const bc2 = tf.add(tf.mul(s.bc2[0], tf.scalar(b2)), tf.scalar(h.ombeta2));
  const bcN = tf.add(tf.mul(s.bcN[0], tf.scalar(1 - LAMB_OMBETA)), tf.scalar(LAMB_OMBETA));
  const ciao = o.preset === 'ciao';
  const featureStep = isFeatureStep(t);
  const [b1T, ob1T, b2T, ob2T, epsT, wdT, lrT] = [
    b1,
    h.ombeta1,
    b2,
    h.ombeta2,
    h.eps,
    h.weightDecay,
    h.lr,
  ].map((x) => tf.scalar(x));
  const m: Tensor[] = [];
  const v: Tensor[] = [];
  const n: Tensor[] = [];
  const next: Tensor[] = [];
  const feats: Tensor[] = [];
  const stepSq: Tensor[] = [];
  const paramSq: Tensor[] = [];
  grads.forEach((g0, i) => {
    const p = params[i];
    const g = tf.mul(g0, scale);
    const mi = tf.add(tf.mul(s.m[i], b1T), tf.mul(g, ob1T));
    const vi = ciao
      ? tf.maximum(tf.mul(s.v[i], b2T), tf.abs(g))
      : tf.add(tf.mul(s.v[i], b2T), tf.mul(tf.square(g), ob2T));
    const d = ciao ? vi : tf.sqrt(tf.div(vi, bc2));
    const mHat = tf.div(mi, bc1);
    const upd = tf.add(tf.div(mHat, tf.add(d, epsT)), tf.mul(p, wdT));
    let lrP: Tensor = lrT;
    let ni = s.n[i];
    if (ciao && p.rank >= 2) {
      const nU = tf.sqrt(sqNorm(upd));
      ni = tf.add(tf.mul(s.n[i], tf.scalar(1 - LAMB_OMBETA)), tf.mul(nU, tf.scalar(LAMB_OMBETA)));
      const nHat = tf.div(ni, bcN);
      const nP = tf.sqrt(sqNorm(p));
      const ok = tf.logicalAnd(tf.greaterEqual(nP, tf.scalar(1e-8)), tf.greaterEqual(nHat, tf.scalar(1e-8)));
      const r = tf.where(
        ok,
        tf.maximum(tf.div(nP, tf.maximum(nHat, tf.scalar(1e-8))), tf.scalar(LAMB_MIN_TRUST)),
        tf.scalar(1),
      );
      lrP = tf.mul(lrP, r);
    }
    const step = tf.mul(upd, lrP);
    m.push(mi);
    v.push(vi);
    n.push(ni);
    next.push(tf.sub(p, step));
    if (featureStep) {
      feats.push(tensorFeaturesRaw({ g, mHat, sqrtVHat: d, upd, p, lrP, eps: h.eps, didClip }));
      stepSq.push(sqNorm(step));
      paramSq.push(sqNorm(p));
    }
  });
  let acc = s.acc[0];
  if (featureStep) {
    const meanFeats = finishFeatures(tf.stack(feats));
    const extra = tf.stack([tf.sqrt(addMany(stepSq)), tf.sqrt(addMany(paramSq)), tf.scalar(0)]);
    acc = tf.add(acc, tf.concat([meanFeats, extra]));
  }
  if (o.loss) acc = tf.add(acc, tf.pad(tf.reshape(o.loss, [1]), [[ACC_LOSS, ACC_SIZE - ACC_LOSS - 1]]));
  const updateNorm = tf.sqrt(addMany(next.map((p, i) => sqNorm(tf.sub(p, params[i])))));
  return {
    params: next,
    state: { t, slots: { m, v, n, R: [R], bc1: [bc1], bc2: [bc2], bcN: [bcN], acc: [acc] } },
    probes: { updateNorm },
  };
}
