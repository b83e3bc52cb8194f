/**
 * HyperAdam and Variational HyperAdam metadata (pure data, no tfjs): architectures, defaults,
 * meta-parameter counts and the zod schemas of their saved architectures. Read by catalog.ts
 * (ids, LEARNED entries), artifacts.ts (validation) and the factory.
 *
 *   hyperadam  Wang, Sun, Xu, AAAI 2019 (docs/algorithms.md §4.1): ĝ = g/‖g‖ → FC 1→H + ELU → LSTM(H)
 *              → AdamCell (J Adam candidates with learned decay rates β, γ and online bias
 *              corrections) → WeightCell ρ = ELU(FC H→J) → d = Σ_j ρ^j M^j, θ ← θ − α·d.
 *              H = J = 20: 40 + 3280 + 1640 + 420 = 5380 meta-parameters, α = 0.005.
 *   vhadam     Wang, Yang, Sun, Xu, TPAMI 2022 (§4.2): RNNprop-style inputs (β1 = β2 = 0.95)
 *              → FC 2→H + ELU → LSTM(H) on column-normalised inputs → the HyperAdam mean μ and
 *              a VarBlock log σ² = FC H→1; d = μ + σ⊙ξ (sampled) or μ, θ ← θ − α·d.
 *              60 + 3280 + 1640 + 420 + 21 = 5421 meta-parameters, α = 0.001.
 */
import { z } from 'zod';

export interface HyperAdamArchitecture {
  kind: 'hyperadam';
  /** LSTM / pre-FC width H (= the WeightCell's input). */
  hidden: number;
  /** J: number of candidate Adam updates per coordinate. */
  candidates: number;
  /** α: θ ← θ − α·d. */
  outputScale: number;
}

export interface VhAdamArchitecture {
  kind: 'vhadam';
  hidden: number;
  candidates: number;
  /** Preprocessing moments (RNNprop style). */
  beta1: number;
  beta2: number;
  eps: number;
  outputScale: number;
  /** Sample d = μ + σξ (the authors' code, also at test time) or use the mean μ. */
  sample: boolean;
  /** Base seed of the reparameterisation noise ξ (see vhAdam.ts). */
  noiseSeed: number;
}

export const HYPERADAM_DEFAULT: HyperAdamArchitecture = {
  kind: 'hyperadam',
  hidden: 20,
  candidates: 20,
  outputScale: 0.005,
};

export const VHADAM_DEFAULT: VhAdamArchitecture = {
  kind: 'vhadam',
  hidden: 20,
  candidates: 20,
  beta1: 0.95,
  beta2: 0.95,
  eps: 1e-8,
  outputScale: 0.001,
  sample: true,
  noiseSeed: 0,
};

const lstmCount = (inp: number, h: number) => (inp + h) * 4 * h + 4 * h;

/** AdamCell (2J → 2J with bias) + WeightCell (H → J with bias). */
const adamAndWeightCells = (h: number, j: number) => 2 * j * 2 * j + 2 * j + h * j + j;

export function hyperAdamParamCount(a: HyperAdamArchitecture | VhAdamArchitecture): number {
  const H = a.hidden;
  const J = a.candidates;
  if (a.kind === 'hyperadam') return 2 * H + lstmCount(H, H) + adamAndWeightCells(H, J);
  return 3 * H + lstmCount(H, H) + adamAndWeightCells(H, J) + H + 1;
}

const pos = z.number().int().min(1).max(1024);

export const hyperAdamArchitectureSchema = z.strictObject({
  kind: z.literal('hyperadam'),
  hidden: pos,
  candidates: pos,
  outputScale: z.number().positive(),
});

export const vhAdamArchitectureSchema = z.strictObject({
  kind: z.literal('vhadam'),
  hidden: pos,
  candidates: pos,
  beta1: z.number().min(0).max(1),
  beta2: z.number().min(0).max(1),
  eps: z.number().positive(),
  outputScale: z.number().positive(),
  sample: z.boolean(),
  noiseSeed: z.number().int().min(0).max(4294967295),
});

/** The LEARNED catalog entries (catalog.ts spreads them into its LearnedInfo map). */
export const HYPER_LEARNED_INFO = {
  hyperadam: {
    id: 'hyperadam' as const,
    label: 'HyperAdam',
    description:
      'Coordinatewise LSTM that predicts the decay rates of 20 Adam candidates and mixes them (Wang et al. 2019).',
    math: 'ĝ = g/‖g‖;  s = LSTM(ELU(wĝ+b));  [β|γ] = σ([m̄, s̄]W+b);  M^j = Adam_j(β^j, γ^j);  θ ← θ − 0.005·Σ_j ELU(sW_q+b_q)^j M^j',
    paramCount: hyperAdamParamCount(HYPERADAM_DEFAULT),
    pretrained: 'hyperadam-mnist',
    defaults: { lr: HYPERADAM_DEFAULT.outputScale },
  },
  vhadam: {
    id: 'vhadam' as const,
    label: 'Variational HyperAdam',
    description:
      'HyperAdam mean plus a VarBlock log-variance per coordinate; the update is sampled (Wang et al. 2022).',
    math: 'μ = HyperAdam(g);  log σ² = w·h + b;  d = μ + σ⊙ξ, ξ ~ N(0, I);  θ ← θ − 0.001·d;  L = mean_t[f(θ_{t+1}) + 1e-4·KL]',
    paramCount: hyperAdamParamCount(VHADAM_DEFAULT),
    pretrained: 'vhadam-mnist',
    defaults: { lr: VHADAM_DEFAULT.outputScale, sample: 1 },
  },
};

/** Weight of the KL term in VHAdam's meta-loss (code: train_optimizer.py). */
export const VHADAM_KL_WEIGHT = 1e-4;
