/**
 * Where meta-training checkpoints live (issue 16): IndexedDB in the browser (database
 * 'meta-train-checkpoints'), memory in tests. Atomic: a checkpoint is written as a new
 * record in one transaction, and only after that transaction committed does a second one
 * switch the 'current' pointer to it (and delete the record it replaces). A failed write —
 * a quota error, a put that throws — leaves the pointer on the previous complete record and
 * rejects with the browser's message, which the session reports to the user. No tfjs here:
 * the UI reads the offer ("resume from iteration k") straight from IndexedDB.
 */
import type { ExactTrainerState } from './exactState';
import type { MetaEval, MetaStartOptions } from './protocol';

export const CHECKPOINT_VERSION = 1;

/** Everything needed to continue a meta-training run exactly and redraw its charts. */
export interface MetaCheckpoint {
  version: number;
  savedAt: number;
  options: MetaStartOptions;
  state: ExactTrainerState;
  /** Meta-losses of iterations 1..state.iteration (NaN where skipped), evaluations, seconds. */
  losses: number[];
  evals: MetaEval[];
  /** Per iteration, the trainer's extra scalars (PPO: reward, speedup, entropy…; null: none). */
  extras?: (Record<string, number> | null)[];
  elapsed: number;
  backend: string;
}

/** What the panel offers after a reload. */
export interface MetaCheckpointInfo {
  iteration: number;
  iterations: number;
  kind: string;
  trainer: string;
  /** Workers the run trains with (resumed with as many). */
  workers: number;
  savedAt: number;
  /** The run's settings (the panel shows them when it resumes). */
  options: MetaStartOptions;
}

export interface CheckpointStore {
  save(ck: MetaCheckpoint): Promise<void>;
  load(): Promise<MetaCheckpoint | null>;
  clear(): Promise<void>;
}

export function infoOfCheckpoint(ck: MetaCheckpoint | null | undefined): MetaCheckpointInfo | null {
  if (!ck) return null;
  const r = ck.options.recipe;
  return {
    iteration: ck.state.iteration,
    iterations: r.iterations,
    kind: r.kind,
    trainer: r.trainer,
    workers: ck.options.workers ?? 1,
    savedAt: ck.savedAt,
    options: ck.options,
  };
}

/** In memory (tests, hosts without IndexedDB). */
export function memoryStore(): CheckpointStore & { writes: number } {
  let current: MetaCheckpoint | null = null;
  return {
    writes: 0,
    async save(ck) {
      current = structuredClone(ck);
      this.writes++;
    },
    load: async () => (current ? structuredClone(current) : null),
    async clear() {
      current = null;
    },
  };
}

const DB = 'meta-train-checkpoints';
const RECORDS = 'records';
const POINTER = 'pointer';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function open(idb: IDBFactory): Promise<IDBDatabase> {
  const r = idb.open(DB, 1);
  r.onupgradeneeded = () => {
    r.result.createObjectStore(RECORDS);
    r.result.createObjectStore(POINTER);
  };
  return request(r);
}

/** The IndexedDB store (the browser's, or another IDBFactory). */
export function indexedDbStore(idb: IDBFactory = indexedDB): CheckpointStore {
  let seq = 0;
  return {
    async save(ck) {
      const db = await open(idb);
      try {
        const id = `${ck.savedAt}-${ck.state.iteration}-${seq++}`;
        // 1. The new record, complete, in its own transaction.
        const tx1 = db.transaction(RECORDS, 'readwrite');
        const committed = done(tx1);
        try {
          tx1.objectStore(RECORDS).put(ck, id);
        } catch (e) {
          tx1.abort();
          await committed.catch(() => undefined);
          throw e;
        }
        await committed;
        // 2. Switch the pointer to it and drop every other record (the one it replaces, and
        //    any left by a write whose switch never happened).
        const tx2 = db.transaction([RECORDS, POINTER], 'readwrite');
        const switched = done(tx2);
        tx2.objectStore(POINTER).put(id, 'current');
        const keys = await request(tx2.objectStore(RECORDS).getAllKeys());
        for (const k of keys) if (k !== id) tx2.objectStore(RECORDS).delete(k);
        await switched;
      } finally {
        db.close();
      }
    },
    async load() {
      const db = await open(idb);
      try {
        const tx = db.transaction([RECORDS, POINTER], 'readonly');
        const id = await request(tx.objectStore(POINTER).get('current'));
        if (typeof id !== 'string') return null;
        const ck = (await request(tx.objectStore(RECORDS).get(id))) as MetaCheckpoint | undefined;
        return ck && ck.version === CHECKPOINT_VERSION ? ck : null;
      } finally {
        db.close();
      }
    },
    async clear() {
      const db = await open(idb);
      try {
        const tx = db.transaction([RECORDS, POINTER], 'readwrite');
        const cleared = done(tx);
        tx.objectStore(RECORDS).clear();
        tx.objectStore(POINTER).clear();
        await cleared;
      } finally {
        db.close();
      }
    },
  };
}
