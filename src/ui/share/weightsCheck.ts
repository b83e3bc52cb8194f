/**
 * Which learned-optimizer weights named by the spec this browser lacks. 'local:<name>' lives
 * in IndexedDB where tf.io saves it, read without tfjs and without ever creating the database
 * (lib/localWeights.ts). 'pretrained:<name>' is public/pretrained/<name>.json on this server.
 */
import type { ExperimentSpec } from '../../core/experiment/schema';
import { localWeightNames } from '../lib/localWeights';

export interface WeightsRef {
  /** Index in spec.optimizers. */
  index: number;
  id: string;
  weights: string;
  source: 'local' | 'pretrained';
  name: string;
}

/** The entries of a spec that name their weights explicitly. */
export function weightsRefs(spec: ExperimentSpec): WeightsRef[] {
  const out: WeightsRef[] = [];
  spec.optimizers.forEach((o, index) => {
    const m = o.weights ? /^(local|pretrained):(.+)$/.exec(o.weights) : null;
    if (m && o.weights) {
      out.push({ index, id: o.id, weights: o.weights, source: m[1] as 'local' | 'pretrained', name: m[2] });
    }
  });
  return out;
}

/** Whether this server ships pretrained weights `<name>` (a JSON file under pretrained/). */
async function hasPretrained(name: string): Promise<boolean> {
  try {
    const res = await fetch(new URL(`pretrained/${encodeURIComponent(name)}.json`, document.baseURI));
    if (!res.ok) return false;
    JSON.parse(await res.text());
    return true;
  } catch {
    return false;
  }
}

/** The refs whose weights are missing here (local ones unknown when IndexedDB is unreadable). */
export async function missingWeights(refs: readonly WeightsRef[]): Promise<WeightsRef[]> {
  if (refs.length === 0) return [];
  const local = refs.some((r) => r.source === 'local') ? await localWeightNames() : new Set<string>();
  const out: WeightsRef[] = [];
  for (const r of refs) {
    const present = r.source === 'local' ? (local?.has(r.name) ?? false) : await hasPretrained(r.name);
    if (!present) out.push(r);
  }
  return out;
}
