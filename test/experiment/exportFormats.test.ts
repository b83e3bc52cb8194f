import { describe, expect, it } from 'vitest';
import {
  curvesToCsv,
  EXPORT_KIND,
  type ExportRunInput,
  exportDocumentJson,
  parseCurvesCsv,
  parseExportDocument,
  runLabels,
  shortestFloat32,
} from '../../src/core/experiment/exportFormats';
import { makeRng } from '../../src/core/experiment/rng';
import { defaultSpec } from '../../src/core/experiment/schema';
import { randomLabel } from './genSpec';

describe('shortestFloat32', () => {
  it('gives the shortest decimal that reads back as the same float32', () => {
    expect(shortestFloat32(Math.fround(0.1))).toBe(0.1);
    expect(shortestFloat32(Math.fround(24.2))).toBe(24.2);
    expect(shortestFloat32(Math.fround(1 / 3))).toBe(0.33333334);
    expect(shortestFloat32(Math.fround(3.4e38))).toBe(3.4e38);
    expect(shortestFloat32(1e-45)).toBe(1e-45); // smallest subnormal
    const rng = makeRng(5);
    for (let i = 0; i < 2000; i++) {
      const f = Math.fround((rng.next() - 0.5) * 10 ** (rng.int(60) - 30));
      const s = shortestFloat32(f);
      expect(Math.fround(s)).toBe(f);
      const digits = String(s)
        .replace(/^-|e.*$|\./g, '')
        .replace(/^0+|0+$/g, '');
      expect(digits.length).toBeLessThanOrEqual(9);
    }
  });
});

describe('CSV of loss curves', () => {
  it('writes step first, one quoted-where-needed column per run, empty cells for diverged/missing', () => {
    const csv = curvesToCsv([
      { label: 'Adam', losses: Float32Array.from([24.2, 3.5, 0.125]) },
      { label: 'AdaMod, "slow"', losses: Float32Array.from([24.2, Number.NaN, 1]), divergedAt: 1 },
      { label: '=HYPERLINK("x")', losses: [2, 1] },
      { label: ' padded', losses: [] },
    ]);
    expect(csv).toBe(
      'step,Adam,"AdaMod, ""slow""","\'=HYPERLINK(""x"")"," padded"\r\n' +
        '0,24.2,24.2,2,\r\n' +
        '1,3.5,,1,\r\n' +
        '2,0.125,,,\r\n',
    );
  });

  it('blanks every step from divergedAt on, and Inf values', () => {
    const csv = curvesToCsv([{ label: 'a', losses: [1, 2, Number.POSITIVE_INFINITY, 4, 5], divergedAt: 3 }]);
    expect(csv).toBe('step,a\r\n0,1\r\n1,2\r\n2,\r\n3,\r\n4,\r\n');
  });

  it('round-trips labels and float32 values exactly (random runs)', () => {
    const rng = makeRng(77);
    for (let t = 0; t < 40; t++) {
      const runs = Array.from({ length: 1 + rng.int(6) }, () => {
        const n = rng.int(60);
        const losses = new Float32Array(n);
        for (let i = 0; i < n; i++) losses[i] = rng.next() < 0.05 ? Number.NaN : Math.exp(rng.normal() * 5);
        const label =
          rng.next() < 0.2
            ? `${['=', '+', '-', '@', "'"][rng.int(5)]}${randomLabel(rng, 20)}`
            : randomLabel(rng, 30);
        return { label, losses };
      });
      const parsed = parseCurvesCsv(curvesToCsv(runs));
      if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
      expect(parsed.value.labels).toEqual(runs.map((r) => r.label));
      const n = Math.max(0, ...runs.map((r) => r.losses.length));
      expect(parsed.value.steps).toEqual(Array.from({ length: n }, (_, k) => k));
      runs.forEach((r, j) => {
        const col = parsed.value.columns[j];
        for (let k = 0; k < n; k++) {
          const want = k < r.losses.length ? r.losses[k] : Number.NaN;
          expect(Math.fround(col[k])).toBe(want); // NaN where the cell is empty
        }
      });
    }
  });

  it('plain number arrays keep full float64 precision', () => {
    const xs = [0.1 + 0.2, 1 / 3, 1e-300];
    const parsed = parseCurvesCsv(curvesToCsv([{ label: 'f64', losses: xs }]));
    expect(parsed.ok && parsed.value.columns[0]).toEqual(xs);
  });

  it('the reader names line and column for bad cells', () => {
    expect(parseCurvesCsv('step,a\r\n0,abc\r\n1\r\n')).toEqual({
      ok: false,
      errors: ["line 2, column 'a': not a number", 'line 3: 1 cells; the header has 2'],
    });
    expect(parseCurvesCsv('x,a\n')).toEqual({
      ok: false,
      errors: ["line 1: the first column must be 'step'"],
    });
    expect(parseCurvesCsv('step,"a\n0,1')).toEqual({
      ok: false,
      errors: ['line 2: unterminated quoted field'],
    });
  });
});

describe('runLabels', () => {
  it('uses the entry label, else the catalog name, numbering repeats', () => {
    const s = defaultSpec();
    s.optimizers = [
      { id: 'adam', hyper: {} },
      { id: 'adam', hyper: { lr: 0.1 } },
      { id: 'adamod', hyper: {}, label: 'mine' },
      { id: 'rnnprop', hyper: {} },
    ];
    expect(runLabels(s)).toEqual(['Adam', 'Adam #2', 'mine', 'RNNprop']);
  });
});

