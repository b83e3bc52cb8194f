/**
 * Which learned-optimizer weights named by the spec this browser lacks. 'local:<name>' lives
 * in IndexedDB where tf.io saves it (database 'tensorflowjs', store 'model_info_store', key
 * 'learned-<name>'; see core/learned/registry.ts); read here without tfjs and without ever
 * creating the database. 'pretrained:<name>' is public/pretrained/<name>.json on this server.
 */
import type { ExperimentSpec } from '../../core/experiment/schema';

const DB = 'tensorflowjs';
const INFO_STORE = 'model_info_store';
const LOCAL_KEY = 'learned-';

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

/** Names saved locally, or null when IndexedDB cannot be read. Never creates the database. */
export async function localWeightNames(): Promise<Set<string> | null> {
  if (typeof indexedDB === 'undefined') return null;
  try {
    const dbs = await indexedDB.databases?.();
    if (dbs && !dbs.some((d) => d.name === DB)) return new Set();
  } catch {
    // databases() is optional; fall through to open().
  }
  const db = await new Promise<IDBDatabase | null>((resolve) => {
    const req = indexedDB.open(DB);
    req.onupgradeneeded = () => {
      // The database did not exist: abort so that tf.io can create it properly later.
      req.transaction?.abort();
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(null);
    req.onblocked = () => resolve(null);
  });
  if (!db) return new Set();
  try {
    if (!db.objectStoreNames.contains(INFO_STORE)) return new Set();
    const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const req = db.transaction(INFO_STORE, 'readonly').objectStore(INFO_STORE).getAllKeys();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const names = new Set<string>();
    for (const k of keys)
      if (typeof k === 'string' && k.startsWith(LOCAL_KEY)) names.add(k.slice(LOCAL_KEY.length));
    return names;
  } catch {
    return null;
  } finally {
    db.close();
  }
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
