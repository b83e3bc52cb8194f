/**
 * The registry of learned-optimizer kinds, tfjs half (kind.ts LearnedKind: descriptor +
 * build). One line per built-in kind below (its pure descriptor is registered in kinds.ts).
 * registerLearnedKind adds a kind at run time (tests, extensions): both halves at once, so
 * it appears in the catalog, the spec schema and URL codec, the CLI, artifacts and the runner.
 */
import type { ArchitectureBase } from './descriptor';
import { dmoptimizer } from './dmoptimizer';
import { hyperadam } from './hyperadam';
import type { LearnedKind } from './kind';
import { LEARNED_KIND_IDS, registerLearnedMeta } from './kinds';
import { lhopt } from './lhopt';
import { rnnprop } from './rnnprop';
import { vhadam } from './vhadam';

const kinds = new Map<string, LearnedKind>();

export function registerLearnedKind<A extends ArchitectureBase>(kind: LearnedKind<A>): void {
  const { build: _b, fused: _f, ...meta } = kind;
  registerLearnedMeta(meta);
  kinds.set(kind.id, kind as unknown as LearnedKind);
}

/** The kind `id` (throws naming the registered ones). */
export function learnedKindOf(id: string): LearnedKind {
  const k = kinds.get(id);
  if (!k) throw new Error(`unknown learned kind '${id}'; valid: ${LEARNED_KIND_IDS.join(', ')}`);
  return k;
}

registerLearnedKind(dmoptimizer);
registerLearnedKind(rnnprop);
registerLearnedKind(hyperadam);
registerLearnedKind(vhadam);
registerLearnedKind(lhopt);