describe('JSON export document', () => {
  function sampleRuns(): ExportRunInput[] {
    const rng = makeRng(9);
    const f = (n: number) => Float32Array.from({ length: n }, () => Math.exp(rng.normal()));
    const diverged = f(20);
    diverged[12] = Number.NaN;
    return [
      {
        label: 'Adam',
        losses: f(21),
        probes: { updateNorm: { width: 1, values: f(20) } },
        trajectory: f(42),
      },
      {
        label: 'AdaMod "β3"',
        losses: diverged,
        probes: { etaQuantiles: { width: 3, values: f(36) }, clippedFraction: { width: 1, values: f(12) } },
        divergedAt: 12,
      },
    ];
  }

  it('has the documented shape', () => {
    const text = exportDocumentJson({
      spec: defaultSpec(),
      backend: 'webgl',
      appVersion: '0.1.0',
      runs: sampleRuns(),
    });
    const doc = JSON.parse(text);
    expect(Object.keys(doc)).toEqual(['kind', 'version', 'appVersion', 'spec', 'backend', 'runs']);
    expect(doc.kind).toBe(EXPORT_KIND);
    expect(doc.version).toBe(1);
    expect(doc.spec).toEqual(defaultSpec());
    expect(Object.keys(doc.runs[0])).toEqual(['label', 'losses', 'probes', 'trajectory']);
    expect(doc.runs[1].losses[12]).toBeNull();
    expect(doc.runs[1].divergedAt).toBe(12);
  });

  it('round-trips exactly (float32 values, probes, trajectory, NaN → null → NaN)', () => {
    const runs = sampleRuns();
    const spec = defaultSpec();
    spec.optimizers[1].label = 'AdaMod "β3"';
    const text = exportDocumentJson({
      spec,
      backend: 'wasm',
      appVersion: '0.1.0',
      exportedAt: '2026-11-23T07:00:00Z',
      runs,
    });
    const r = parseExportDocument(text);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.notes).toEqual([]);
    expect(r.doc.spec).toEqual(spec);
    expect([r.doc.backend, r.doc.appVersion, r.doc.exportedAt, r.doc.version]).toEqual([
      'wasm',
      '0.1.0',
      '2026-11-23T07:00:00Z',
      1,
    ]);
    expect(r.doc.runs).toEqual(
      runs.map((x) => ({
        label: x.label,
        losses: x.losses,
        probes: x.probes,
        ...(x.divergedAt !== undefined ? { divergedAt: x.divergedAt } : {}),
        ...(x.trajectory !== undefined ? { trajectory: x.trajectory } : {}),
      })),
    );
    expect(r.doc.runs[1].losses[12]).toBeNaN();
    // Byte-for-byte stable: exporting the import gives the same text.
    expect(exportDocumentJson({ ...r.doc })).toBe(text);
  });

  it('migrates an old spec inside the file', () => {
    const text = JSON.stringify({
      kind: EXPORT_KIND,
      version: 1,
      appVersion: '0.0.1',
      spec: { v: 0, task: 'beale', optimizers: [{ name: 'sgd', params: { learningRate: 0.1 } }] },
      backend: 'cpu',
      runs: [{ label: 'SGD', losses: [1, 0.5], probes: {} }],
    });
    const r = parseExportDocument(text);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.doc.spec.optimizers).toEqual([{ id: 'sgd', hyper: { lr: 0.1 } }]);
      expect(r.notes).toEqual([expect.stringMatching(/^v: migrated from version 0 to 1/)]);
    }
  });

  it('rejects bad files with messages naming each field', () => {
    const good = JSON.parse(
      exportDocumentJson({ spec: defaultSpec(), backend: 'webgl', appVersion: '0.1.0', runs: sampleRuns() }),
    );
    const bad = (patch: (d: typeof good) => void) => {
      const d = structuredClone(good);
      patch(d);
      return parseExportDocument(JSON.stringify(d));
    };
    expect(parseExportDocument('{"kind":')).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^file: not valid JSON/)],
    });
    expect(parseExportDocument('[1]')).toEqual({
      ok: false,
      errors: ['file: must be a JSON object (an Optimizer Playground export)'],
    });
    expect(bad((d) => (d.kind = 'other'))).toEqual({
      ok: false,
      errors: ["kind: must be 'optimizer-playground-export'; this is not an Optimizer Playground export"],
    });
    expect(bad((d) => (d.version = 9))).toEqual({
      ok: false,
      errors: ['version: this file is version 9; this app reads versions up to 1'],
    });
    expect(
      bad((d) => {
        d.runs[1].losses[3] = 'x';
        d.runs[0].probes.updateNorm.width = 0;
        d.runs[1].probes.etaQuantiles.values.pop();
        d.runs[0].label = 5;
        d.backend = '<b>';
        d.extra = 1;
        d.runs[1].divergedAt = -2;
      }),
    ).toEqual({
      ok: false,
      errors: [
        'backend: must be a backend name like webgl',
        'runs[0].label: must be a text',
        'runs[0].probes.updateNorm.width: must be ≥ 1 (allowed [1, 64])',
        'runs[1].losses[3]: must be a number or null',
        'runs[1].probes.etaQuantiles.values: must hold a whole number of rows (values.length a multiple of width)',
        'runs[1].divergedAt: must be ≥ 0 (allowed [0, 100001])',
        'extra: unknown field',
      ],
    });
    expect(bad((d) => (d.spec.steps = -5))).toEqual({
      ok: false,
      errors: ['spec.steps: must be ≥ 1 (allowed [1, 100000])'],
    });
    expect(bad((d) => d.runs.pop())).toEqual({
      ok: false,
      errors: ['runs: 1 runs but spec.optimizers has 2 entries (one run per optimizer)'],
    });
    const many = bad((d) => {
      d.runs[0].losses = d.runs[0].losses.map(() => 'x');
    });
    expect(many.ok).toBe(false);
    if (!many.ok) {
      expect(many.errors).toHaveLength(21);
      expect(many.errors[20]).toBe('… and 1 more problems');
    }
  });
});
