/**
 * Load learned optimizers for the runner: `loadLearnedRule(entry)` resolves entry.weights
 *   'pretrained:<name>'  → public/pretrained/<name>.json + .bin (fetched in the browser, read
 *                          from disk in Node; the host may inject its own reader)
 *   'local:<name>'       → IndexedDB through tf.io ('indexeddb://learned-<name>')
 *   absent               → the id's shipped pretrained weights (its descriptor's `pretrained`)
 * and validates the file (artifacts.ts). Loaded optimizers are cached per weights key (their
 * meta-parameters are tf.Variables that live for the session); a 'local:' entry is reloaded
 * whenever its stored header changes.
 */
import type { io } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '../experiment/errors';
import type { OptimizerEntry } from '../experiment/schema';
import type { UpdateRule } from '../optim/types';
import { artifactsFromModelJson, type LearnedHeader, learnedFromArtifacts } from './artifacts';
import { isLearnedKind, LEARNED, LEARNED_IDS, type LearnedId } from './catalog';
import { learnedRule } from './rule';
import type { LearnedOptimizer } from './types';

export const LOCAL_PREFIX = 'indexeddb://learned-';

/** Where weights come from; hosts and tests may replace it (setLearnedSource). */
export interface LearnedSource {
  /** Bytes of a file under public/pretrained/ (e.g. 'rnnprop-mnist.json'). */
  readPretrained(file: string): Promise<ArrayBuffer>;
  /** Artifacts saved under a local name. */
  loadLocal(name: string): Promise<io.ModelArtifacts>;
}

async function nodeRead(file: string): Promise<ArrayBuffer> {
  // Node hosts only; the specifier is a variable so browser bundlers leave it alone.
  const fsName = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ fsName)) as { readFile(p: string): Promise<Uint8Array> };
  const proc = (globalThis as { process?: { cwd(): string } }).process;
  const path = `${proc?.cwd() ?? '.'}/public/pretrained/${file}`;
  const b = await fs.readFile(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

export const defaultLearnedSource: LearnedSource = {
  async readPretrained(file) {
    const loc = (globalThis as { location?: { origin: string } }).location;
    if (!loc) return nodeRead(file);
    const url = new URL(`pretrained/${file}`, `${loc.origin}/`);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`GET ${url.pathname} → ${res.status}`);
    return res.arrayBuffer();
  },
  async loadLocal(name) {
    const handlers = tf.io.getLoadHandlers(`${LOCAL_PREFIX}${name}`);
    if (handlers.length === 0 || !handlers[0].load) {
      throw new Error(`local weights '${name}' need IndexedDB (a browser)`);
    }
    return handlers[0].load();
  },
};

let source: LearnedSource = defaultLearnedSource;

export function setLearnedSource(s: LearnedSource): void {
  source = s;
}

const utf8 = new TextDecoder();

/** Artifacts of shipped weights `<name>` (public/pretrained/<name>.json + its .bin). */
export async function loadPretrainedArtifacts(
  name: string,
  src: LearnedSource = source,
): Promise<io.ModelArtifacts> {
  const where = `pretrained/${name}.json`;
  let text: string;
  try {
    text = utf8.decode(await src.readPretrained(`${name}.json`));
  } catch (e) {
    throw new Error(`${where}: cannot read (${e instanceof Error ? e.message : String(e)})`);
  }
  return artifactsFromModelJson(text, (p) => src.readPretrained(p.replace(/^\.\//, '')), where);
}

/** Resolve a weights reference to validated artifacts. */
export async function loadWeightsArtifacts(
  weights: string,
  src: LearnedSource = source,
): Promise<io.ModelArtifacts> {
  const m = /^(pretrained|local):([\w.-]{1,64})$/.exec(weights);
  if (!m) throw new Error(`weights: must be 'pretrained:<name>' or 'local:<name>'; got '${weights}'`);
  if (m[1] === 'pretrained') return loadPretrainedArtifacts(m[2], src);
  try {
    return await src.loadLocal(m[2]);
  } catch (e) {
    throw new Error(`local:${m[2]}: cannot load (${e instanceof Error ? e.message : String(e)})`);
  }
}

const cache = new Map<string, { stamp: string; opt: LearnedOptimizer; header: LearnedHeader }>();
/** Tensors made for cached optimizers (kept for the session; never disposed by a run). */
let heldByCache = 0;

/** Live tensors that belong to the learned-weights cache (so leak checks can count them apart). */
export function cachedTensorCount(): number {
  return heldByCache;
}

/** Load (or reuse) the learned optimizer named by `weights`, checking its kind. */
export async function loadLearnedOptimizer(
  kind: LearnedId,
  weights: string,
  src: LearnedSource = source,
): Promise<{ opt: LearnedOptimizer; header: LearnedHeader }> {
  const key = `${kind}|${weights}`;
  const hit = cache.get(key);
  if (hit && weights.startsWith('pretrained:') && src === source) return hit;
  let art: io.ModelArtifacts;
  let loaded: { opt: LearnedOptimizer; header: LearnedHeader };
  try {
    art = await loadWeightsArtifacts(weights, src);
    const stamp = JSON.stringify(art.modelTopology);
    if (hit && hit.stamp === stamp) return hit;
    const before = tf.memory().numTensors;
    loaded = learnedFromArtifacts(art, weights, kind);
    heldByCache += tf.memory().numTensors - before;
  } catch (e) {
    // Missing or invalid weights are the same on every backend: an input error, not a backend one.
    throw new InputError(e instanceof Error ? e.message : String(e));
  }
  const stamp = JSON.stringify(art.modelTopology);
  cache.set(key, { stamp, ...loaded });
  return loaded;
}

/** The weights an entry without `weights` uses: the kind's shipped ones. */
export function defaultWeightsOf(id: LearnedId): string {
  const name = LEARNED[id]?.pretrained;
  if (!name) throw new InputError(`${id}: no shipped weights; name some with weights=local:<name>`);
  return `pretrained:${name}`;
}

/** Build the update rule of a learned optimizer entry (loads and validates its weights). */
export async function loadLearnedRule(
  entry: OptimizerEntry,
  src: LearnedSource = source,
): Promise<UpdateRule> {
  if (!isLearnedKind(entry.id)) {
    throw new Error(`learned optimizer: unknown id '${entry.id}'; valid: ${LEARNED_IDS.join(', ')}`);
  }
  const weights = entry.weights ?? defaultWeightsOf(entry.id);
  const { opt } = await loadLearnedOptimizer(entry.id, weights, src);
  return learnedRule(opt);
}
