/**
 * The registry of learned-optimizer kinds, pure-data half (descriptor.ts LearnedMeta; no
 * tfjs). One line per kind below; its tfjs half is registered in kindRegistry.ts. Tests and
 * extensions add kinds at run time with registerLearnedKind (kindRegistry.ts), which calls
 * registerLearnedMeta. Everything that lists learned optimizers (catalog.ts, the spec schema
 * and URL codec, the CLI, the UI) reads this registry.
 */
import type { ArchitectureBase, LearnedMeta } from './descriptor';
import { dmoptimizerMeta } from './dmoptimizer/meta';
import { hyperadamMeta } from './hyperadam/meta';
import { lhoptMeta } from './lhopt/meta';
import { rnnpropMeta } from './rnnprop/meta';
import { vhadamMeta } from './vhadam/meta';

const metas = new Map<string, LearnedMeta>();
/** Ids in registration order (a live array: registering a kind appends to it). */
export const LEARNED_KIND_IDS: string[] = [];

/** Listeners told when a kind is added (catalog.ts keeps its derived tables in sync). */
const listeners: ((m: LearnedMeta) => void)[] = [];

export function onLearnedMeta(f: (m: LearnedMeta) => void): void {
  listeners.push(f);
  for (const m of metas.values()) f(m);
}

/** Add a kind's descriptor; re-registering an id replaces it (tests). */
export function registerLearnedMeta<A extends ArchitectureBase>(meta: LearnedMeta<A>): void {
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(meta.id))
    throw new Error(`learned kind id '${meta.id}': use [a-z][a-z0-9-]*`);
  if (meta.defaultArchitecture.kind !== meta.id) {
    throw new Error(
      `learned kind '${meta.id}': defaultArchitecture.kind is '${meta.defaultArchitecture.kind}'`,
    );
  }
  if (!metas.has(meta.id)) LEARNED_KIND_IDS.push(meta.id);
  metas.set(meta.id, meta as unknown as LearnedMeta);
  for (const f of listeners) f(meta as unknown as LearnedMeta);
}

export function learnedMetaOf(id: string): LearnedMeta | undefined {
  return metas.get(id);
}

export function learnedMetas(): LearnedMeta[] {
  return [...metas.values()];
}

registerLearnedMeta(dmoptimizerMeta);
registerLearnedMeta(rnnpropMeta);
registerLearnedMeta(hyperadamMeta);
registerLearnedMeta(vhadamMeta);
registerLearnedMeta(lhoptMeta);
