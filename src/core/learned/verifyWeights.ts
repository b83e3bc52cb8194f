/**
 * What a learned-optimizer weights file must satisfy beyond its schema (README "What is
 * verified on load"); called from artifacts.ts before any tensor is made:
 * - the manifest: an array of groups `{ paths: string[], weights: entries[] }`, no null entries,
 *   every entry `{ name: string, shape: integer[] ≥ 0, dtype: string }`, weight names unique
 *   (a duplicate would otherwise load silently and leak a tensor), paths plain file names in the
 *   json's own folder (no '/', '\', '..', absolute paths or URLs), at most MAX_SHARDS files;
 * - the names are exactly the kind's expected weights (no extra, none missing);
 * - header values in sane ranges: outputScale in (0, 10], β₁, β₂ in [0, 1) (β = 1 freezes the
 *   moments and divides by 1 − β^t = 0), ε in (0, 1], finite meta-loss, a bounded iteration count;
 * - when the header carries `weightsCrc32` (the CLI writes it), the CRC-32 of the manifest's
 *   names/shapes and the weight bytes must match it: catches bit flips, swapped weight names
 *   and a .json paired with another checkpoint's .bin.
 * Problems are returned as one line naming the field; the caller wraps it (LearnedFileError).
 */
import type { io } from '@tensorflow/tfjs-core';
import type { Architecture } from './catalog';
import { weightDefsOf } from './factory';

/** Most weight files (shards) one set may name. */
export const MAX_SHARDS = 64;
/** Most weight entries one manifest may list. */
export const MAX_WEIGHT_ENTRIES = 1024;
export const MAX_META_ITERATIONS = 1e9;
const SAFE_PATH = /^(\.\/)?[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

type Fail = (problem: string) => Error;

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE) of bytes, continuing from `crc` (0 to start). */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** The digest stored as header.weightsCrc32: CRC-32 over the entries (in order) and the bytes. */
export function weightsDigest(specs: readonly io.WeightsManifestEntry[], data: ArrayBuffer): string {
  const names = new TextEncoder().encode(JSON.stringify(specs.map((s) => [s.name, s.shape, s.dtype])));
  return crc32(new Uint8Array(data), crc32(names)).toString(16).padStart(8, '0');
}

const show = (v: unknown) => {
  const s = typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/** Check one manifest entry's fields; returns the problem or null. */
function entryProblem(e: unknown, at: string): string | null {
  if (typeof e !== 'object' || e === null || Array.isArray(e))
    return `${at}: must be an object; got ${show(e)}`;
  const w = e as Record<string, unknown>;
  if (typeof w.name !== 'string' || w.name === '' || w.name.length > 256)
    return `${at}.name: must be a non-empty string; got ${show(w.name)}`;
  if (!Array.isArray(w.shape) || w.shape.length > 8)
    return `${at}.shape: must be an array of at most 8 integers; got ${show(w.shape)}`;
  if (w.shape.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > 1e7))
    return `${at}.shape: must hold integers in [0, 1e7]; got ${show(w.shape)}`;
  if (typeof w.dtype !== 'string') return `${at}.dtype: must be a string; got ${show(w.dtype)}`;
  return null;
}

/** The model.json's weightsManifest, checked before any weight file is read. */
export function assertManifest(manifest: unknown, fail: Fail): void {
  if (!Array.isArray(manifest) || manifest.length === 0)
    throw fail('weightsManifest: must be a non-empty array');
  const names = new Set<string>();
  const paths = new Set<string>();
  let entries = 0;
  manifest.forEach((g: unknown, i) => {
    const at = `weightsManifest[${i}]`;
    if (typeof g !== 'object' || g === null || Array.isArray(g))
      throw fail(`${at}: must be an object; got ${show(g)}`);
    const group = g as Record<string, unknown>;
    if (!Array.isArray(group.paths) || group.paths.length === 0)
      throw fail(`${at}.paths: must be a non-empty array of file names`);
    if (!Array.isArray(group.weights)) throw fail(`${at}.weights: must be an array`);
    group.paths.forEach((p: unknown, k) => {
      if (typeof p !== 'string' || !SAFE_PATH.test(p) || p.includes('..'))
        throw fail(
          `${at}.paths[${k}]: ${show(p)} is not a plain file name in the json's folder (no '/', '..', absolute paths or URLs)`,
        );
      if (paths.has(p)) throw fail(`${at}.paths[${k}]: '${p}' is listed twice`);
      paths.add(p);
    });
    if (paths.size > MAX_SHARDS) throw fail(`weightsManifest: more than ${MAX_SHARDS} weight files`);
    group.weights.forEach((e: unknown, j) => {
      const problem = entryProblem(e, `${at}.weights[${j}]`);
      if (problem) throw fail(problem);
      const name = (e as { name: string }).name;
      if (names.has(name)) throw fail(`${at}.weights[${j}].name: '${name}' is listed twice`);
      names.add(name);
    });
    entries += group.weights.length;
    if (entries > MAX_WEIGHT_ENTRIES) throw fail(`weightsManifest: more than ${MAX_WEIGHT_ENTRIES} weights`);
  });
}

