/**
 * LHOPT's actions (docs/algorithms.md §5.3): one categorical head per controlled
 * hyperparameter, all chosen at once at each outer step. Multiplicative heads scale the value;
 * the clip fraction's head shifts its logit: new = σ(logit(old) + shift). Every head includes a
 * no-op (×1 / +0). Values are clamped to their bounds after each action.
 * Initial-value noise (training only): lr × logU[1e-2, 1e2]; 1−β1, 1−β2, ε, λ × logU[0.1, 10];
 * the clip fraction's logit + U[−1, 1]; then clamped.
 */
import type { Rng } from '../../experiment/rng';
import { clampHyper, type HyperKey, type InnerHyper, logit, sigmoid } from './hyper';

export interface ActionHead {
  key: HyperKey;
  kind: 'scale' | 'logit';
  values: readonly number[];
}

export const HEADS: readonly ActionHead[] = [
  // biome-ignore lint/suspicious/noApproximativeNumericConstant: the paper config's values, as written
  { key: 'lr', kind: 'scale', values: [0.5, 0.707, 0.9, 1, 1.1, 1.414, 2] },
  { key: 'ombeta1', kind: 'scale', values: [0.5, 1, 2] },
  { key: 'ombeta2', kind: 'scale', values: [0.5, 1, 2] },
  { key: 'eps', kind: 'scale', values: [0.5, 1, 2] },
  { key: 'weightDecay', kind: 'scale', values: [0.5, 1, 2] },
  { key: 'clip', kind: 'logit', values: [-1, -0.3, 0, 0.3, 1] },
];

/** Sizes of the heads, and the total number of logits. */
export const HEAD_SIZES = HEADS.map((h) => h.values.length);
export const ACTION_LOGITS = HEAD_SIZES.reduce((a, b) => a + b, 0);

/** Index of each head's no-op choice. */
export const NOOP = HEADS.map((h) => h.values.indexOf(h.kind === 'scale' ? 1 : 0));

/** Apply one choice per head (indices), then clamp. */
export function applyAction(h: InnerHyper, choice: readonly number[]): InnerHyper {
  const out = { ...h };
  HEADS.forEach((head, i) => {
    const c = choice[i];
    if (!Number.isInteger(c) || c < 0 || c >= head.values.length) {
      throw new Error(`lhopt action: head '${head.key}' choice ${c} not in [0, ${head.values.length - 1}]`);
    }
    const v = head.values[c];
    out[head.key] = head.kind === 'scale' ? out[head.key] * v : sigmoid(logit(out[head.key]) + v);
  });
  return clampHyper(out);
}

/** The action as numbers the policy sees next step: log factor per scale head, shift for the clip. */
export function actionVector(choice: readonly number[]): number[] {
  return HEADS.map((head, i) =>
    head.kind === 'scale' ? Math.log(head.values[choice[i]]) : head.values[choice[i]],
  );
}

/** Each hyperparameter relative to its initial value: log ratio, or logit difference for the clip. */
export function relativeHyper(h: InnerHyper, initial: InnerHyper): number[] {
  return HEADS.map((head) =>
    head.kind === 'scale'
      ? Math.log(h[head.key] / initial[head.key])
      : logit(h[head.key]) - logit(initial[head.key]),
  );
}

const logUniform = (rng: Rng, lo: number, hi: number) =>
  Math.exp(Math.log(lo) + rng.next() * Math.log(hi / lo));

/** Randomised initial hyperparameters and the noise drawn (log factors / logit shift, per head). */
export function noisyInitial(h: InnerHyper, rng: Rng): { hyper: InnerHyper; noise: number[] } {
  const out = { ...h };
  const noise: number[] = [];
  for (const head of HEADS) {
    if (head.kind === 'logit') {
      const s = -1 + 2 * rng.next();
      out[head.key] = sigmoid(logit(h[head.key]) + s);
      noise.push(s);
    } else {
      const f = head.key === 'lr' ? logUniform(rng, 1e-2, 1e2) : logUniform(rng, 0.1, 10);
      out[head.key] = h[head.key] * f;
      noise.push(Math.log(f));
    }
  }
  return { hyper: clampHyper(out), noise };
}
