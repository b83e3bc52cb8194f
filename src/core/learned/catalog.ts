/**
 * Learned optimizers' catalog (pure data, no tfjs), derived from the kind registry
 * (kinds.ts; each kind's descriptor is <kind>/meta.ts): ids, labels, default architectures,
 * meta-parameter counts (from the weight definitions), hyperparameter validation. Read by the
 * spec schema, the URL codec, the UI and the CLI. The tables are live: a kind registered later
 * (registerLearnedKind) appears in them.
 *
 * Hyperparameters: `lr` is the output scale (DM's ×0.1, RNNprop's α); the weights were
 * meta-trained with the default, so changing it extrapolates. A kind may add its own
 * (VHAdam's `sample`).
 */
import { describeIssues, type Parsed } from '../experiment/errors';
import { bpttSchema } from '../meta/trainers/bpttRecipe';
import type { Architecture } from './descriptor';
import type { DmArchitecture } from './dmoptimizer/meta';
import type { HyperAdamArchitecture } from './hyperadam/meta';
import { LEARNED_KIND_IDS, learnedMetaOf, onLearnedMeta } from './kinds';
import type { RnnpropArchitecture } from './rnnprop/meta';
import type { VhAdamArchitecture } from './vhadam/meta';

export { defaultRecipe, parseRecipe } from '../meta/recipe';

export { META_TASKS } from '../meta/recipeBase';
export { META_OBJECTIVES, type MetaObjectiveId } from '../meta/trainers/bpttRecipe';
export type { Recipe } from '../meta/trainers/catalog';
export type { Architecture } from './descriptor';
export type { DmArchitecture } from './dmoptimizer/meta';
export type { HyperAdamArchitecture } from './hyperadam/meta';
export type { RnnpropArchitecture } from './rnnprop/meta';
export type { VhAdamArchitecture } from './vhadam/meta';

/** The BPTT recipe's schema (the Meta-train form's fields; other trainers: meta/recipe.ts recipeSchemaOf). */
export const recipeSchema = bpttSchema();

/** A learned optimizer id (any registered kind). */
export type LearnedId = string;

/** The learned optimizer ids (live: registration order). */
export const LEARNED_KINDS: readonly string[] = LEARNED_KIND_IDS;
export const LEARNED_IDS: readonly string[] = LEARNED_KIND_IDS;

export function isLearnedKind(id: string): id is LearnedId {
  return learnedMetaOf(id) !== undefined;
}

export interface LearnedInfo {
  id: LearnedId;
  label: string;
  description: string;
  math: string;
  paramCount: number;
  /** The pretrained weights shipped in public/pretrained/ (used when an entry names none). */
  pretrained?: string;
  /** Whether a recipe may start it from Adam (recipe.init = 'adam'; descriptor.ts adamStart). */
  adamStart: boolean;
  /** Complete default hyperparameters (`lr`, and the kind's own, e.g. vhadam's `sample`). */
  defaults: { lr: number } & Record<string, number>;
}

/** Default architecture per kind (typed for the built-in kinds). */
export const DEFAULT_ARCHITECTURES = {} as {
  dmoptimizer: DmArchitecture;
  rnnprop: RnnpropArchitecture;
  hyperadam: HyperAdamArchitecture;
  vhadam: VhAdamArchitecture;
} & Record<string, Architecture>;

/** Catalog entry per kind. */
export const LEARNED: Record<LearnedId, LearnedInfo> = {};

onLearnedMeta((m) => {
  (DEFAULT_ARCHITECTURES as Record<string, Architecture>)[m.id] = m.defaultArchitecture;
  LEARNED[m.id] = {
    id: m.id,
    label: m.label,
    description: m.description,
    math: m.math,
    paramCount: m.paramCount,
    adamStart: m.adamStart !== undefined,
    ...(m.pretrained ? { pretrained: m.pretrained } : {}),
    defaults: { lr: m.defaultArchitecture.outputScale, ...m.hyperDefaults },
  };
});

/** Number of meta-parameters of an architecture (computed from its weight definitions). */
export function paramCountOf(a: Architecture): number {
  const m = learnedMetaOf(a.kind);
  if (!m) throw new Error(`unknown learned kind '${a.kind}'`);
  return m.weightDefs(a).reduce((n, d) => n + d.shape.reduce((x, y) => x * y, 1), 0);
}

/** Validate a learned optimizer's hyperparameters and fill defaults. */
export function parseLearnedHyper(id: string, raw: unknown): Parsed<Record<string, number>> {
  const m = learnedMetaOf(id);
  if (!m) {
    return {
      ok: false,
      errors: [`unknown optimizer '${id}'; valid learned: ${LEARNED_KIND_IDS.join(', ')}`],
    };
  }
  const res = m.hyperSchema.safeParse(raw ?? {});
  if (!res.success) {
    const errors: string[] = [];
    for (const issue of res.error.issues) {
      // A key of another kind (e.g. vhadam's `sample` on rnnprop): say which kinds have it.
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const owners = keys.length === 1 ? ownersOf(keys[0]) : [];
      if (owners.length > 0) {
        const who = owners.map((o) => `${o} (${learnedMetaOf(o)!.label})`).join(', ');
        errors.push(`${id}.${keys[0]}: only ${who} has this hyperparameter`);
      }
    }
    if (errors.length > 0) return { ok: false, errors };
    return {
      ok: false,
      errors: describeIssues(res.error, id).map((msg) =>
        msg.includes('Unrecognized key') ? `${msg}; valid for ${id}: ${m.hyperHelp}` : msg,
      ),
    };
  }
  return { ok: true, value: { ...LEARNED[id].defaults, ...res.data } as Record<string, number> };
}

function ownersOf(key: string): string[] {
  return LEARNED_KIND_IDS.filter((k) => key !== 'lr' && key in (learnedMetaOf(k)?.hyperDefaults ?? {}));
}
