import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrateSpec, OLDEST_VERSION, versionOf } from '../../src/core/experiment/migrate';
import { parseSpec, SPEC_VERSION } from '../../src/core/experiment/schema';

describe('migrations', () => {
  it('form a chain from the oldest version to the current one', () => {
    expect(MIGRATIONS.map((m) => m.from)).toEqual(
      Array.from({ length: SPEC_VERSION - OLDEST_VERSION }, (_, k) => OLDEST_VERSION + k),
    );
  });

  it('migrate a version-0 spec field by field', () => {
    const v0 = {
      v: 0,
      task: 'ill-quadratic',
      taskOptions: { kappa: 100 },
      optimizers: [
        { name: 'adamw', params: { learningRate: 0.002, weight_decay: 0.1 }, color: '#123456' },
        { name: 'sgd' },
      ],
      steps: 250,
      seed: 3,
      backend: 'wasm',
      logScale: false,
      smoothing: 0.25,
    };
    const m = migrateSpec(v0);
    expect(m.from).toBe(0);
    expect(m.errors).toEqual([]);
    expect(m.notes).toEqual([expect.stringMatching(/^v: migrated from version 0 to 1 \(/)]);
    expect(m.raw).toEqual({
      v: 1,
      task: { id: 'ill-quadratic', options: { kappa: 100 } },
      optimizers: [{ id: 'adamw', hyper: { lr: 0.002, weightDecay: 0.1 }, color: '#123456' }, { id: 'sgd' }],
      steps: 250,
      seed: 3,
      backend: 'wasm',
      fused: false,
      chart: { logY: false, smoothing: 0.25 },
    });
    const p = parseSpec(m.raw);
    expect(p.errors).toEqual([]);
    expect(p.spec.chart).toEqual({ logY: false, logX: false, smoothing: 0.25 });
    expect(p.spec.task.options).toMatchObject({ kappa: 100, x0: 2, y0: 1 });
  });

  it('leave what they do not recognise for parseSpec to name', () => {
    const m = migrateSpec({ v: 0, task: 5, optimizers: [7, { name: 'adam', params: 3 }], colour: 'red' });
    expect(m.raw).toEqual({
      v: 1,
      task: 5,
      optimizers: [7, { id: 'adam', hyper: 3 }],
      colour: 'red',
      fused: false,
    });
    expect(parseSpec(m.raw).errors).toEqual([
      expect.stringMatching(/^task: must be an object/),
      'optimizers[0]: must be an object with an id',
      expect.stringMatching(/^optimizers\[1\]\.hyper\.adam: /),
      'colour: unknown field; valid: v, task, optimizers, steps, seed, seeds, backend, fused, chart',
    ]);
  });

  it('leave a current spec alone and treat a missing v as current', () => {
    const cur = { v: 1, steps: 5 };
    expect(migrateSpec(cur)).toEqual({ raw: cur, from: 1, errors: [], notes: [] });
    expect(migrateSpec({ steps: 5 })).toEqual({ raw: { v: 1, steps: 5 }, from: 1, errors: [], notes: [] });
    expect(migrateSpec('x')).toEqual({ raw: 'x', from: 1, errors: [], notes: [] });
  });

  it('read unusable versions as the current one with a message naming v', () => {
    expect(versionOf({ v: '0' })).toEqual({ version: 0, errors: [] });
    expect(versionOf({ v: 3 }).errors).toEqual([
      'v: version 3 is newer than this app reads (up to 1); read as version 1, fields it does not know are listed',
    ]);
    for (const v of [-1, 0.5, 'one', null, {}]) {
      const r = versionOf({ v });
      expect(r.version).toBe(1);
      expect(r.errors).toEqual([
        expect.stringMatching(/^v: must be a format version from 0 to 1 \(got .*\); read as version 1$/),
      ]);
    }
  });
});
