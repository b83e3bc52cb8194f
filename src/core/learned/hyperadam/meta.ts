/**
 * HyperAdam (Wang, Sun, Xu, AAAI 2019; docs/algorithms.md §4.1), descriptor (pure data):
 *   ĝ = g/‖g‖ → FC 1→H + ELU → LSTM(H) → AdamCell (J Adam candidates with learned decay rates
 *   β, γ and online bias corrections) → WeightCell ρ = ELU(FC H→J) → d = Σ_j ρ^j M^j,
 *   θ ← θ − α·d. H = J = 20: 40 + 3280 + 1640 + 420 = 5380 meta-parameters, α = 0.005.
 * The network: index.ts; the shared cells: ../hyperAdamCells.ts.
 */
import { z } from 'zod';
import { type AdamStartVariant, defineLearnedMeta, type InitOverrides, type WeightDef } from '../descriptor';
import { learnedHyperSchema } from '../hyperSchema';
import { adamAndWeightCellDefs, FORGET_BIAS, fcDefs, lstmLayerDefs } from '../weightDefs';

export interface HyperAdamArchitecture {
  kind: 'hyperadam';
  /** LSTM / pre-FC width H (= the WeightCell's input). */
  hidden: number;
  /** J: number of candidate Adam updates per coordinate. */
  candidates: number;
  /** α: θ ← θ − α·d. */
  outputScale: number;
}

const pos = z.number().int().min(1).max(1024);

export const hyperAdamArchitectureSchema = z.strictObject({
  kind: z.literal('hyperadam'),
  hidden: pos,
  candidates: pos,
  outputScale: z.number().positive(),
});

export const HYPERADAM_DEFAULT: HyperAdamArchitecture = {
  kind: 'hyperadam',
  hidden: 20,
  candidates: 20,
  outputScale: 0.005,
};

export function hyperAdamWeightDefs(a: HyperAdamArchitecture): WeightDef[] {
  return [
    ...fcDefs('pre', 1, a.hidden),
    ...lstmLayerDefs('lstm0', a.hidden, a.hidden),
    ...adamAndWeightCellDefs(a.hidden, a.candidates),
  ];
}

/** The Adam start's Adam: β₁, β₂ and the lr it steps with (docs/algorithms.md §4.1, "Adam start"). */
export const ADAM_START = { beta1: 0.9, beta2: 0.999, lr: 0.03 } as const;

const logit = (p: number) => Math.log(p / (1 - p));

/**
 * The candidates of the spread start: ADAM_START's pair first (the one weighted), then the grid
 * β₁ ∈ {0.5, 0.8, 0.9, 0.95, 0.99, 0.3} × β₂ ∈ {0.9, 0.99, 0.999, 0.9999} in that order, without
 * the pairs with β₁² ≥ β₂ (there m̂/√v̂ is unbounded: after a spike v forgets faster than m):
 * 22 pairs, of which J = 20 uses the first 20 (β₁ = 0.3 only with β₂ 0.9 and 0.99).
 */
export const SPREAD_BETAS: readonly (readonly [number, number])[] = [
  [ADAM_START.beta1, ADAM_START.beta2],
  ...[0.5, 0.8, 0.9, 0.95, 0.99, 0.3]
    .flatMap((b1) => [0.9, 0.99, 0.999, 0.9999].map((b2) => [b1, b2] as const))
    .filter(([b1, b2]) => b1 * b1 < b2 && (b1 !== ADAM_START.beta1 || b2 !== ADAM_START.beta2)),
];

/**
 * recipe.init = 'adam': W_ad = 0 and b_ad = [logit β₁ | logit β₂] make every candidate an Adam
 * with β₁, β₂ (bias-corrected through β̂, γ̂); W_q = 0 and b_q = lr/(α·J) make ρ^j = ELU(b_q) =
 * lr/(α·J), so θ ← θ − α·Σ_j ρ^j M^j = θ − lr·m̂/√v̂. The pre-FC and LSTM keep their seeded φ₀.
 * All J candidates are equal, so their gradients are too: training keeps them equal (J = 1).
 * 'adam-spread': candidate j has SPREAD_BETAS[j mod 22] and only candidate 0 is weighted
 * (b_q = [lr/α, 0, …]; ELU′(0) = 1, so the others get gradients), so the first steps are still
 * Adam's and the J candidates differ from the start (docs/algorithms.md §4.1).
 * 'adam-clock': 'adam' plus CLOCK_UNITS (below) in the LSTM, so the WeightCell can learn a
 * schedule ρ(t) from the first meta-update.
 */
