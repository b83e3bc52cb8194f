/**
 * Variational HyperAdam (Wang, Yang, Sun, Xu, TPAMI 2022; docs/algorithms.md §4.2),
 * descriptor (pure data): RNNprop-style inputs (β1 = β2 = 0.95) → FC 2→H + ELU → LSTM(H) on
 * column-normalised inputs → the HyperAdam mean μ and a VarBlock log σ² = FC H→1;
 * d = μ + σ⊙ξ (sampled) or μ, θ ← θ − α·d. 60 + 3280 + 1640 + 420 + 21 = 5421
 * meta-parameters, α = 0.001 (+ 2 with varInputs 'h+x': the VarBlock also reads |x|, the
 * magnitudes of the two relative-gradient inputs). Hyperparameter `sample`: 1 = sampled
 * updates, 0 = the mean μ.
 * The network: index.ts.
 */
import { z } from 'zod';
import { defineLearnedMeta, type WeightDef } from '../descriptor';
import { HYPER_BPTT_RECIPE, HYPER_PROBES } from '../hyperadam/meta';
import { learnedHyperSchema, switchField } from '../hyperSchema';
import { truncatedNormal } from '../init';
import { adamAndWeightCellDefs, FC_STD, fcDefs, lstmLayerDefs } from '../weightDefs';

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
  /** Base seed of the reparameterisation noise ξ (see index.ts). */
  noiseSeed: number;
  /**
   * What the VarBlock reads (index.ts, docs/algorithms.md §4.2): 'h' (absent = 'h': the authors'
   * code, and every weights file written before the field) = the LSTM output h only;
   * 'h+x' = h and |x| = [|g|, |m̂|]/(√v̂ + ε), one more weight tensor var/kernelX [2, 1].
   */
  varInputs?: VarInputs;
}

export const VAR_INPUTS = ['h', 'h+x'] as const;
export type VarInputs = (typeof VAR_INPUTS)[number];

const pos = z.number().int().min(1).max(1024);

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
  varInputs: z.enum(VAR_INPUTS, { error: `must be one of ${VAR_INPUTS.join(', ')}` }).optional(),
});

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

/** Weight of the KL term in VHAdam's meta-loss (code: train_optimizer.py). */
export const VHADAM_KL_WEIGHT = 1e-4;

export function vhAdamWeightDefs(a: VhAdamArchitecture): WeightDef[] {
  return [
    ...fcDefs('in', 2, a.hidden),
    ...lstmLayerDefs('lstm0', a.hidden, a.hidden),
    ...adamAndWeightCellDefs(a.hidden, a.candidates),
    ...fcDefs('var', a.hidden, 1),
    ...(a.varInputs === 'h+x'
      ? [{ name: 'var/kernelX', shape: [2, 1], init: (rng) => truncatedNormal(rng, 2, FC_STD) } as WeightDef]
      : []),
  ];
}

export const vhadamMeta = defineLearnedMeta<VhAdamArchitecture>({
  id: 'vhadam',
  label: 'Variational HyperAdam',
  description:
    'HyperAdam mean plus a VarBlock log-variance per coordinate; the update is sampled (Wang et al. 2022).',
  math: 'μ = HyperAdam(g);  log σ² = w·h + b;  d = μ + σ⊙ξ, ξ ~ N(0, I);  θ ← θ − 0.001·d;  L = mean_t[f(θ_{t+1}) + 1e-4·KL]',
  pretrained: 'vhadam-mnist',
  hyperSchema: learnedHyperSchema({
    sample: switchField('must be 1 (sample d = μ + σξ) or 0 (use the mean μ)'),
  }),
  hyperDefaults: { lr: VHADAM_DEFAULT.outputScale, sample: 1 },
  hyperHelp: 'lr (output scale), sample (1 sampled, 0 the mean)',
  architectureSchema: vhAdamArchitectureSchema,
  defaultArchitecture: VHADAM_DEFAULT,
  weightDefs: vhAdamWeightDefs,
  // VHAdam: unroll 10, not the paper's 20: its 20-step tape of the MNIST MLP (15 930
  // coordinates × 122 state floats) overflows the wasm backend's memory.
  defaultRecipes: { bptt: { ...HYPER_BPTT_RECIPE, unroll: 10, objective: 'variational' } },
  probes: ['varQuantiles', 'meanSqQuantiles', ...HYPER_PROBES, 'updateTrace'],
  panels: ['varblock', 'hyperadam'],
});
