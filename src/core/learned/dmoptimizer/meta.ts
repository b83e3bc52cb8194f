/**
 * DMOptimizer (Andrychowicz et al. 2016; docs/algorithms.md §2), descriptor (pure data):
 *   x = LogAndSign_p(g) (p = 10; p = 0 ⇒ x = g) → LSTM(20) ×2 → linear 20 → 1,
 *   Δθ = scale·out, θ ← θ + Δθ. Default: 1840 + 3280 + 21 = 5141 meta-parameters.
 * Init (§2.2, Sonnet default): truncated normal σ = 1/√fan_in, biases 0. The network: index.ts.
 */
import { z } from 'zod';
import { defineLearnedMeta, type WeightDef } from '../descriptor';
import { learnedHyperSchema } from '../hyperSchema';
import { truncatedNormal } from '../init';
import { lstmDefs, zerosInit } from '../weightDefs';

export interface DmArchitecture {
  kind: 'dmoptimizer';
  /** LogAndSign parameter p (0 ⇒ no preprocessing: the raw gradient is the 1-D input). */
  preprocessP: number;
  hidden: number;
  layers: number;
  /** Output scale (the step is scale·linear(h)). */
  outputScale: number;
}

const pos = z.number().int().min(1).max(1024);

export const dmArchitectureSchema = z.strictObject({
  kind: z.literal('dmoptimizer'),
  preprocessP: z.number().min(0).max(100),
  hidden: pos,
  layers: z.number().int().min(1).max(8),
  outputScale: z.number().positive(),
});

export const DM_DEFAULT: DmArchitecture = {
  kind: 'dmoptimizer',
  preprocessP: 10,
  hidden: 20,
  layers: 2,
  outputScale: 0.1,
};

export function dmWeightDefs(a: DmArchitecture): WeightDef[] {
  const defs: WeightDef[] = [];
  const inp0 = a.preprocessP > 0 ? 2 : 1;
  for (let l = 0; l < a.layers; l++) {
    const inp = l === 0 ? inp0 : a.hidden;
    const fanIn = inp + a.hidden;
    defs.push(
      ...lstmDefs(`lstm${l}`, inp, a.hidden, (rng) =>
        truncatedNormal(rng, fanIn * 4 * a.hidden, 1 / Math.sqrt(fanIn)),
      ),
    );
  }
  defs.push(
    {
      name: 'out/kernel',
      shape: [a.hidden, 1],
      init: (rng) => truncatedNormal(rng, a.hidden, 1 / Math.sqrt(a.hidden)),
    },
    { name: 'out/bias', shape: [1], init: zerosInit(1) },
  );
  return defs;
}

export const dmoptimizerMeta = defineLearnedMeta<DmArchitecture>({
  id: 'dmoptimizer',
  label: 'DMOptimizer (L2L)',
  description: 'Coordinatewise 2-layer LSTM on LogAndSign gradients (Andrychowicz et al. 2016).',
  math: 'x = LogAndSign₁₀(g);  (o, h) = LSTM²(x, h);  θ ← θ + 0.1·(w·o + b)',
  pretrained: 'dmoptimizer-mnist',
  hyperSchema: learnedHyperSchema(),
  hyperDefaults: { lr: DM_DEFAULT.outputScale },
  hyperHelp: 'lr (output scale)',
  architectureSchema: dmArchitectureSchema,
  defaultArchitecture: DM_DEFAULT,
  weightDefs: dmWeightDefs,
  // §8.5 browser-scale recipe: the mean of the unroll's losses, no tricks.
  defaultRecipes: {
    bptt: { metaLr: 1e-3, objective: 'mean-unroll', tricks: { randomScaling: 0, convexCombination: false } },
  },
  probes: [],
  panels: [],
});
