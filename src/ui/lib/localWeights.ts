/**
 * Learned-optimizer weights saved in this browser, read straight from IndexedDB without tfjs
 * and without starting a worker. tf.io keeps them in database 'tensorflowjs': store
 * 'model_info_store' holds { modelPath, modelArtifactsInfo } and 'models_store'
 * { modelPath, modelArtifacts } whose modelTopology is our header (kind, metaIterations,
 * finalMetaLoss, …; core/learned/artifacts.ts). Our keys are 'learned-<name>'
 * (core/learned/registry.ts LOCAL_PREFIX). Reading never creates the database: if it does
 * not exist the upgrade is aborted, so tf.io can create it properly later.
 */
import type { SavedInfo } from '../../core/meta/protocol';

const DB = 'tensorflowjs';
const INFO_STORE = 'model_info_store';
const MODEL_STORE = 'models_store';
const KEY_PREFIX = 'learned-';

/** Open tf.io's database if it exists; null when it does not or cannot be read. */
async function openTfjsDb(): Promise<IDBDatabase | null> {
  if (typeof indexedDB === 'undefined') return null;
  try {
    const dbs = await indexedDB.databases?.();
    if (dbs && !dbs.some((d) => d.name === DB)) return null;
  } catch {
    // databases() is optional; fall through to open().
  }
  return new Promise<IDBDatabase | null>((resolve) => {
    const req = indexedDB.open(DB);
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(null);
    req.onblocked = () => resolve(null);
  });
}

function getAll<T>(db: IDBDatabase, store: string, keysOnly: boolean): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const os = db.transaction(store, 'readonly').objectStore(store);
    const req = keysOnly ? os.getAllKeys() : os.getAll();
    req.onsuccess = () => resolve(req.result as T[]);
    req.onerror = () => reject(req.error);
  });
}

/** Names saved locally, or null when IndexedDB cannot be read. */
export async function localWeightNames(): Promise<Set<string> | null> {
  if (typeof indexedDB === 'undefined') return null;
  const db = await openTfjsDb();
  if (!db) return new Set();
  try {
    if (!db.objectStoreNames.contains(INFO_STORE)) return new Set();
    const keys = await getAll<IDBValidKey>(db, INFO_STORE, true);
    const names = new Set<string>();
    for (const k of keys)
      if (typeof k === 'string' && k.startsWith(KEY_PREFIX)) names.add(k.slice(KEY_PREFIX.length));
    return names;
  } catch {
    return null;
  } finally {
    db.close();
  }
}

interface StoredModel {
  modelPath?: unknown;
  modelArtifacts?: { modelTopology?: unknown };
}

/** A saved entry, with the task it was meta-trained on (from the header's recipe) when known. */
export interface LocalWeights extends SavedInfo {
  task?: { id: string; options: Record<string, unknown> };
  steps?: number;
}

/** One saved entry's info from its stored header; unreadable headers show kind '?'. */
export function savedInfoOf(record: StoredModel): LocalWeights | null {
  const path = record.modelPath;
  if (typeof path !== 'string' || !path.startsWith(KEY_PREFIX)) return null;
  const name = path.slice(KEY_PREFIX.length);
  const h = record.modelArtifacts?.modelTopology as Record<string, unknown> | undefined;
  if (!h || typeof h !== 'object' || typeof h.kind !== 'string') {
    return { name, kind: '?', metaIterations: 0, finalMetaLoss: null };
  }
  const info: LocalWeights = {
    name,
    kind: h.kind,
    metaIterations: typeof h.metaIterations === 'number' ? h.metaIterations : 0,
    finalMetaLoss: typeof h.finalMetaLoss === 'number' ? h.finalMetaLoss : null,
  };
  const recipe = h.recipe as { task?: { id?: unknown; options?: unknown }; steps?: unknown } | undefined;
  if (recipe && typeof recipe.task?.id === 'string') {
    const options = recipe.task.options;
    info.task = { id: recipe.task.id, options: options && typeof options === 'object' ? { ...options } : {} };
  }
  if (recipe && typeof recipe.steps === 'number') info.steps = recipe.steps;
  return info;
}

/** Every learned optimizer saved locally, sorted by name; [] when none or unreadable. */
export async function listLocalWeights(): Promise<LocalWeights[]> {
  const db = await openTfjsDb();
  if (!db) return [];
  try {
    if (!db.objectStoreNames.contains(MODEL_STORE)) return [];
    const records = await getAll<StoredModel>(db, MODEL_STORE, false);
    return records
      .map(savedInfoOf)
      .filter((s): s is LocalWeights => s !== null)
      .sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return [];
  } finally {
    db.close();
  }
}
