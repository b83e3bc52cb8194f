import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/run';

async function inProcess(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const SPIRALS = [
  '--task',
  'spirals',
  '--option',
  'pointsPerClass=40',
  '--option',
  'width=8',
  '--backend',
  'cpu',
];

describe('cli run --seeds', () => {
  it('--json: mean losses per run plus seeds: [{ seed, losses, evalLosses, evalAccuracies, diverged }]', async () => {
    const r = await inProcess([
      ...SPIRALS,
      '--opt',
      'adam:lr=0.05',
      '--opt',
      'sgd:lr=0.5',
      '--steps',
      '8',
      '--seed',
      '3',
      '--seeds',
      '3',
      '--every',
      '4',
      '--json',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.seed).toBe(3);
    expect(doc.seeds).toBe(3);
    expect(doc.evalSteps).toEqual([4, 8]);
    for (const run of doc.runs) {
      expect(run.losses.length).toBe(9);
      expect(run.seeds.map((s: { seed: number }) => s.seed)).toEqual([3, 4, 5]);
      for (const s of run.seeds) {
        expect(Object.keys(s)).toEqual(['seed', 'losses', 'evalLosses', 'evalAccuracies', 'diverged']);
        expect(s.losses.length).toBe(9);
        expect(s.evalLosses.length).toBe(2);
        expect(s.diverged).toBe(false);
      }
      for (const k of [0, 4, 8]) {
        const mean = run.seeds.reduce((a: number, s: { losses: number[] }) => a + s.losses[k], 0) / 3;
        expect(run.losses[k]).toBeCloseTo(mean, 5);
      }
      const lastAcc = run.seeds.map((s: { evalAccuracies: number[] }) => s.evalAccuracies[1]);
      expect(run.evalAccuracy).toBeCloseTo((lastAcc[0] + lastAcc[1] + lastAcc[2]) / 3, 6);
      expect(run.evalLoss).toBeGreaterThan(0);
    }
    // Seeds give different data, inits and batches: the first seed's and second seed's curves differ.
    expect(doc.runs[0].seeds[0].losses[4]).not.toBe(doc.runs[0].seeds[1].losses[4]);
  });

  it('table: mean ± std of the final loss, held-out loss and accuracy', async () => {
    const r = await inProcess([...SPIRALS, '--opt', 'adam:lr=0.05', '--steps', '6', '--seeds', '2']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toContain('6 steps, seeds 1–2, backend cpu');
    expect(lines[1].split(/\s{2,}/)).toEqual([
      'optimizer',
      'hyper',
      'final loss (mean ± std)',
      'best loss',
      'best at',
      'eval loss',
      'eval acc',
      'diverged',
    ]);
    expect(lines[3]).toMatch(
      /^adam\s+lr=0\.05\s+[\d.]+ ± [\d.e-]+\s+[\d.]+\s+\d+\s+[\d.]+ ± [\d.e-]+\s+[\d.]+ ± [\d.e-]+\s+no$/,
    );
  });

  it('an out-of-range --seeds is a usage error naming the field and range', async () => {
    const r = await inProcess([...SPIRALS, '--seeds', '0']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('run: seeds: must be ≥ 1 (allowed [1, 32])\n');
  });
});
