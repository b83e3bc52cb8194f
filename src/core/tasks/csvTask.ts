/**
 * "Your data (CSV)": an MLP on an uploaded table (csvParse.ts). The host supplies the file's
 * text by its content hash (TaskEnv.csv); the task checks that the text has that hash's shape
 * (rows, features, classes recorded in the link) before building anything.
 *
 * Split: the rows are shuffled by the task seed's data stream and the last round(heldOut·n)
 * (≥ 1) are held out; the rest train. Features are standardised with the training rows' mean
 * and std (a constant column: std 1); a regression target likewise, so its loss is the MSE in
 * units of the target's std. Model: MLP features → width (×depth, activation) → K classes
 * (softmax cross-entropy) or → 1 (MSE), Glorot-normal weights, zero biases (as spirals).
 * Minibatches: batchSize rows drawn with replacement from the training rows, assembled in JS.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../experiment/rng';
import type { TaskOptions } from './catalog';
import { type CsvTable, describeTable, parseCsv } from './csvParse';
import { accuracy, mlpForward, mlpInit, mlpSizes, oneHotOf, softmaxCrossEntropy } from './tfUtil';
import type { Task } from './types';

type CsvOptions = TaskOptions<'csv'>;

/** Standardised split of a table (pure arrays): train/held-out rows, features and targets. */
export interface CsvSplit {
  train: { x: Float32Array; y: Float32Array | Int32Array; n: number };
  test: { x: Float32Array; y: Float32Array | Int32Array; n: number };
  features: number;
  classes: number;
}

/** Shuffle with the data stream, hold out round(heldOut·n) rows, standardise on the training rows. */
export function splitTable(t: CsvTable, heldOut: number, rng: Rng): CsvSplit {
  const n = t.rows;
  const d = t.features;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const nTest = Math.min(n - 1, Math.max(1, Math.round(heldOut * n)));
  const trainIdx = order.slice(0, n - nTest);
  const testIdx = order.slice(n - nTest);
  const stats = (get: (r: number) => number) => {
    let mean = 0;
    for (const r of trainIdx) mean += get(r);
    mean /= trainIdx.length;
    let v = 0;
    for (const r of trainIdx) v += (get(r) - mean) ** 2;
    const std = Math.sqrt(v / trainIdx.length);
    return { mean, std: std > 1e-12 ? std : 1 };
  };
  const fs = Array.from({ length: d }, (_, j) => stats((r) => t.x[r * d + j]));
  const reg = t.target.kind === 'regression' ? t.target.y : null;
  const ys = reg ? stats((r) => reg[r]) : null;
  const take = (idx: number[]) => {
    const x = new Float32Array(idx.length * d);
    idx.forEach((r, i) => {
      for (let j = 0; j < d; j++) x[i * d + j] = (t.x[r * d + j] - fs[j].mean) / fs[j].std;
    });
    const y =
      t.target.kind === 'classification'
        ? Int32Array.from(idx, (r) => (t.target as { y: Int32Array }).y[r])
        : Float32Array.from(idx, (r) => ((reg as Float64Array)[r] - (ys?.mean ?? 0)) / (ys?.std ?? 1));
    return { x, y, n: idx.length };
  };
  return {
    train: take(trainIdx),
    test: take(testIdx),
    features: d,
    classes: t.target.kind === 'classification' ? t.target.classes.length : 0,
  };
}

/** The table in `text`, checked against the link's recorded shape. Throws one message. */
export function csvTableFor(text: string, o: CsvOptions): CsvTable {
  const parsed = parseCsv(text, { label: o.label, target: o.target });
  if (!parsed.ok) throw new Error(`csv: ${parsed.errors.join('; ')}`);
  const t = parsed.table;
  const classes = t.target.kind === 'classification' ? t.target.classes.length : 0;
  if (t.rows !== o.rows || t.features !== o.features || classes !== o.classes) {
    const want = `${o.rows} rows × ${o.features} features, ${o.classes > 0 ? `${o.classes} classes` : 'regression'}`;
    throw new Error(`csv: the file has ${describeTable(t)}; the link expects ${want}`);
  }
  return t;
}

function rowsOf(s: CsvSplit['train'], d: number, k: number, idx: ArrayLike<number>) {
  const x = new Float32Array(idx.length * d);
  const labels = new Int32Array(idx.length);
  const y = new Float32Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    x.set(s.x.subarray(idx[i] * d, idx[i] * d + d), i * d);
    if (k > 0) labels[i] = s.y[idx[i]];
    else y[i] = s.y[idx[i]];
  }
  return {
    x: tf.tensor2d(x, [idx.length, d]),
    y: k > 0 ? oneHotOf(labels, k) : tf.tensor2d(y, [idx.length, 1]),
  };
}

export function createCsvTask(options: TaskOptions, text: string, dataRng: Rng): Task {
  const o = options as CsvOptions;
  const split = splitTable(csvTableFor(text, o), o.heldOut, dataRng);
  const { features: d, classes: k } = split;
  const all = (n: number) => Array.from({ length: n }, (_, i) => i);
  const test = rowsOf(split.test, d, k, all(split.test.n));
  const sizes = mlpSizes(d, o.width, o.depth, k > 0 ? k : 1);
  const lossOf = (params: Tensor[], x: Tensor, y: Tensor): Scalar => {
    const out = mlpForward(params, x, o.activation);
    return k > 0 ? softmaxCrossEntropy(out, y) : (tf.mean(tf.square(tf.sub(out, y))) as Scalar);
  };
  return {
    id: 'csv',
    init: (rng) => mlpInit(rng, sizes, (a, b) => Math.sqrt(2 / (a + b)), 0),
    nextBatch(rng) {
      const idx = new Int32Array(o.batchSize);
      for (let i = 0; i < idx.length; i++) idx[i] = rng.int(split.train.n);
      return rowsOf(split.train, d, k, idx);
    },
    loss(params, batch) {
      if (!batch) throw new Error('csv: loss needs a minibatch');
      return lossOf(params, batch.x, batch.y);
    },
    evalLoss: (params) => lossOf(params, test.x, test.y),
    ...(k > 0
      ? { evalAccuracy: (params: Tensor[]) => accuracy(mlpForward(params, test.x, o.activation), test.y) }
      : {}),
    dispose() {
      tf.dispose([test.x, test.y]);
    },
  };
}
