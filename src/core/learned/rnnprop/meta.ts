/**
 * RNNprop (Lv, Jiang, Li 2017; docs/algorithms.md §3.1), descriptor (pure data):
 *   relative gradients x = [g, m̂]/(√v̂ + ε) (β1 = β2 = 0.95) → FC 2 → 20 + ELU → LSTM(20) ×2
 *   → FC 20 → 1 → tanh, θ ← θ − α·y (α = 0.1). Default: 60 + 3280 + 3280 + 21 = 6641
 * meta-parameters. Init (§3.1): FC truncated normal σ = 0.1, LSTM kernels Glorot-uniform,
 * biases 0. The network: index.ts.
 */
import { z } from 'zod';
import { defineLearnedMeta, type WeightDef } from '../descriptor';
import { learnedHyperSchema } from '../hyperSchema';
import { fcDefs, lstmLayerDefs } from '../weightDefs';

export interface RnnpropArchitecture {
  kind: 'rnnprop';
  hidden: number;
  layers: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** α: the step is α·tanh(·), so |Δθ_i| ≤ α. */
  outputScale: number;
}

const pos = z.number().int().min(1).max(1024);

export const rnnpropArchitectureSchema = z.strictObject({
  kind: z.literal('rnnprop'),
  hidden: pos,
  layers: z.number().int().min(1).max(8),
  beta1: z.number().min(0).max(1),
  beta2: z.number().min(0).max(1),
  eps: z.number().positive(),
  outputScale: z.number().positive(),
});

export const RNNPROP_DEFAULT: RnnpropArchitecture = {
  kind: 'rnnprop',
  hidden: 20,
  layers: 2,
  beta1: 0.95,
  beta2: 0.95,
  eps: 1e-8,
  outputScale: 0.1,
};

export function rnnpropWeightDefs(a: RnnpropArchitecture): WeightDef[] {
  const H = a.hidden;
  const defs: WeightDef[] = [...fcDefs('in', 2, H)];
  for (let l = 0; l < a.layers; l++) defs.push(...lstmLayerDefs(`lstm${l}`, H, H));
  defs.push(...fcDefs('out', H, 1));
  return defs;
}

export const rnnpropMeta = defineLearnedMeta<RnnpropArchitecture>({
  id: 'rnnprop',
  label: 'RNNprop',
  description: 'Coordinatewise LSTM on Adam-like relative gradients, bounded steps (Lv et al. 2017).',
  math: 'x = (g, m̂)/(√v̂+ε);  a = ELU(Wx+b);  (o, h) = LSTM²(a, h);  θ ← θ − 0.1·tanh(w·o + b)',
  pretrained: 'rnnprop-mnist',
  hyperSchema: learnedHyperSchema(),
  hyperDefaults: { lr: RNNPROP_DEFAULT.outputScale },
  hyperHelp: 'lr (output scale)',
  architectureSchema: rnnpropArchitectureSchema,
  defaultArchitecture: RNNPROP_DEFAULT,
  weightDefs: rnnpropWeightDefs,
  // §3.3: the last step's loss, with random scaling and the convex-combination term (§3.2).
  defaultRecipes: {
    bptt: { metaLr: 1e-4, objective: 'last-step', tricks: { randomScaling: 3, convexCombination: true } },
  },
  probes: [],
  panels: [],
});
