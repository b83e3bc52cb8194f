/**
 * LHOPT (Almeida et al. 2021; docs/algorithms.md §5), descriptor (pure data): a learned policy
 * that steers the hyperparameters of an AdamW-type inner optimizer (lr, β1, β2, ε, weight
 * decay, gradient-clip fraction) once per outer step, from scale-free features of the run.
 * Network: EWMA-normalised 132 features → tanh FC(H) → LSTM(H) → 6 categorical heads + value
 * (policy.ts; H = 32 by default). Trained by PPO (the 'ppo' outer trainer, meta/ppo/).
 * The update rule: rule.ts; the tfjs half: index.ts. Our decisions where the paper is silent:
 * docs/lhopt.md.
 */
import { z } from 'zod';
import { defineLearnedMeta } from '../descriptor';
import { learnedHyperSchema, switchField } from '../hyperSchema';
import { betaForm, INITIAL_HYPER } from './hyper';
import { lhoptPolicyShape, policyWeightDefs } from './policyDefs';

export interface LhoptArchitecture {
  kind: 'lhopt';
  /** The initial learning rate (the lr hyperparameter's default). */
  outputScale: number;
  /** Hidden units of the policy's input layer and LSTM. */
  hidden: number;
}

export const LHOPT_DEFAULT_ARCHITECTURE: LhoptArchitecture = { kind: 'lhopt', outputScale: 1e-3, hidden: 32 };

export const lhoptArchitectureSchema = z.strictObject({
  kind: z.literal('lhopt'),
  outputScale: z.number().positive(),
  hidden: z.number().int().min(1).max(1024),
});

/** The rule's hyperparameters: the initial values the policy starts from, and its switches. */
export const LHOPT_HYPER_DEFAULTS = {
  ...betaForm(INITIAL_HYPER),
  outerSteps: 16,
  horizon: 1000,
  sample: 0,
  seed: 1,
  ciao: 0,
};
export type LhoptHyper = typeof LHOPT_HYPER_DEFAULTS;

export const HYPER_PROBES = [
  'hyper.lr',
  'hyper.beta1',
  'hyper.beta2',
  'hyper.eps',
  'hyper.weightDecay',
  'hyper.clip',
] as const;

const range = (lo: number, hi: number, what = '') =>
  z
    .number({ error: `must be a number in [${lo}, ${hi}]${what}` })
    .refine((x) => Number.isFinite(x) && x >= lo && x <= hi, {
      message: `out of range; allowed [${lo}, ${hi}]${what}`,
    });

export const lhoptMeta = defineLearnedMeta<LhoptArchitecture>({
  id: 'lhopt',
  label: 'LHOPT (learned hyperparameters)',
  description:
    'A PPO-trained policy that changes AdamW’s lr, β1, β2, ε, weight decay and clip fraction during training (Almeida et al. 2021).',
  math: 'every K steps: (lr, 1−β1, 1−β2, ε, λ) ×= π(features), clip ← σ(logit clip + shift);  AdamW + clip in between',
  pretrained: 'lhopt-mix',
  hyperSchema: learnedHyperSchema({
    beta1: range(0, 0.99999),
    beta2: range(0.9, 0.99999),
    eps: range(1e-8, 1),
    weightDecay: range(0, 1),
    clip: range(1e-10, 1 - 1e-10, ' (fraction of the rolling max of ‖g‖)'),
    outerSteps: range(1, 10_000, ' (policy decisions per run)'),
    horizon: range(1, 1e7, ' (used only when the host gives no horizon)'),
    sample: switchField('must be 0 (most likely action) or 1 (sampled)'),
    seed: range(0, 4294967295),
    ciao: switchField('must be 0 (LHOPT-lite: AdamW + clip) or 1 (the CIAO preset)'),
  }),
  hyperDefaults: { ...LHOPT_HYPER_DEFAULTS },
  hyperHelp:
    'lr, beta1, beta2, eps, weightDecay, clip (initial values), outerSteps, sample (0/1), seed, ciao (0 lite / 1 CIAO)',
  architectureSchema: lhoptArchitectureSchema,
  defaultArchitecture: LHOPT_DEFAULT_ARCHITECTURE,
  weightDefs: (a) => policyWeightDefs(lhoptPolicyShape(a.hidden)),
  defaultRecipes: { ppo: {} },
  probes: [...HYPER_PROBES],
  panels: ['schedule'],
});
