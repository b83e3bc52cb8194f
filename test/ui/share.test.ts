/**
 * Share/export helpers of the UI (src/ui/share): store series → CSV and JSON export, JSON →
 * series store (bit-identical), import into the stores (marked imported, cleared by a run-key
 * edit, nothing changed on a bad file), legend layout, weights references, file names.
 */
import { describe, expect, it } from 'vitest';
import {
  curvesToCsv,
  exportDocumentJson,
  parseCurvesCsv,
  parseExportDocument,
} from '../../src/core/experiment/exportFormats';
import { defaultSpec, type ExperimentSpec } from '../../src/core/experiment/schema';
import { GrowBuf } from '../../src/ui/lib/growable';
import { fileStem } from '../../src/ui/share/download';
import { curveColumns, exportInput, seriesLength } from '../../src/ui/share/exportData';
import { importExportText, seriesFromDocument } from '../../src/ui/share/importDocument';
import { pngCaption } from '../../src/ui/share/PngButton';
import { legendLayout } from '../../src/ui/share/pngExport';
import { weightsRefs } from '../../src/ui/share/weightsCheck';
import { useRun } from '../../src/ui/store/runStore';
import { type RunSeries, resetSeries, series } from '../../src/ui/store/series';
import { useSpec } from '../../src/ui/store/specStore';

function buf(values: number[]): GrowBuf {
  const b = new GrowBuf(2);
  b.push(Float32Array.from(values));
  return b;
}

function twoRuns(): { spec: ExperimentSpec; runs: RunSeries[] } {
  const spec: ExperimentSpec = {
    ...defaultSpec(),
    task: { id: 'rosenbrock', options: { x0: -1, y0: 2 } } as ExperimentSpec['task'],
    optimizers: [
      { id: 'adam', hyper: { lr: 0.02 } },
      { id: 'adam', hyper: { lr: 0.001 }, label: 'slow, "careful"' },
    ],
    steps: 3,
    seed: 7,
  };
  const runs: RunSeries[] = [
    {
      losses: buf([24.2, 10.1, 0.1, 1e-7]),
      trajectory: buf([-1, 2, -0.9, 1.9, -0.8, 1.8, -0.7, 1.7]),
      probes: new Map([['updateNorm', { width: 1, buf: buf([0.1, 0.2, 0.3, 0.4]) }]]),
      divergedAt: null,
    },
    {
      losses: buf([24.2, Number.NaN]),
      trajectory: new GrowBuf(),
      probes: new Map([['etaQuantiles', { width: 3, buf: buf([1, 2, 3, 4, 5, 6]) }]]),
      divergedAt: 1,
    },
  ];
  return { spec, runs };
}

describe('export from the series store', () => {
  it('CSV: step then one column per run, labels distinct, empty cells after divergence', () => {
    const { spec, runs } = twoRuns();
    const csv = curvesToCsv(curveColumns(spec, runs));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('step,Adam (lr=0.02),"slow, ""careful"""');
    expect(lines.slice(1, 5)).toEqual(['0,24.2,24.2', '1,10.1,', '2,0.1,', '3,1e-7,']);
    expect(lines.length).toBe(6); // header + 4 rows + trailing ''
    const back = parseCurvesCsv(csv);
    expect(back.ok).toBe(true);
    if (back.ok) {
      expect(back.value.labels).toEqual(['Adam (lr=0.02)', 'slow, "careful"']);
      expect(back.value.steps).toEqual([0, 1, 2, 3]);
      expect(back.value.columns[0]).toEqual([24.2, 10.1, 0.1, 1e-7]);
    }
    expect(seriesLength(runs)).toBe(4);
  });

  it('JSON round trip restores bit-identical float32 series, probes, trajectory, divergence', () => {
    const { spec, runs } = twoRuns();
    const text = exportDocumentJson(exportInput(spec, runs, 'wasm', '0.1.0', '2026-11-23T08:00:00.000Z'));
    const res = parseExportDocument(text);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.doc.backend).toBe('wasm');
    expect(res.doc.appVersion).toBe('0.1.0');
    expect(res.doc.spec.seed).toBe(7);
    const back = seriesFromDocument(res.doc);
    expect(back.length).toBe(2);
    for (let i = 0; i < 2; i++) {
      expect(Array.from(back[i].losses.view())).toEqual(Array.from(runs[i].losses.view()));
      expect(Array.from(back[i].trajectory.view())).toEqual(Array.from(runs[i].trajectory.view()));
      expect(back[i].divergedAt).toBe(runs[i].divergedAt);
    }
    expect(back[1].probes.get('etaQuantiles')?.width).toBe(3);
    expect(Array.from(back[1].probes.get('etaQuantiles')!.buf.view())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(back[0].probes.get('updateNorm')!.buf.view())).toEqual(
      Array.from(Float32Array.from([0.1, 0.2, 0.3, 0.4])),
    );
  });
});

