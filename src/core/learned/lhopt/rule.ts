/**
 * LHOPT as an update rule (docs/algorithms.md §5): the inner optimizer (inner.ts) steered by
 * the trained policy. Every K inner steps (an outer step) the accumulated features are read
 * back once, the policy picks one action per hyperparameter and the new hyperparameters apply
 * from the next step. K = 4·round(horizon/(4·outerSteps)) (≥ 4), progress = t/horizon, with
 * the horizon from the host's step context (else hp.horizon).
 * Hyperparameters (β form for the UI; stored internally as 1−β): lr, beta1, beta2, eps,
 * weightDecay, clip are the INITIAL values the policy starts from; a mid-run edit of one (a new
 * value in hp, e.g. a recorded schedule event) replaces its current and reference values from
 * the next step (withEdits);
 * outerSteps; sample (0: each head's most likely action, 1: sampled from a stream seeded by
 * `seed`); ciao (0: LHOPT-lite = AdamW + clip, 1: the CIAO preset).
 * Probes, one value per step: hyper.lr, hyper.beta1, hyper.beta2, hyper.eps,
 * hyper.weightDecay, hyper.clip (the values used by this step) and updateNorm.
 * Held-out loss: the rule asks the host (wantsEvalLoss) for ctx.evalLoss on the last step of
 * each outer step, keeps it in the slot `ev` and reads it back with the features
 * (evalFeatures.ts); hosts without one leave those features neutral.
 * The controller's host memory (observation.ts ControllerMemory: current hyperparameters, CDF
 * statistics, previous action) travels in the state as `mem`; the policy's LSTM state is in
 * the slots ph, pc.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { makeRng } from '../../experiment/rng';
import type { OptState, StepResult, UpdateRule } from '../../optim/types';
import { decide } from './controller';
import { betaForm, clampHyper, fromBetaForm, HYPER_KEYS, type InnerHyper } from './hyper';
import { ACC_SIZE, innerInit, innerStep, isFeatureStep } from './inner';
import { LHOPT_HYPER_DEFAULTS, type LhoptHyper } from './meta';
import type { NormStats } from './normalizer';
import { type ControllerMemory, initialMemory } from './observation';
import type { Policy } from './policy';

export { HYPER_PROBES } from './meta';

/** The host's step context (the fields this rule reads). */
interface StepCtx {
  horizon: number;
  loss?: Tensor;
  evalLoss?: Tensor;
}

export interface LhoptState extends OptState {
  mem: ControllerMemory & { featureSteps: number; stepsInOuter: number };
}

/** Inner steps per outer step for a horizon. */
export const outerLength = (horizon: number, outerSteps: number): number =>
  Math.max(4, 4 * Math.round(horizon / (4 * Math.max(outerSteps, 1))));

const full = (hp: Record<string, number | undefined>): LhoptHyper => {
  const out = { ...LHOPT_HYPER_DEFAULTS };
  for (const k of Object.keys(out) as (keyof LhoptHyper)[]) {
    const v = hp[k];
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  return out;
};

export function initialInnerHyper(hp: Record<string, number | undefined>): InnerHyper {
  return clampHyper(fromBetaForm(full(hp)));
}

/** Hyperparameters whose value in hp differs from the run's reference: take the new value. */
function withEdits(st: LhoptState, fromHp: InnerHyper): LhoptState {
  const changed = HYPER_KEYS.filter((k) => fromHp[k] !== st.mem.initial[k]);
  if (changed.length === 0) return st;
  const hyper = { ...st.mem.hyper };
  const initial = { ...st.mem.initial };
  for (const k of changed) {
    hyper[k] = fromHp[k];
    initial[k] = fromHp[k];
  }
  return { ...st, mem: { ...st.mem, hyper, initial } };
}

export function lhoptRule(policy: Policy, norm: NormStats): UpdateRule {
  return {
    id: 'lhopt',
    wantsEvalLoss(state, hp, horizon) {
      const h = full(hp);
      return (state as LhoptState).mem.stepsInOuter + 1 >= outerLength(horizon, h.outerSteps);
    },
    init(params, hp): LhoptState {
      const s = innerInit(params);
      const z = policy.zeroState(1);
      s.slots.ph = [z.h];
      s.slots.pc = [z.c];
      return { ...s, mem: { ...initialMemory(initialInnerHyper(hp)), featureSteps: 0, stepsInOuter: 0 } };
    },
    step(
      grads: Tensor[],
      state: OptState,
      params: Tensor[],
      hp: Record<string, number | undefined>,
      ctx?: StepCtx,
    ): StepResult {
      const st = withEdits(state as LhoptState, initialInnerHyper(hp));
      const h = full(hp);
      const horizon = ctx?.horizon ?? h.horizon;
      const K = outerLength(horizon, h.outerSteps);
      const used = st.mem.hyper;
      const { ph, pc, ev: _ev, ...innerSlots } = st.slots;
      const ev = ctx?.evalLoss ? [tf.reshape(ctx.evalLoss, [1])] : undefined;
      const out = innerStep(grads, { t: st.t, slots: innerSlots }, params, used, {
        preset: h.ciao >= 0.5 ? 'ciao' : 'lite',
        loss: ctx?.loss,
      });
      const t = out.state.t;
      let mem = {
        ...st.mem,
        featureSteps: st.mem.featureSteps + (isFeatureStep(t) ? 1 : 0),
        stepsInOuter: st.mem.stepsInOuter + 1,
      };
      let slots: Record<string, Tensor[]> = { ...out.state.slots, ph, pc, ...(ev ? { ev } : {}) };
      if (mem.stepsInOuter >= K) {
        const acc = out.state.slots.acc[0];
        const values = (ev ? tf.concat([acc, ev[0]]) : acc).dataSync();
        const readout = {
          acc: values,
          featureSteps: mem.featureSteps,
          innerSteps: mem.stepsInOuter,
          progress: Math.min(t / horizon, 1),
          evalLoss: ev ? values[ACC_SIZE] : null,
        };
        const rng = h.sample >= 0.5 ? makeRng(h.seed).fork(`lhopt${t}`) : null;
        const d = decide(policy, norm, mem, readout, ph[0], pc[0], new Array(6).fill(0), rng);
        mem = { ...d.mem, featureSteps: 0, stepsInOuter: 0 };
        slots = { ...out.state.slots, acc: [tf.zeros([ACC_SIZE])], ph: [d.h], pc: [d.c] };
      }
      const b = betaForm(used);
      const probes = {
        ...out.probes,
        'hyper.lr': tf.scalar(b.lr),
        'hyper.beta1': tf.scalar(b.beta1),
        'hyper.beta2': tf.scalar(b.beta2),
        'hyper.eps': tf.scalar(b.eps),
        'hyper.weightDecay': tf.scalar(b.weightDecay),
        'hyper.clip': tf.scalar(b.clip),
      };
      const next: LhoptState = { t, slots, mem };
      return { params: out.params, state: next, probes };
    },
  };
}
