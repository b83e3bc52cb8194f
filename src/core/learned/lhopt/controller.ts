/**
 * One decision of the LHOPT controller at the end of an outer step (docs/algorithms.md §5.2–5.4):
 * readout → observation (observation.ts) → normalised (normalizer.ts) → policy step → one
 * choice per head (sampled from a seeded stream, or the most likely when rng is null) →
 * hyperparameters updated and clamped (actions.ts). Shared by the update rule (runner) and
 * the PPO episodes.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../experiment/rng';
import { applyAction, HEAD_SIZES } from './actions';
import { type NormStats, normApply, normUpdate } from './normalizer';
import { type ControllerMemory, type OuterReadout, observe } from './observation';
import type { Policy } from './policy';
import { sampleHeads } from './policy';

export interface Decision {
  mem: ControllerMemory;
  /** Normalised observation the policy saw. */
  obs: number[];
  /** The observation before normalisation (folded into the normaliser by PPO's leader). */
  raw: number[];
  choice: number[];
  logp: number;
  value: number;
  /** Mean training loss of the outer step just observed. */
  loss: number;
  h: Tensor;
  c: Tensor;
  /** Normaliser statistics after this observation (unchanged unless `learnNorm`). */
  norm: NormStats;
}

export function decide(
  policy: Policy,
  norm: NormStats,
  mem: ControllerMemory,
  readout: OuterReadout,
  h: Tensor,
  c: Tensor,
  valueExtra: number[],
  rng: Rng | null,
  learnNorm = false,
): Decision {
  const o = observe(mem, readout);
  const nextNorm = learnNorm ? normUpdate(norm, o.obs) : norm;
  const x = normApply(nextNorm, o.obs);
  const out = tf.tidy(() => {
    const r = policy.step(tf.tensor2d([x]), h, c, tf.tensor2d([valueExtra], [1, valueExtra.length]));
    return { h: r.h, c: r.c, lv: tf.concat([tf.reshape(r.logits, [-1]), r.value]) };
  });
  const lv = out.lv.dataSync();
  out.lv.dispose();
  const A = HEAD_SIZES.reduce((a, b) => a + b, 0);
  const s = sampleHeads(lv.subarray(0, A), HEAD_SIZES, rng);
  return {
    mem: { ...o.mem, hyper: applyAction(o.mem.hyper, s.choice), prevChoice: s.choice },
    obs: x,
    raw: o.obs,
    choice: s.choice,
    logp: s.logp,
    value: lv[A],
    loss: o.loss,
    h: out.h,
    c: out.c,
    norm: nextNorm,
  };
}

export { lhoptPolicyShape } from './policyDefs';