function rangeProblem(arch: Record<string, unknown>): string | null {
  const num = (k: string) => arch[k] as number | undefined;
  const os = num('outputScale');
  if (os !== undefined && !(Number.isFinite(os) && os > 0 && os <= 10))
    return `header.architecture.outputScale: ${os} is out of range; allowed (0, 10]`;
  for (const k of ['beta1', 'beta2']) {
    const b = num(k);
    if (b !== undefined && !(b >= 0 && b < 1))
      return `header.architecture.${k}: ${b} is out of range; allowed [0, 1)`;
  }
  const eps = num('eps');
  if (eps !== undefined && !(eps > 0 && eps <= 1))
    return `header.architecture.eps: ${eps} is out of range; allowed (0, 1]`;
  return null;
}

/**
 * The decoded artifacts against the validated header: entries well-formed and unique, names
 * exactly the kind's weights, header ranges, and the digest when present. Throws fail(problem).
 */
export function assertWeightSet(
  art: io.ModelArtifacts,
  header: { architecture: Architecture; metaIterations: number; finalMetaLoss: number | null },
  fail: Fail,
): void {
  const specs: unknown = art.weightSpecs;
  if (!Array.isArray(specs)) throw fail('weightSpecs: missing (the manifest lists no weights)');
  const seen = new Set<string>();
  specs.forEach((s: unknown, j) => {
    const problem = entryProblem(s, `weights[${j}]`);
    if (problem) throw fail(problem);
    const name = (s as { name: string }).name;
    if (seen.has(name)) throw fail(`weights[${j}].name: '${name}' is listed twice`);
    seen.add(name);
  });
  const expected = weightDefsOf(header.architecture).map((d) => d.name);
  const missing = expected.filter((n) => !seen.has(n));
  const extra = [...seen].filter((n) => !expected.includes(n));
  if (extra.length > 0)
    throw fail(`unexpected weight ${show(extra[0])}; expected exactly ${expected.join(', ')}`);
  if (missing.length > 0)
    throw fail(`missing weight '${missing[0]}'; expected exactly ${expected.join(', ')}`);
  const range = rangeProblem(header.architecture as unknown as Record<string, unknown>);
  if (range) throw fail(range);
  if (header.metaIterations > MAX_META_ITERATIONS)
    throw fail(
      `header.metaIterations: ${header.metaIterations} is out of range; allowed [0, ${MAX_META_ITERATIONS}]`,
    );
  if (header.finalMetaLoss !== null && !Number.isFinite(header.finalMetaLoss))
    throw fail(`header.finalMetaLoss: must be finite or null; got ${header.finalMetaLoss}`);
  const digest = (art.modelTopology as { weightsCrc32?: unknown } | undefined)?.weightsCrc32;
  if (digest !== undefined) {
    if (typeof digest !== 'string' || !/^[0-9a-f]{8}$/.test(digest))
      throw fail(`header.weightsCrc32: must be 8 hex digits; got ${show(digest)}`);
    const data = art.weightData;
    const buf = data instanceof ArrayBuffer ? data : Array.isArray(data) ? concat(data) : null;
    if (buf) {
      const actual = weightsDigest(specs as io.WeightsManifestEntry[], buf);
      if (actual !== digest)
        throw fail(
          `header.weightsCrc32: the weights do not match (${actual}, header says ${digest}): corrupt, or the .json and .bin come from different writes`,
        );
    }
  }
}

function concat(parts: ArrayBuffer[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out.buffer;
}

/**
 * The weight-file reader for files a user picked (browser import): by file name, so a sharded
 * set (several .bin files) loads; one bare buffer serves a single-file set only.
 */
export function readerOfFiles(
  bins: ArrayBuffer | Record<string, ArrayBuffer>,
): (path: string) => Promise<ArrayBuffer> {
  const asked = new Set<string>();
  return async (path) => {
    const name = path.replace(/^\.\//, '');
    asked.add(name);
    if (bins instanceof ArrayBuffer) {
      if (asked.size > 1)
        throw new Error(
          `the manifest names several weight files (${[...asked].join(', ')}); choose all of them`,
        );
      return bins;
    }
    if (!Object.hasOwn(bins, name))
      throw new Error(
        `weight file '${name}' is named by the manifest but was not chosen (chosen: ${Object.keys(bins).join(', ') || 'none'})`,
      );
    return bins[name];
  };
}
