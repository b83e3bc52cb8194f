import { describe, expect, it } from 'vitest';
import { specFromQuery } from '../../src/core/experiment/url';
import { PRESETS, presetById, presetIdOfHash, presetLink } from '../../src/core/presets/catalog';
import type { MeasuredRow, Preset } from '../../src/core/presets/types';
import { judge } from '../../src/core/presets/verdict';

const row = (label: string, mean: number, std: number, paper?: number): MeasuredRow => ({
  label,
  mean,
  std,
  seeds: [mean - std, mean + std],
  ...(paper !== undefined ? { paper } : {}),
});

const base: Preset = {
  id: 't',
  title: 't',
  paper: 'p',
  claim: 'c',
  experiments: [{ label: 'e', query: 'v=1' }],
  rows: [],
  comparisons: [{ better: 1, worse: 0 }],
  reduced: '',
  lookFor: '',
};

describe('preset catalog', () => {
  it('every experiment is a valid link; rows and comparisons point at real experiments, optimizers and rows', () => {
    expect(PRESETS.length).toBeGreaterThanOrEqual(8);
    for (const p of PRESETS) {
      const specs = p.experiments.map((e) => specFromQuery(e.query));
      for (const s of specs) expect(s.errors).toEqual([]);
      for (const r of p.rows) expect(specs[r.experiment].spec.optimizers[r.optimizer]).toBeDefined();
      for (const c of p.comparisons) {
        expect(p.rows[c.better]).toBeDefined();
        expect(p.rows[c.worse]).toBeDefined();
      }
    }
  });

  it('HyperAdam Table 1 and 2 values sit beside the right rows', () => {
    const dm = presetById('dm-vs-rnnprop-activations')!;
    expect(dm.rows.map((r) => [r.label, r.paper])).toEqual([
      ['sigmoid: Adam (lr 0.05)', 0.35],
      ['sigmoid: DMOptimizer', 0.38],
      ['sigmoid: RNNprop', 0.34],
      ['ReLU: Adam (lr 0.03)', 0.32],
      ['ReLU: DMOptimizer', 1.42],
      ['ReLU: RNNprop', 0.31],
      ['ELU: Adam (lr 0.03)', 0.31],
      ['ELU: DMOptimizer', 2.02],
      ['ELU: RNNprop', 0.31],
      ['tanh: Adam (lr 0.02)', 0.34],
      ['tanh: DMOptimizer', 0.83],
      ['tanh: RNNprop', 0.33],
    ]);
    expect(specFromQuery(dm.experiments[1].query).spec.task.options).toMatchObject({ activation: 'relu' });
    const sin = presetById('sin-lstm-table')!;
    expect(sin.rows.filter((r) => r.label.startsWith('2-layer')).map((r) => r.paper)).toEqual([
      0.51, 2.05, 0.27, 0.26,
    ]);
    expect(specFromQuery(sin.experiments[2].query).spec.task.options).toMatchObject({
      layers: 2,
      noise: 0.1,
    });
    expect(specFromQuery(presetById('rnnprop-long-horizon')!.experiments[0].query).spec.steps).toBe(2000);
  });

  it('a preset link opens its first experiment and names the preset in the fragment', () => {
    const p = presetById('saddle-escape')!;
    const url = presetLink(p, 'https://x.test/app/?v=1&task=beale#old');
    expect(url).toBe(`https://x.test/app/?${p.experiments[0].query}#preset=saddle-escape`);
    expect(presetIdOfHash('#preset=saddle-escape')).toBe('saddle-escape');
    expect(presetIdOfHash('#preset=nope')).toBe(null);
  });
});

describe('verdict', () => {
  it('reproduces: direction clear of the noise, paper numbers within tolerance', () => {
    const p = { ...base, rows: [] };
    const r = judge(p, [row('A', 0.5, 0.01, 0.5), row('B', 0.3, 0.01, 0.33)]);
    expect(r.verdict).toBe('reproduces');
    expect(r.reasons).toEqual(['B 0.300 ± 0.0100 < A 0.500 ± 0.0100']);
  });

  it('same direction: holds within noise, or holds but far from the paper', () => {
    expect(judge(base, [row('A', 0.5, 0.2), row('B', 0.45, 0.2)]).verdict).toBe('same direction');
    const far = judge(base, [row('A', 0.5, 0.01, 2.0), row('B', 0.3, 0.01)]);
    expect(far.verdict).toBe('same direction');
    expect(far.reasons[1]).toBe('A: ours 0.500 ± 0.0100, paper 2');
  });

  it('does not: the claimed better row is higher or diverged', () => {
    expect(judge(base, [row('A', 0.3, 0.01), row('B', 0.5, 0.01)]).verdict).toBe('does not');
    expect(judge(base, [row('A', 0.3, 0.01), row('B', Number.NaN, Number.NaN)]).verdict).toBe('does not');
    expect(judge(base, [row('A', Number.NaN, Number.NaN), row('B', 1, 0)]).verdict).toBe('reproduces');
  });
});
