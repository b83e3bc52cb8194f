import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { specFromQuery } from '../../src/core/experiment/url';
import { presetById } from '../../src/core/presets/catalog';
import { type AdamCache, runPreset } from '../../src/core/presets/run';
import type { Preset } from '../../src/core/presets/types';
import { speedupOverAdam, tuneAdam } from '../../src/core/run/speedup';
import { finalOfCurve } from '../../src/core/run/stats';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const QUERY =
  'v=1&task=spirals(pointsPerClass=40,width=8,batchSize=16)&opt=sgd(lr=0.1)&steps=20&seed=3&seeds=2';
const preset: Preset = {
  id: 'test-speedup',
  title: 't',
  paper: 'p',
  claim: 'c',
  experiments: [{ label: 'spirals', query: QUERY }],
  rows: [
    { label: 'SGD speedup', experiment: 0, optimizer: 0, metric: { kind: 'speedup' }, paper: 2 },
    { label: 'SGD final', experiment: 0, optimizer: 0, metric: { kind: 'final' } },
    { label: 'tuned Adam final', experiment: 0, optimizer: 0, metric: { kind: 'tunedAdamFinal' } },
  ],
  comparisons: [{ better: 1, worse: 2 }],
  reduced: '',
  lookFor: '',
};

describe('preset speedup rows', () => {
  it('per seed: speedup of the run over tuned Adam, and tuned Adam’s own final loss; one Adam sweep per task in the cache', async () => {
    const cache: AdamCache = new Map();
    const r = await runPreset(preset, NO_DATA_ENV, { adamCache: cache });
    expect(cache.size).toBe(1);
    // The same numbers by hand: tune Adam on the experiment, then each seed's SGD run.
    const { spec } = specFromQuery(QUERY);
    const adam = await tuneAdam({ ...spec, optimizers: [] }, NO_DATA_ENV);
    const best = adam.sweep.points.findIndex((p) => p.value === adam.lr);
    expect(r.rows[2].seeds).toEqual([0, 1].map((s) => finalOfCurve(adam.sweep.seedCurves[best][s])));
    expect(r.rows[0].seeds).toHaveLength(2);
    for (const v of r.rows[0].seeds) expect(v).toBeGreaterThan(0);
    // A run worse than tuned Adam has speedup < 1 and loses the comparison.
    const slower = r.rows[1].mean > r.rows[2].mean;
    expect(r.rows[0].mean < 1).toBe(slower);
    expect(r.verdict === 'does not').toBe(slower);
    // A second preset on the same experiment reuses the sweep (same promise, no new entry).
    const first = [...cache.values()][0];
    await runPreset({ ...preset, id: 'again' }, NO_DATA_ENV, { adamCache: cache });
    expect(cache.size).toBe(1);
    expect([...cache.values()][0]).toBe(first);
    // speedupOverAdam on the mean curve agrees with the metric's definition (> 0, finite).
    expect(speedupOverAdam(adam.curve.subarray(0, 21), adam)?.value).toBeGreaterThan(0);
  });

  it('the LHOPT preset: speedup row with the paper’s 2×, LHOPT vs tuned Adam final loss as the claim', () => {
    const p = presetById('lhopt-speedup');
    expect(p).toBeDefined();
    expect(p?.rows.map((x) => [x.label, x.metric.kind, x.paper])).toEqual([
      ['LHOPT speedup over tuned Adam', 'speedup', 2],
      ['LHOPT final loss', 'final', undefined],
      ['tuned Adam final loss', 'tunedAdamFinal', undefined],
    ]);
    expect(p?.comparisons).toEqual([{ better: 1, worse: 2 }]);
    expect(specFromQuery(p?.experiments[0].query ?? '').spec.optimizers.map((o) => o.id)).toEqual(['lhopt']);
  });
});
