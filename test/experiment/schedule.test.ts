/** Recorded edits in the spec (schedule.ts): validation messages and the `edit=` URL parameter. */
import { describe, expect, it } from 'vitest';
import '../../src/core/experiment/zodSetup';
import { describeEvent, hyperAt, recordEdit } from '../../src/core/experiment/schedule';
import { defaultSpec, parseSpec } from '../../src/core/experiment/schema';
import { specFromQuery, specToQuery } from '../../src/core/experiment/url';

const withEdits = () => {
  const s = defaultSpec();
  s.optimizers[1].schedule = [
    { step: 100, hyper: { lr: 0.001 } },
    { step: 250, hyper: { lr: 0.0001, beta3: 0.99 } },
  ];
  return s;
};

describe('schedule in the spec', () => {
  it('accepts valid events and names every rejected one with the field and the range', () => {
    expect(parseSpec(withEdits()).errors).toEqual([]);
    const raw = {
      steps: 300,
      optimizers: [
        {
          id: 'adam',
          hyper: { lr: 0.01 },
          schedule: [
            { step: 0, hyper: { lr: 0.1 } },
            { step: 10, hyper: { lr: 20 } },
            { step: 20, hyper: {} },
            { step: 30, hyper: { lr: 0.5, beta3: 0.9 }, when: 'now' },
            { step: 30, hyper: { lr: 0.2 } },
            { step: 400, hyper: { lr: 0.2 } },
            'x',
          ],
        },
      ],
    };
    const { spec, errors } = parseSpec(raw);
    expect(spec.optimizers[0].schedule).toEqual([{ step: 30, hyper: { lr: 0.5 } }]);
    expect(errors).toEqual([
      'optimizers[0].schedule[0].step: must be an integer ≥ 1 (the first update that uses the new values); event dropped',
      'optimizers[0].schedule[1].hyper.adam.lr: out of range; allowed range is [1e-7, 10]',
      'optimizers[0].schedule[2].hyper: must name at least one hyperparameter, e.g. { lr: 0.001 }; event dropped',
      'optimizers[0].schedule[3].when: unknown field; valid: step, hyper',
      expect.stringMatching(
        /^optimizers\[0\]\.schedule\[3\]\.hyper\.adam: Unrecognized key: "beta3"; valid for adam: lr/,
      ),
      "optimizers[0].schedule[4].step: 30 must be greater than the previous event's step 30; event dropped",
      'optimizers[0].schedule[6]: must be an object { step, hyper }',
      'optimizers[0].schedule[1].step: 400 is out of range [1, 299] (steps is 300); event dropped',
    ]);
    expect(parseSpec({ optimizers: [{ id: 'sgd', hyper: {}, schedule: 3 }] }).errors).toEqual([
      'optimizers[0].schedule: must be a list of { step, hyper } events',
    ]);
  });

  it('is written as readable edit= parameters and reads back exactly', () => {
    const s = withEdits();
    const q = specToQuery(s);
    expect(q).toBe(
      'v=1&task=rosenbrock&opt=adam(lr=0.01)&opt=adamod(lr=0.01)&edit=1@100(lr=0.001)&edit=1@250(lr=0.0001,beta3=0.99)&steps=500&seed=1',
    );
    expect(specFromQuery(q)).toEqual({ spec: s, errors: [], notes: [] });
    // Links from before schedules (no edit=) open as before, with no schedule.
    const old = specFromQuery('v=1&task=rosenbrock&opt=adam(lr=0.01)&steps=500&seed=1');
    expect(old.errors).toEqual([]);
    expect(old.spec.optimizers[0].schedule).toBeUndefined();
  });

  it('names problems in edit= parameters and keeps the rest of the link', () => {
    const { spec, errors } = specFromQuery(
      'v=1&opt=adam&edit=0@5(lr=0.5)&edit=3@5(lr=1)&edit=0@x&edit=0@9(lr=abc,eps=0.1)&edit=0@700(lr=0.1)&steps=500',
    );
    expect(spec.optimizers[0].schedule).toEqual([
      { step: 5, hyper: { lr: 0.5 } },
      { step: 9, hyper: { eps: 0.1 } },
    ]);
    expect(errors).toEqual([
      'edit[1]: optimizer index 3 is out of range [0, 0]; ignored',
      "edit[2]: expected <optimizer index>@<step>(<name>=<value>,...), got '0@x'; ignored",
      'optimizers[0].schedule[1].hyper.adam.lr: must be a number; allowed range is [1e-7, 10]',
      'optimizers[0].schedule[2].step: 700 is out of range [1, 499] (steps is 500); event dropped',
    ]);
    expect(specFromQuery('v=1&edit=0@5(lr=0.5)').errors).toEqual([
      'edit: no opt= parameter for the edits to apply to; ignored',
    ]);
  });

  it('recordEdit merges edits at the same step and keeps events in order; hyperAt reads them', () => {
    let r = recordEdit({ lr: 0.1 }, undefined, 50, { lr: 0.01 });
    r = recordEdit(r.hyper, r.schedule, 20, { beta1: 0.5 });
    r = recordEdit(r.hyper, r.schedule, 50, { eps: 1e-6 });
    expect(r).toEqual({
      hyper: { lr: 0.1 },
      schedule: [
        { step: 20, hyper: { beta1: 0.5 } },
        { step: 50, hyper: { lr: 0.01, eps: 1e-6 } },
      ],
    });
    expect(recordEdit({ lr: 0.1 }, undefined, 0, { lr: 0.2 })).toEqual({ hyper: { lr: 0.2 } });
    expect(hyperAt(r.hyper, r.schedule, 49)).toEqual({ lr: 0.1, beta1: 0.5 });
    expect(hyperAt(r.hyper, r.schedule, 50)).toEqual({ lr: 0.01, beta1: 0.5, eps: 1e-6 });
    expect(describeEvent(r.schedule![1])).toBe('lr → 0.01, eps → 1e-6');
  });
});

describe('schedule in exports', () => {
  it('a JSON export carries the schedule and its import restores it', async () => {
    const { exportDocumentJson, parseExportDocument } = await import(
      '../../src/core/experiment/exportFormats'
    );
    const spec = withEdits();
    const losses = new Float32Array(501).fill(1);
    const text = exportDocumentJson({
      spec,
      backend: 'cpu',
      appVersion: '0.1.0',
      runs: spec.optimizers.map((_, i) => ({ label: `r${i}`, losses, probes: {} })),
    });
    const r = parseExportDocument(text);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.doc.spec.optimizers[1].schedule).toEqual(spec.optimizers[1].schedule);
    expect(r.doc.spec).toEqual(spec);
  });

  it('the CSV header names each recorded edit', async () => {
    const { csvLabel } = await import('../../src/ui/share/exportData');
    const spec = withEdits();
    expect(csvLabel(spec, 1, 'AdaMod')).toBe(
      'AdaMod (lr=0.01; from step 100: lr → 0.001; from step 250: lr → 1e-4, beta3 → 0.99)',
    );
    expect(csvLabel(spec, 0, 'Adam')).toBe('Adam (lr=0.01)');
    spec.optimizers[1].label = 'mine';
    expect(csvLabel(spec, 1, 'mine')).toBe(
      'mine (from step 100: lr → 0.001; from step 250: lr → 1e-4, beta3 → 0.99)',
    );
  });
});
