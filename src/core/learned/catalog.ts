/**
 * Learned optimizers' metadata (pure data, no tfjs): ids, labels, architectures, the one
 * hyperparameter a user may edit, and the meta-training recipe schema. Read by the spec
 * schema, the UI and the CLI; the implementations live beside this file (registry.ts).
 *
 *   dmoptimizer  Andrychowicz et al. 2016 (docs/algorithms.md §2): LogAndSign(p) → LSTM(20) ×2 →
 *                linear 20→1, step Δ = scale·out, θ ← θ + Δ. 5141 meta-parameters.
 *   rnnprop      Lv, Jiang, Li 2017 (§3): relative gradients (g/√v̂, m̂/√v̂), β1 = β2 = 0.95 →
 *                FC 2→20 + ELU → LSTM(20) ×2 → FC 20→1 → tanh, θ ← θ − α·y. 6641 meta-parameters.
 *   hyperadam    HyperAdam (§4.1), 5380 meta-parameters; vhadam: Variational HyperAdam (§4.2),
 *                5421 — both described in hyperAdamCatalog.ts.
 *
 * Hyperparameter: `lr` is the output scale (DM's ×0.1, RNNprop's α = 0.1); the weights were
 * meta-trained with the default, so changing it extrapolates.
 */
import { z } from 'zod';
import { describeIssues, type Parsed } from '../experiment/errors';
import { HYPER_SPECS } from '../optim/catalog';
import {
  HYPER_LEARNED_INFO,
  HYPERADAM_DEFAULT,
  type HyperAdamArchitecture,
  hyperAdamParamCount,
  VHADAM_DEFAULT,
  type VhAdamArchitecture,
} from './hyperAdamCatalog';

export const LEARNED_KINDS = ['dmoptimizer', 'rnnprop', 'hyperadam', 'vhadam'] as const;
export type LearnedId = (typeof LEARNED_KINDS)[number];
/** The learned optimizer ids (typed as plain strings for the spec schema's lookups). */
export const LEARNED_IDS: readonly string[] = LEARNED_KINDS;

export function isLearnedKind(id: string): id is LearnedId {
  return LEARNED_IDS.includes(id);
}

export interface DmArchitecture {
  kind: 'dmoptimizer';
  /** LogAndSign parameter p (0 ⇒ no preprocessing: the raw gradient is the 1-D input). */
  preprocessP: number;
  hidden: number;
  layers: number;
  /** Output scale (the step is scale·linear(h)). */
  outputScale: number;
}

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

export type Architecture = DmArchitecture | RnnpropArchitecture | HyperAdamArchitecture | VhAdamArchitecture;

export const DEFAULT_ARCHITECTURES: {
  dmoptimizer: DmArchitecture;
  rnnprop: RnnpropArchitecture;
  hyperadam: HyperAdamArchitecture;
  vhadam: VhAdamArchitecture;
} = {
  dmoptimizer: { kind: 'dmoptimizer', preprocessP: 10, hidden: 20, layers: 2, outputScale: 0.1 },
  rnnprop: { kind: 'rnnprop', hidden: 20, layers: 2, beta1: 0.95, beta2: 0.95, eps: 1e-8, outputScale: 0.1 },
  hyperadam: HYPERADAM_DEFAULT,
  vhadam: VHADAM_DEFAULT,
};

/** Number of meta-parameters of an architecture (must match the built network). */
export function paramCountOf(a: Architecture): number {
  if (a.kind === 'hyperadam' || a.kind === 'vhadam') return hyperAdamParamCount(a);
  const lstm = (inp: number, h: number) => (inp + h) * 4 * h + 4 * h;
  const layersCount = (first: number) => {
    let n = 0;
    for (let l = 0; l < a.layers; l++) n += lstm(l === 0 ? first : a.hidden, a.hidden);
    return n;
  };
  if (a.kind === 'dmoptimizer') {
    const inp = a.preprocessP > 0 ? 2 : 1;
    return layersCount(inp) + a.hidden + 1;
  }
  return 2 * a.hidden + a.hidden + layersCount(a.hidden) + a.hidden + 1;
}