describe('import into the stores', () => {
  it('restores spec and series without running, marks them imported; a run-key edit clears the mark', async () => {
    const { spec, runs } = twoRuns();
    const text = exportDocumentJson(exportInput(spec, runs, 'cpu', '0.1.0'));
    const out = await importExportText(text, 'exp.json');
    expect(out.ok).toBe(true);
    expect(useSpec.getState().spec.seed).toBe(7);
    expect(useSpec.getState().spec.optimizers.map((o) => o.hyper.lr)).toEqual([0.02, 0.001]);
    expect(series.runs.length).toBe(2);
    expect(Array.from(series.runs[0].losses.view())).toEqual(
      Array.from(Float32Array.from([24.2, 10.1, 0.1, 1e-7])),
    );
    const imp = useRun.getState().imported;
    expect(imp).toEqual({ fileName: 'exp.json', appVersion: '0.1.0', backend: 'cpu', steps: 3 });
    expect(useRun.getState().step).toBe(3);
    // A hyperparameter edit keeps the imported curves; a seed edit leaves the imported state.
    useSpec.getState().setHyper(0, { lr: 0.03 });
    expect(useRun.getState().imported).not.toBeNull();
    useSpec.getState().setSeed(8);
    expect(useRun.getState().imported).toBeNull();
  });

  it('Reset (new series arrays from the worker client) leaves the imported state', async () => {
    const { spec, runs } = twoRuns();
    expect(
      (await importExportText(exportDocumentJson(exportInput(spec, runs, 'cpu', '0.1.0')), 'e.json')).ok,
    ).toBe(true);
    expect(useRun.getState().imported).not.toBeNull();
    useRun.setState((s) => ({ version: s.version + 1 }));
    expect(useRun.getState().imported).not.toBeNull();
    resetSeries(2);
    useRun.setState((s) => ({ version: s.version + 1, step: 0 }));
    expect(useRun.getState().imported).toBeNull();
  });

  it('a bad file is rejected field by field and changes nothing', async () => {
    const before = useSpec.getState().spec;
    const runsBefore = series.runs;
    const { spec, runs } = twoRuns();
    const doc = JSON.parse(exportDocumentJson(exportInput(spec, runs, 'cpu', '0.1.0')));
    doc.runs[1].losses[1] = 'x';
    doc.spec.steps = -5;
    const out = await importExportText(JSON.stringify(doc), 'bad.json');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.errors.join('\n')).toMatch(/runs\[1\]\.losses\[1\]/);
    const out2 = await importExportText(
      '{"kind":"optimizer-playground-export","version":1,"appVersion":"1","spec":{"steps":-5},"backend":"cpu","runs":[]}',
      'b2.json',
    );
    expect(out2.ok).toBe(false);
    if (!out2.ok) expect(out2.errors.join('\n')).toMatch(/spec\.steps/);
    expect(await importExportText('not json', 'c.json')).toMatchObject({ ok: false });
    expect(useSpec.getState().spec).toBe(before);
    expect(series.runs).toBe(runsBefore);
  });
});

describe('small helpers', () => {
  it('legend layout wraps rows at the width', () => {
    const pos = legendLayout(
      [
        { label: 'aaaa', color: '#000' },
        { label: 'bbbb', color: '#000' },
        { label: 'cccc', color: '#000' },
      ],
      100,
      (t) => t.length * 10,
    );
    // Each entry is 16 + 40 + 16 = 72 wide: one per row at width 100.
    expect(pos).toEqual([
      { x: 0, row: 0 },
      { x: 0, row: 1 },
      { x: 0, row: 2 },
    ]);
    expect(
      legendLayout(
        [
          { label: 'a', color: '' },
          { label: 'b', color: '' },
        ],
        100,
        () => 10,
      ),
    ).toEqual([
      { x: 0, row: 0 },
      { x: 42, row: 0 },
    ]);
  });

  it('weights references and file stems', () => {
    const spec: ExperimentSpec = {
      ...defaultSpec(),
      optimizers: [
        { id: 'adam', hyper: {} },
        { id: 'rnnprop', hyper: {}, weights: 'local:mine-2' },
        { id: 'dmoptimizer', hyper: {}, weights: 'pretrained:dmoptimizer-mnist' },
      ],
    };
    expect(weightsRefs(spec)).toEqual([
      { index: 1, id: 'rnnprop', weights: 'local:mine-2', source: 'local', name: 'mine-2' },
      {
        index: 2,
        id: 'dmoptimizer',
        weights: 'pretrained:dmoptimizer-mnist',
        source: 'pretrained',
        name: 'dmoptimizer-mnist',
      },
    ]);
    expect(fileStem('optimizer-playground-Rosenbrock, seed 3')).toBe(
      'optimizer-playground-rosenbrock-seed-3',
    );
    expect(fileStem('***')).toBe('export');
  });
});

describe('CSV headers carry the hyperparameters', () => {
  it('explicit hyperparameters and weights, "defaults" when none, own labels kept', () => {
    const spec: ExperimentSpec = {
      ...defaultSpec(),
      optimizers: [
        { id: 'adam', hyper: { lr: 0.1, beta2: 0.99 } },
        { id: 'adam', hyper: {} },
        { id: 'rnnprop', hyper: {}, weights: 'local:mine' },
        { id: 'sgd', hyper: { lr: 1 }, label: 'mine' },
      ],
    };
    const labels = curveColumns(spec, []).map((c) => c.label);
    expect(labels).toEqual([
      'Adam (lr=0.1, beta2=0.99)',
      'Adam #2 (defaults)',
      'RNNprop (weights=local:mine)',
      'mine',
    ]);
    expect(curvesToCsv(curveColumns(spec, [])).split('\r\n')[0]).toBe(
      'step,"Adam (lr=0.1, beta2=0.99)",Adam #2 (defaults),RNNprop (weights=local:mine),mine',
    );
  });
});

describe('PNG caption', () => {
  it('names the task, steps, seed, backend and app version', () => {
    const spec: ExperimentSpec = { ...defaultSpec(), steps: 300, seed: 4 };
    expect(pngCaption(spec, 'wasm', '0.1.0')).toBe(
      'Rosenbrock · 300 steps · seed 4 · backend wasm · Optimizer Playground 0.1.0',
    );
    expect(pngCaption({ ...spec, task: { id: 'mnist-mlp', options: {} } } as ExperimentSpec, null, '9')).toBe(
      'MNIST MLP · 300 steps · seed 4 · Optimizer Playground 9',
    );
  });
});