export function hyperAdamStart(a: HyperAdamArchitecture, variant: AdamStartVariant = 'adam'): InitOverrides {
  const spread = variant === 'adam-spread';
  const J = a.candidates;
  const bias = new Float32Array(2 * J);
  const q = new Float32Array(J);
  for (let j = 0; j < J; j++) {
    const [b1, b2] = spread ? SPREAD_BETAS[j % SPREAD_BETAS.length] : [ADAM_START.beta1, ADAM_START.beta2];
    bias[j] = logit(b1);
    bias[J + j] = logit(b2);
  }
  if (spread) q[0] = ADAM_START.lr / a.outputScale;
  else q.fill(ADAM_START.lr / (a.outputScale * J));
  return {
    'adam/kernel': new Float32Array(4 * J * J),
    'adam/bias': bias,
    'weight/kernel': new Float32Array(a.hidden * J),
    'weight/bias': q,
    ...(variant === 'adam-clock' ? clockOverrides(a.hidden) : {}),
  };
}

/**
 * The clock start's LSTM units (docs/algorithms.md §4.1, "Clock start"): unit u reads nothing
 * (its kernel column is 0 in all four gates) and nobody reads it (its row of the recurrent kernel
 * is 0), and its gate biases give i = o = ½ and forget f = σ(b_f + 1) = CLOCK_FORGET, so
 *   c_t = f·c_{t−1} + ½·tanh(b_j) = ½·tanh(b_j)·(1 − f^t)/(1 − f),   h_t = ½·tanh(c_t)
 * on every coordinate alike: a function of t only. b_j is set so c_100 = `c100` (0.5, 1.5, 4):
 * h_t ≈ linear over a 100-step run, concave, and saturated by step ~50. With W_q = 0 the first
 * steps are still Adam's, but ∂L/∂W_q on these rows is Σ_t ∂L/∂ρ_t·h_t ≠ 0, so the first
 * meta-update can already tilt the lr over time (with 'adam' the LSTM's state is ~0 and a
 * schedule must first be grown through W_q = 0, where the LSTM gets no gradient at all).
 */
export const CLOCK_UNITS = [
  { unit: 0, c100: 0.5 },
  { unit: 1, c100: 1.5 },
  { unit: 2, c100: 4 },
] as const;

/** f of every clock unit: a time constant of 400 steps, so c_t is close to linear over 100. */
export const CLOCK_FORGET = 0.9975;

/** The clock units an LSTM of width H has room for (all three from H = 3; a narrower one gets the first H). */
export const clockUnitsOf = (H: number) => CLOCK_UNITS.filter((c) => c.unit < H);

function clockOverrides(H: number): InitOverrides {
  const f = CLOCK_FORGET;
  const reach100 = (0.5 * (1 - f ** 100)) / (1 - f); // c_100 / tanh(b_j)
  const clocks = clockUnitsOf(H);
  return {
    'lstm0/kernel': (drawn) => {
      const k = drawn.slice(); // [(H inputs + H recurrent), 4H], gate blocks [i | j | f | o]
      for (const { unit } of clocks) {
        for (let r = 0; r < 2 * H; r++) for (let g = 0; g < 4; g++) k[r * 4 * H + g * H + unit] = 0;
        k.fill(0, (H + unit) * 4 * H, (H + unit + 1) * 4 * H);
      }
      return k;
    },
    'lstm0/bias': (drawn) => {
      const b = drawn.slice();
      for (const { unit, c100 } of clocks) {
        b[unit] = 0; // i = ½
        b[H + unit] = Math.atanh(c100 / reach100);
        b[2 * H + unit] = logit(f) - FORGET_BIAS;
        b[3 * H + unit] = 0; // o = ½
      }
      return b;
    },
  };
}

/** §4.1 recipe at browser scale (§8.5): the mean of the unroll, CC + RS, meta-Adam lr 1e-4. */
export const HYPER_BPTT_RECIPE = {
  metaLr: 1e-4,
  objective: 'mean-unroll',
  tricks: { randomScaling: 3, convexCombination: true },
} as const;

/** The learned cells' probes and the chart panel that shows them (shared with VHAdam). */
export const HYPER_PROBES = ['betaQuantiles', 'gammaQuantiles', 'rhoQuantiles', 'rhoMean'] as const;

export const hyperadamMeta = defineLearnedMeta<HyperAdamArchitecture>({
  id: 'hyperadam',
  label: 'HyperAdam',
  description:
    'Coordinatewise LSTM that predicts the decay rates of 20 Adam candidates and mixes them (Wang et al. 2019).',
  math: 'ĝ = g/‖g‖;  s = LSTM(ELU(wĝ+b));  [β|γ] = σ([m̄, s̄]W+b);  M^j = Adam_j(β^j, γ^j);  θ ← θ − 0.005·Σ_j ELU(sW_q+b_q)^j M^j',
  pretrained: 'hyperadam-mnist',
  hyperSchema: learnedHyperSchema(),
  hyperDefaults: { lr: HYPERADAM_DEFAULT.outputScale },
  hyperHelp: 'lr (output scale)',
  architectureSchema: hyperAdamArchitectureSchema,
  defaultArchitecture: HYPERADAM_DEFAULT,
  weightDefs: hyperAdamWeightDefs,
  defaultRecipes: { bptt: HYPER_BPTT_RECIPE },
  probes: HYPER_PROBES,
  panels: ['hyperadam'],
  adamStart: hyperAdamStart,
});