export interface LearnedInfo {
  id: LearnedId;
  label: string;
  description: string;
  math: string;
  paramCount: number;
  /** The pretrained weights shipped in public/pretrained/ (used when an entry names none). */
  pretrained: string;
  /** `sample` (vhadam only): 1 = sampled updates, 0 = the mean μ. */
  defaults: { lr: number; sample?: number };
}

export const LEARNED: Record<LearnedId, LearnedInfo> = {
  dmoptimizer: {
    id: 'dmoptimizer',
    label: 'DMOptimizer (L2L)',
    description: 'Coordinatewise 2-layer LSTM on LogAndSign gradients (Andrychowicz et al. 2016).',
    math: 'x = LogAndSign₁₀(g);  (o, h) = LSTM²(x, h);  θ ← θ + 0.1·(w·o + b)',
    paramCount: paramCountOf(DEFAULT_ARCHITECTURES.dmoptimizer),
    pretrained: 'dmoptimizer-mnist',
    defaults: { lr: DEFAULT_ARCHITECTURES.dmoptimizer.outputScale },
  },
  rnnprop: {
    id: 'rnnprop',
    label: 'RNNprop',
    description: 'Coordinatewise LSTM on Adam-like relative gradients, bounded steps (Lv et al. 2017).',
    math: 'x = (g, m̂)/(√v̂+ε);  a = ELU(Wx+b);  (o, h) = LSTM²(a, h);  θ ← θ − 0.1·tanh(w·o + b)',
    paramCount: paramCountOf(DEFAULT_ARCHITECTURES.rnnprop),
    pretrained: 'rnnprop-mnist',
    defaults: { lr: DEFAULT_ARCHITECTURES.rnnprop.outputScale },
  },
  ...HYPER_LEARNED_INFO,
};

const lrSpec = HYPER_SPECS.lr;
const learnedHyperSchema = z.strictObject({
  lr: z
    .number({ error: `must be a number; allowed range is [${lrSpec.min}, ${lrSpec.max}]` })
    .refine(Number.isFinite, { message: `must be finite; allowed range is [${lrSpec.min}, ${lrSpec.max}]` })
    .refine((x) => x >= lrSpec.min && x <= lrSpec.max, {
      message: `out of range; allowed range is [${lrSpec.min}, ${lrSpec.max}]`,
    })
    .optional(),
  sample: z
    .union([z.literal(0), z.literal(1)], { error: 'must be 1 (sample d = μ + σξ) or 0 (use the mean μ)' })
    .optional(),
});

/** Validate a learned optimizer's hyperparameters (only `lr`, the output scale) and fill defaults. */
export function parseLearnedHyper(id: string, raw: unknown): Parsed<Record<string, number>> {
  if (!isLearnedKind(id)) {
    return { ok: false, errors: [`unknown optimizer '${id}'; valid learned: ${LEARNED_IDS.join(', ')}`] };
  }
  const res = learnedHyperSchema.safeParse(raw ?? {});
  if (!res.success) {
    return {
      ok: false,
      errors: describeIssues(res.error, id).map((m) =>
        m.includes('Unrecognized key') ? `${m}; valid for ${id}: lr (output scale)` : m,
      ),
    };
  }
  if (res.data.sample !== undefined && id !== 'vhadam') {
    return { ok: false, errors: [`${id}.sample: only vhadam (Variational HyperAdam) has the sample switch`] };
  }
  return { ok: true, value: { ...LEARNED[id].defaults, ...res.data } as Record<string, number> };
}

// ---------------------------------------------------------------------------------------------
// Meta-training recipe (data, saved with the weights).

export const META_OBJECTIVES = ['mean-unroll', 'last-step', 'variational'] as const;
export type MetaObjectiveId = (typeof META_OBJECTIVES)[number];
export const META_TASKS = ['mnist-mlp', 'dm-quadratic'] as const;

const int = (min: number, max: number) =>
  z
    .number({ error: `must be an integer in [${min}, ${max}]` })
    .int({ error: `must be an integer in [${min}, ${max}]` })
    .min(min, { error: `must be ≥ ${min} (allowed [${min}, ${max}])` })
    .max(max, { error: `must be ≤ ${max} (allowed [${min}, ${max}])` });
