/**
 * Truncated BPTT (docs/algorithms.md §2.3, §3.3, §8), recipe half (pure data): runs of
 * `steps` optimizee steps in unrolls of `unroll` steps, one meta-update (Adam on φ, lr
 * `metaLr`) per unroll, each paper's meta-objective, RNNprop's training tricks (§3.2).
 * The registry entry: bptt.ts; the implementation: meta/trainer.ts (BpttTrainer).
 */
import { z } from 'zod';
import { ACTIVATIONS, type Activation } from '../../tasks/catalog';
import { int, num, recipeBaseShape } from '../recipeBase';
import { UNROLL_PATHS } from '../unrollPath';

/** recipe.init values (learned/factory.ts LearnedStart). */
export const LEARNED_STARTS = ['paper', 'adam', 'adam-spread', 'adam-clock'] as const;

export const META_OBJECTIVES = ['mean-unroll', 'last-step', 'variational', 'variational-mean'] as const;
export type MetaObjectiveId = (typeof META_OBJECTIVES)[number];

/** The BPTT recipe schema (built when called: it lists the kinds registered by then). */
export const bpttSchema = () =>
  z.strictObject({
    ...recipeBaseShape('bptt'),
    /** Steps per truncated unroll (one meta-update each); divides `steps`. */
    unroll: int(1, 200),
    metaLr: num(1e-7, 1),
    objective: z.enum(META_OBJECTIVES, { error: `must be one of ${META_OBJECTIVES.join(', ')}` }),
    tricks: z.strictObject({
      /** RNNprop §3.2: train on f(c⊙θ), c_i = exp(U[−r, r]) per run (0 ⇒ off). */
      randomScaling: num(0, 10),
      /** RNNprop §3.2: add a 20-dim clipped convex term (with its own scaling, r = 1). */
      convexCombination: z.boolean({ error: 'must be true or false' }),
    }),
    /**
     * Unroll implementation: today's autodiff ops, the lean nodes (src/core/meta/lean/) or the
     * fused WGSL nodes (src/core/meta/fused/; webgpu only, lean elsewhere).
     */
    path: z.enum(UNROLL_PATHS, { error: 'must be autodiff, lean or fused' }),
    /**
     * Where a fresh φ₀ starts: the papers' initialisers (absent = 'paper'), or 'adam', the
     * kind's Adam start (HyperAdam: its first steps are Adam's; docs/algorithms.md §4.1).
     */
    init: z.enum(LEARNED_STARTS, { error: `must be one of ${LEARNED_STARTS.join(', ')}` }).optional(),
    /**
     * Per-tensor multipliers of metaLr, by meta-parameter name (absent = 1). Adam's step does
     * not depend on the gradient's scale, so a multiplier s is the reparameterisation φ = s·ψ:
     * for weights that read inputs of size ~1/√p (HyperAdam's column norms), s ≈ √p lets
     * them reach O(1) effects in as many iterations as the rest (docs/algorithms.md §4.1).
     */
    lrScale: z.record(z.string(), num(1e-3, 1e4)).optional(),
    /**
     * Clip the meta-gradient (the workers' mean) to this global L2 norm before meta-Adam
     * (meta/clipNorm.ts; absent = no clipping): rare huge meta-gradients otherwise inflate
     * Adam's second moment and stall training for ~1000 updates (docs/algorithms.md §8).
     */
    clipNorm: num(1e-6, 1e6).optional(),
    /**
     * Run each unroll's backward pass in this many segments, recomputing each segment's forward
     * pass from its saved start (meta/unrollSegments.ts; absent = 1): the same meta-gradient
     * with ~1/segments of the tape's memory, for ~(2 − 1/segments)× the forward's compute. Lets
     * an unroll longer than the wasm heap holds run (docs/algorithms.md §8.3). Not VHAdam.
     */
    segments: int(1, 16).optional(),
    /**
     * Train on a mix of activations: each run's task takes one of these in place of
     * task.options.activation, drawn uniformly from the run's own seed (repeats weight the draw).
     * Absent: every run uses the task's. Only for tasks with an activation option.
     */
    activations: z
      .array(z.enum(ACTIVATIONS, { error: `must be one of ${ACTIVATIONS.join(', ')}` }))
      .min(1, { error: 'must list 1–8 activations' })
      .max(8, { error: 'must list 1–8 activations' })
      .optional(),
  });

export type BpttRecipe = z.output<ReturnType<typeof bpttSchema>>;

/** metaLr per tensor (names in φ's order): metaLr × recipe.lrScale[name] (absent = 1). */
export function metaLrs(r: Pick<BpttRecipe, 'metaLr' | 'lrScale'>, names: readonly string[]): number[] {
  return names.map((n) => r.metaLr * (r.lrScale?.[n] ?? 1));
}

/**
 * The activation run k's task uses: one of recipe.activations drawn with `pick` (a uniform
 * integer below its argument, from the run's own rng), or null (the task's own option).
 */
export function runActivation(
  r: Pick<BpttRecipe, 'activations'>,
  pick: (n: number) => number,
): Activation | null {
  const a = r.activations;
  return a && a.length > 0 ? a[pick(a.length)] : null;
}
