import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { MNIST_BIN } from '../../src/cli/mnistPath';
import { nodeTaskEnv } from '../../src/cli/nodeBackend';
import { packMnist } from '../../src/cli/packMnist';
import { makeRng } from '../../src/core/experiment/rng';
import { defaultSpec } from '../../src/core/experiment/schema';
import { Runner } from '../../src/core/run/runner';
import { defaultTaskOptions } from '../../src/core/tasks/catalog';
import {
  encodeMnist,
  MNIST_TEST,
  MNIST_TRAIN,
  MnistDataError,
  mnistByteLength,
  parseMnist,
} from '../../src/core/tasks/mnistData';
import { createTask } from '../../src/core/tasks/registry';

/** Per-digit counts of the mnist package's 10 000 digits (src/digits/{0..9}.json). */
const DIGIT_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

let bytes: Uint8Array;
beforeAll(async () => {
  packMnist(); // no-op when up to date (npm test runs prepare-data first)
  bytes = readFileSync(MNIST_BIN);
  await tf.setBackend('cpu');
});

describe('packed MNIST', () => {
  it('parses: 8000/2000 split, 28×28, labels 0..9 with the package’s per-digit counts', () => {
    const d = parseMnist(bytes);
    expect([d.train.n, d.test.n, d.rows, d.cols]).toEqual([MNIST_TRAIN, MNIST_TEST, 28, 28]);
    expect(bytes.byteLength).toBe(mnistByteLength(8000, 2000));
    const counts = new Array(10).fill(0);
    for (const s of [d.train, d.test]) for (const l of s.labels) counts[l]++;
    expect(counts).toEqual(DIGIT_COUNTS);
    // Every digit is present in the held-out split in roughly its share.
    const testCounts = new Array(10).fill(0);
    for (const l of d.test.labels) testCounts[l]++;
    for (let k = 0; k < 10; k++) expect(testCounts[k] / 2000).toBeCloseTo(DIGIT_COUNTS[k] / 10000, 1);
  });

  it('pixels look like MNIST: mean ≈ 0.13, empty corners, full range', () => {
    const d = parseMnist(bytes);
    let sum = 0;
    let max = 0;
    let corners = 0;
    for (const v of d.train.images) {
      sum += v;
      if (v > max) max = v;
    }
    for (let i = 0; i < d.train.n; i++) corners += d.train.images[i * 784] + d.train.images[i * 784 + 783];
    expect(sum / d.train.images.length / 255).toBeGreaterThan(0.11);
    expect(sum / d.train.images.length / 255).toBeLessThan(0.15);
    expect(max).toBe(255);
    expect(corners).toBe(0);
  });

  it('train and held-out splits are disjoint (no image in both)', () => {
    const d = parseMnist(bytes);
    const key = (s: typeof d.train, i: number) =>
      Buffer.from(s.images.subarray(i * 784, (i + 1) * 784)).toString('base64');
    const train = new Set(Array.from({ length: d.train.n }, (_, i) => key(d.train, i)));
    let shared = 0;
    for (let i = 0; i < d.test.n; i++) if (train.has(key(d.test, i))) shared++;
    expect(shared).toBe(0);
  });

  it('rejects corrupt files with a message that says how to fix it', () => {
    expect(() => parseMnist(new Uint8Array(3))).toThrow(MnistDataError);
    expect(() => parseMnist(bytes.subarray(0, bytes.length - 1))).toThrow(
      /truncated or corrupt.*npm run prepare-data/,
    );
    const bad = bytes.slice(0, 64);
    bad[0] = 88;
    expect(() => parseMnist(bad)).toThrow(/bad magic/);
    const one = encodeMnist({
      rows: 28,
      cols: 28,
      train: { n: 1, images: new Uint8Array(784), labels: Uint8Array.of(12) },
      test: { n: 1, images: new Uint8Array(784), labels: Uint8Array.of(3) },
    });
    expect(() => parseMnist(one)).toThrow(/label 12 out of range/);
  });

  it('a missing file names the path and the fix', async () => {
    await expect(nodeTaskEnv('/nonexistent/mnist.bin').mnist()).rejects.toThrow(
      /cannot read \/nonexistent\/mnist\.bin \(ENOENT\).*npm run prepare-data/,
    );
  });
});

describe('mnist-mlp', () => {
  it('init and batches are determined by the seed; params are 784·20 + 20 + 20·10 + 10', async () => {
    const lossAt = async (seed: number) => {
      const task = await createTask('mnist-mlp', {}, nodeTaskEnv(), seed);
      const params = task.init(makeRng(seed).fork('init'));
      expect(params.reduce((n, t) => n + t.size, 0)).toBe(15910);
      const batch = task.nextBatch(makeRng(seed).fork('batches'));
      expect(batch!.x.shape).toEqual([128, 784]);
      const v = tf.tidy(() => task.loss(params, batch).dataSync()[0]);
      tf.dispose([...params, ...Object.values(batch!)]);
      task.dispose();
      return v;
    };
    const a = await lossAt(5);
    expect(await lossAt(5)).toBe(a);
    expect(await lossAt(6)).not.toBe(a);
  });

  it('starts at ≈ ln 10 and falls with SGD and Adam over 100 steps; held-out loss too', async () => {
    const spec = {
      ...defaultSpec(),
      task: { id: 'mnist-mlp' as const, options: { ...defaultTaskOptions('mnist-mlp'), batchSize: 64 } },
      optimizers: [
        { id: 'sgd', hyper: { lr: 0.5 } },
        { id: 'adam', hyper: { lr: 0.01 } },
      ],
      steps: 100,
      seed: 1,
    };
    const r = await Runner.create(spec, nodeTaskEnv());
    const before = await r.evalLosses();
    const losses: number[][] = [[], []];
    while (!r.done) {
      const f = await r.advance(25);
      f.runs.forEach((run, i) => {
        losses[i].push(...run.losses);
      });
    }
    const after = await r.evalLosses();
    r.dispose();
    for (const i of [0, 1]) {
      expect(losses[i]).toHaveLength(101);
      expect(Math.abs(losses[i][0] - Math.LN10)).toBeLessThan(0.15);
      expect(before[i]!).toBeCloseTo(Math.LN10, 1);
      const tail = losses[i].slice(-20).reduce((a, b) => a + b, 0) / 20;
      expect(tail).toBeLessThan(1.2); // well below ln 10 ≈ 2.30
      expect(after[i]!).toBeLessThan(1.2);
    }
  });
});