const num = (min: number, max: number) =>
  z
    .number({ error: `must be a number in [${min}, ${max}]` })
    .refine((x) => Number.isFinite(x) && x >= min && x <= max, {
      message: `out of range; allowed [${min}, ${max}]`,
    });

export const recipeSchema = z.strictObject({
  kind: z.enum(LEARNED_KINDS, { error: `must be one of ${LEARNED_IDS.join(', ')}` }),
  task: z.strictObject({
    id: z.enum(META_TASKS, { error: `must be one of ${META_TASKS.join(', ')}` }),
    options: z.record(z.string(), z.unknown()),
  }),
  /** Optimizee steps per run (the horizon). */
  steps: int(1, 10_000),
  /** Steps per truncated unroll (one meta-update each). */
  unroll: int(1, 200),
  /** Meta-iterations = meta-updates (unrolls) in total. */
  iterations: int(1, 1_000_000),
  metaLr: num(1e-7, 1),
  objective: z.enum(META_OBJECTIVES, { error: `must be one of ${META_OBJECTIVES.join(', ')}` }),
  tricks: z.strictObject({
    /** RNNprop §3.2: train on f(c⊙θ), c_i = exp(U[−r, r]) per run (0 ⇒ off). */
    randomScaling: num(0, 10),
    /** RNNprop §3.2: add a 20-dim clipped convex term (with its own scaling, r = 1). */
    convexCombination: z.boolean({ error: 'must be true or false' }),
  }),
  seed: int(0, 4294967295),
  /** Unroll implementation (src/core/meta/lean/): today's autodiff ops or the lean nodes. */
  path: z.enum(['autodiff', 'lean'], { error: 'must be autodiff or lean' }),
});
export type Recipe = z.output<typeof recipeSchema>;

/** Browser-scale defaults (docs/algorithms.md §8.5) per learned optimizer, on the MNIST MLP. */
export function defaultRecipe(kind: LearnedId): Recipe {
  if (kind === 'hyperadam' || kind === 'vhadam') {
    // §4.1/§4.2 recipe at browser scale (§8.5): CC + RS, Adam lr 1e-4; VHAdam's variational loss.
    return {
      kind,
      task: { id: 'mnist-mlp', options: { activation: 'sigmoid', width: 20, batchSize: 128, initStd: 0.1 } },
      steps: 100,
      // VHAdam: 10, not the paper's 20: its 20-step tape of the MNIST MLP (15 930 coordinates ×
      // 122 state floats) overflows the wasm backend's memory.
      unroll: kind === 'vhadam' ? 10 : 20,
      iterations: 200,
      metaLr: 1e-4,
      objective: kind === 'vhadam' ? 'variational' : 'mean-unroll',
      tricks: { randomScaling: 3, convexCombination: true },
      seed: 1,
      path: 'autodiff',
    };
  }
  const rnn = kind === 'rnnprop';
  return {
    kind,
    task: { id: 'mnist-mlp', options: { activation: 'sigmoid', width: 20, batchSize: 128, initStd: 0.1 } },
    steps: 100,
    unroll: 20,
    iterations: 200,
    metaLr: rnn ? 1e-4 : 1e-3,
    objective: rnn ? 'last-step' : 'mean-unroll',
    tricks: { randomScaling: rnn ? 3 : 0, convexCombination: rnn },
    seed: 1,
    path: 'autodiff',
  };
}

/** Validate a (possibly partial) recipe over the kind's defaults; errors name `recipe.<field>`. */
export function parseRecipe(raw: unknown): Parsed<Recipe> {
  const obj = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const kind = typeof obj.kind === 'string' && isLearnedKind(obj.kind) ? obj.kind : 'dmoptimizer';
  const base = defaultRecipe(kind);
  const merged = {
    ...base,
    ...obj,
    task: { ...base.task, ...((obj.task as object) ?? {}) },
    tricks: { ...base.tricks, ...((obj.tricks as object) ?? {}) },
  };
  const res = recipeSchema.safeParse(merged);
  if (!res.success) return { ok: false, errors: describeIssues(res.error, 'recipe') };
  if (res.data.steps % res.data.unroll !== 0) {
    return {
      ok: false,
      errors: [`recipe.unroll: must divide recipe.steps (${res.data.steps}); got ${res.data.unroll}`],
    };
  }
  return { ok: true, value: res.data };
}
