/**
 * Learned-optimizer weight files on disk for the CLI: bounded reads (size limit, regular files
 * only; boundedRead.ts) and atomic checkpoint writes.
 *
 * A write puts `<out>.bin` and `<out>.json` under temporary names in the same folder, flushes
 * them to disk, then renames the .bin and then the .json over the old pair. The .json carries
 * `weightsCrc32` (verifyWeights.ts), the digest of the manifest and the .bin it was written
 * with, so a .json can never be accepted beside another write's .bin (a crash between the two
 * renames is detected on load). Before the renames the current pair, if consistent, is kept
 * as the previous generation `<out>.prev.*` (prevGeneration.ts), so a kill between the two
 * renames never loses the last good checkpoint: --resume falls back to it. A failed write
 * (disk full, unwritable folder) removes its temporary files and leaves the previous pair untouched. SIGINT/SIGTERM during a write wait
 * for it to finish (guardSignals), so an interrupted run keeps a consistent last checkpoint.
 */
import { constants } from 'node:fs';
import { access, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { io } from '@tensorflow/tfjs-core';
import { MAX_WEIGHTS_BIN_BYTES, MAX_WEIGHTS_JSON_BYTES } from '../core/io/limits';
import {
  artifactsFromModelJson,
  type LearnedHeader,
  learnedFromArtifacts,
  toModelJson,
} from '../core/learned/artifacts';
import type { LearnedSource } from '../core/learned/registry';
import type { LearnedOptimizer } from '../core/learned/types';
import { weightsDigest } from '../core/learned/verifyWeights';
import { UsageError } from './args';
import { FileReadError, readBoundedBuffer, readBoundedText } from './boundedRead';
import { REPO_ROOT } from './mnistPath';
import { keepPreviousGeneration } from './prevGeneration';

/** Learned weights from a folder (default public/pretrained/; no IndexedDB in Node). */
export function nodeLearnedSource(dir = join(REPO_ROOT, 'public', 'pretrained')): LearnedSource {
  return {
    readPretrained: (file) =>
      readBoundedBuffer(
        join(dir, file),
        file.endsWith('.json') ? MAX_WEIGHTS_JSON_BYTES : MAX_WEIGHTS_BIN_BYTES,
        'weights',
      ),
    loadLocal: (name) => Promise.reject(new Error(`local weights '${name}' live in a browser's IndexedDB`)),
  };
}

/** Weights + header from <prefix>.json and the .bin file(s) it names (same folder), verified. */
export async function readWeightsFile(
  prefix: string,
  flag = '--resume',
): Promise<{ opt: LearnedOptimizer; header: LearnedHeader }> {
  const path = prefix.endsWith('.json') ? prefix : `${prefix}.json`;
  let text: string;
  try {
    text = await readBoundedText(path, MAX_WEIGHTS_JSON_BYTES, flag);
  } catch (e) {
    if (e instanceof FileReadError) throw new UsageError(e.message);
    throw e;
  }
  const art = await artifactsFromModelJson(
    text,
    (p) => readBoundedBuffer(join(dirname(path), p), MAX_WEIGHTS_BIN_BYTES, `${flag} weights`),
    path,
  );
  return learnedFromArtifacts(art, path);
}

/** Fail fast (before training) when `<out>.json`/`.bin` cannot be written. */
export async function checkWritable(out: string, flag: string): Promise<void> {
  if (out.trim() === '') throw new UsageError(`${flag}: must be a path prefix; got ''`);
  if (out.endsWith('/') || basename(out) === '.' || basename(out) === '..')
    throw new UsageError(
      `${flag}: '${out}' names a folder; give a path prefix such as ${join(out, 'weights')}`,
    );
  const dir = dirname(out);
  try {
    await mkdir(dir, { recursive: true });
    const st = await stat(dir);
    if (!st.isDirectory()) throw new Error('not a folder');
    await access(dir, constants.W_OK);
    const probe = join(dir, `.${basename(out)}.probe-${process.pid}`);
    const fh = await open(probe, 'w');
    await fh.close();
    await rm(probe, { force: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new UsageError(`${flag}: cannot write into '${dir}' (${code ?? (e as Error).message})`);
  }
}

// --- signals ----------------------------------------------------------------------------------

let writing = 0;
let pendingSignal: NodeJS.Signals | null = null;
let guarded = false;
const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

/** Install SIGINT/SIGTERM handlers: exit at once, unless a write is in flight (then after it). */
export function guardSignals(onExit: (signal: NodeJS.Signals) => void = () => undefined): void {
  if (guarded) return;
  guarded = true;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (writing > 0) {
        pendingSignal = sig;
        return;
      }
      onExit(sig);
      process.exit(SIGNAL_CODES[sig]);
    });
  }
}

export interface WriteFs {
  writeFile(path: string, data: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

const realFs: WriteFs = {
  async writeFile(path, data) {
    const fh = await open(path, 'wx', 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
  rename,
};

/**
 * Write artifacts as `<out>.json` + `<out>.bin`, atomically as a pair (see the file header).
 * The .json's header gains `weightsCrc32`.
 */
export async function writeWeightsAtomic(
  out: string,
  art: io.ModelArtifacts,
  fs: WriteFs = realFs,
): Promise<void> {
  const dir = dirname(out);
  const name = basename(out);
  const data = art.weightData as ArrayBuffer;
  const digest = weightsDigest(art.weightSpecs ?? [], data);
  const json = toModelJson(
    { ...art, modelTopology: { ...(art.modelTopology as object), weightsCrc32: digest } },
    `${name}.bin`,
  );
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const tmpBin = join(dir, `.${name}.bin.tmp-${tag}`);
  const tmpJson = join(dir, `.${name}.json.tmp-${tag}`);
  const prevTmp = {
    bin: join(dir, `.${name}.prev.bin.tmp-${tag}`),
    json: join(dir, `.${name}.prev.json.tmp-${tag}`),
  };
  const tmps = [tmpBin, tmpJson, prevTmp.bin, prevTmp.json];
  writing++;
  try {
    await mkdir(dir, { recursive: true });
    await fs.writeFile(tmpBin, new Uint8Array(data));
    await fs.writeFile(tmpJson, new TextEncoder().encode(`${JSON.stringify(json, null, 1)}\n`));
    await keepPreviousGeneration(out, prevTmp, fs);
    await fs.rename(tmpBin, join(dir, `${name}.bin`));
    await fs.rename(tmpJson, `${out}.json`);
  } finally {
    for (const t of tmps) await rm(t, { force: true });
    writing--;
    if (writing === 0 && pendingSignal) process.exit(SIGNAL_CODES[pendingSignal]);
  }
}
