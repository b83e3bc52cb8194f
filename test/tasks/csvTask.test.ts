import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/experiment/rng';
import { defaultSpec, type ExperimentSpec } from '../../src/core/experiment/schema';
import { specFromQuery } from '../../src/core/experiment/specLoad';
import { specToQuery } from '../../src/core/experiment/urlEncode';
import { SeedRunner } from '../../src/core/run/seeds';
import { defaultTaskOptions, type TaskOptions } from '../../src/core/tasks/catalog';
import { csvHash } from '../../src/core/tasks/csvHash';
import { createTask, type TaskEnv } from '../../src/core/tasks/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Two Gaussian blobs in 3-D (class a/b), a clean regression target y = 2x₁ − x₂. */
function blobs(n: number): string {
  const rng = makeRng(5);
  const lines = ['x1,x2,x3,label'];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const p = [0, 1, 2].map(() => rng.normal() + (c ? 2 : -2));
    lines.push(`${p.map((v) => v.toFixed(4)).join(',')},${c ? 'b' : 'a'}`);
  }
  return `${lines.join('\n')}\n`;
}

async function csvSpec(text: string, extra: Partial<TaskOptions<'csv'>> = {}): Promise<ExperimentSpec> {
  return {
    ...defaultSpec(),
    task: {
      id: 'csv',
      options: {
        ...defaultTaskOptions('csv'),
        hash: await csvHash(text),
        file: 'blobs.csv',
        rows: 200,
        features: 3,
        classes: 2,
        ...extra,
      } as TaskOptions,
    },
    optimizers: [{ id: 'adam', hyper: { lr: 0.05 } }],
    steps: 60,
    seed: 1,
  };
}

const envWith = (text: string): TaskEnv => ({
  mnist: () => Promise.reject(new Error('no')),
  csv: async () => text,
});

describe('csv task', () => {
  it('trains an MLP on the uploaded table: loss falls, held-out accuracy high, no tensors leak', async () => {
    const text = blobs(200);
    const spec = await csvSpec(text);
    const before = tf.memory().numTensors;
    const runner = await SeedRunner.create(spec, envWith(text));
    const frame = await runner.advance(60);
    const losses = frame.runs[0].losses;
    const ev = await runner.evaluate();
    runner.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.3);
    expect(ev?.accuracy?.[0][0]).toBeGreaterThan(0.95);
  });

  it('regression (numeric target) gives an MSE loss and no accuracy', async () => {
    const rng = makeRng(3);
    const lines = Array.from({ length: 100 }, () => {
      const [a, b] = [rng.normal(), rng.normal()];
      return `${a},${b},${2 * a - b + 0.5}`;
    });
    const text = lines.join('\n');
    const spec = await csvSpec(text, { rows: 100, features: 2, classes: 0 });
    const task = await createTask('csv', spec.task.options, envWith(text), 1);
    expect(task.evalAccuracy).toBeUndefined();
    const params = task.init(makeRng(1));
    const l = task.evalLoss?.(params);
    expect(l?.dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([...params, l as tf.Tensor]);
    task.dispose();
  });

  it('missing data, another file, or another shape: one message saying what to upload', async () => {
    const text = blobs(200);
    const spec = await csvSpec(text);
    const noData: TaskEnv = { mnist: () => Promise.reject(new Error('no')) };
    await expect(createTask('csv', spec.task.options, noData, 1)).rejects.toThrow(
      `csv: this link needs 'blobs.csv' (hash ${(spec.task.options as { hash: string }).hash}); upload the same file`,
    );
    await expect(createTask('csv', spec.task.options, envWith(blobs(201)), 1)).rejects.toThrow(
      /^csv: the file's hash [0-9a-f]{16} is not the link's [0-9a-f]{16}: not the same file$/,
    );
    const wrongShape = await csvSpec(text, { rows: 150 });
    await expect(createTask('csv', wrongShape.task.options, envWith(text), 1)).rejects.toThrow(
      'csv: the file has 200 rows × 3 features, 2 classes; the link expects 150 rows × 3 features, 2 classes',
    );
    await expect(createTask('csv', defaultTaskOptions('csv'), envWith(text), 1)).rejects.toThrow(
      'csv: no data yet: upload a CSV file (CLI: --data <file.csv>)',
    );
  });

  it('the link records hash, file name and shape, never the data (an all-digit hash stays a string)', async () => {
    const spec = await csvSpec(blobs(200));
    spec.task.options = { ...spec.task.options, hash: '0123456789012345' } as TaskOptions;
    const q = specToQuery(spec);
    expect(q).toContain("hash='0123456789012345'");
    expect(q).toContain('file=blobs.csv');
    expect(q).not.toContain('x1');
    const back = specFromQuery(q);
    expect(back.errors).toEqual([]);
    expect(back.spec.task.options).toMatchObject({
      hash: '0123456789012345',
      rows: 200,
      features: 3,
      classes: 2,
    });
  });
});
