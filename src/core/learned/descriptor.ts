/**
 * The learned-optimizer kind descriptor, pure-data half (no tfjs: the UI, the spec schema and
 * the URL codec read it). Each kind lives in its own folder src/core/learned/<kind>/:
 *   meta.ts   this descriptor (defineLearnedMeta): id, label, description, math, typed
 *             hyperparameter schema + defaults, architecture schema + defaults, weight
 *             definitions (the meta-parameter count is computed from their shapes), default
 *             recipe per supported outer trainer, probes emitted, chart panels that show them
 *   index.ts  the tfjs half (kind.ts LearnedKind): meta + build(architecture, weights)
 * and is registered with one line in kinds.ts (meta) and kindRegistry.ts (the kind).
 * See docs/architecture.md ("Adding a learned optimizer").
 */
import type { z } from 'zod';
import type { Rng } from '../experiment/rng';

/** One named meta-parameter tensor: its shape and seeded initial values. */
export interface WeightDef {
  name: string;
  shape: number[];
  /** Seeded initial values (length = product of shape). */
  init(rng: Rng): Float32Array;
}

export const sizeOf = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** Number of meta-parameters of a list of weight definitions. */
export const countOf = (defs: WeightDef[]): number => defs.reduce((n, d) => n + sizeOf(d.shape), 0);

/** What every architecture has: its kind and the output scale (the `lr` hyperparameter's default). */
export interface ArchitectureBase {
  kind: string;
  outputScale: number;
}

/** An architecture of any registered kind (each kind narrows it to its own interface). */
export type Architecture = ArchitectureBase;

/** Hyperparameters a user may edit (validated by `hyperSchema`, completed from `hyperDefaults`). */
export type LearnedHyper = Record<string, number>;

/**
 * Values that replace some seeded initial tensors: the new values, or an edit of the drawn ones
 * (every tensor is drawn first either way, so the others do not depend on what is replaced).
 */
export type InitOverrides = Record<string, Float32Array | ((drawn: Float32Array) => Float32Array)>;

/** The Adam starts a kind may offer (recipe.init other than 'paper'). */
export type AdamStartVariant = 'adam' | 'adam-spread' | 'adam-clock';

export interface LearnedMeta<A extends ArchitectureBase = Architecture> {
  id: string;
  label: string;
  /** One line for the optimizer picker. */
  description: string;
  /** The step in one line (shown beside the picker). */
  math: string;
  /** Shipped weights public/pretrained/<pretrained>.json (used when an entry names none). */
  pretrained?: string;
  /** zod strict object of optional fields; `hyperDefaults` completes it. */
  hyperSchema: z.ZodType<Partial<LearnedHyper>>;
  hyperDefaults: LearnedHyper;
  /** How the editable hyperparameters are listed in messages, e.g. 'lr (output scale)'. */
  hyperHelp: string;
  /** Validates a saved architecture (artifacts.ts); `kind` is a literal of `id`. */
  architectureSchema: z.ZodType<A>;
  defaultArchitecture: A;
  /** The meta-parameters of an architecture, in saved order. */
  weightDefs(a: A): WeightDef[];
  /** Meta-parameters of the default architecture (computed from weightDefs). */
  paramCount: number;
  /** Recipe fields per supported outer trainer id, over that trainer's defaults. */
  defaultRecipes: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Probe names its step emits (besides updateNorm, which every rule emits). */
  probes: readonly string[];
  /** Chart panel ids (ui/charts/ProbeCharts.tsx) that show those probes. */
  panels: readonly string[];
  /**
   * Optional Adam start (recipe.init = 'adam', 'adam-spread' or 'adam-clock'): the values that
   * replace (or edit) some of the seeded φ₀ so the kind's first steps are Adam's
   * (docs/algorithms.md §4.1, "Adam start"); 'adam-spread': the other candidates get other decay
   * rates (and weight 0); 'adam-clock': a few recurrent units count time.
   */
  adamStart?(a: A, variant: AdamStartVariant): InitOverrides;
}

/** Fill in the derived fields (paramCount) of a kind's descriptor. */
export function defineLearnedMeta<A extends ArchitectureBase>(
  m: Omit<LearnedMeta<A>, 'paramCount'>,
): LearnedMeta<A> {
  return { ...m, paramCount: countOf(m.weightDefs(m.defaultArchitecture)) };
}
