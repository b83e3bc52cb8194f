/**
 * Hand-computed values of docs/algorithms.md §1: AdaMod examples 1 and 2 (with their η/s via
 * probes), the λ = 0.01 variant, the AdaBound table, and AdaMod with β3 = 0 = Adam code form.
 * 1-D problem, θ0 = 1, given gradients, float32 compared at ~1e-6 relative.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hyper, OptimizerId } from '../../src/core/optim/catalog';
import { expectClose, hyper, runGiven, useCpu } from './helpers';

beforeAll(useCpu);

const REL = 1e-6;
const ABS = 1e-12;

function run1d(id: OptimizerId, gs: number[], hp: Hyper, theta0 = 1) {
  const full = hyper(id, hp);
  return runGiven(
    id,
    [{ values: [theta0], shape: [1] }],
    gs.map((g) => [[g]]),
    () => full,
  );
}

describe('AdaMod example 1 (g = 2, 1; β3 = 0.999)', () => {
  const tr = run1d('adamod', [2, 1], {});
  it('θ_1, θ_2', () => {
    expectClose(tr.params[0][0][0], 0.999999, REL, ABS, 'θ_1');
    expectClose(tr.params[1][0][0], 0.9999966692, REL, ABS, 'θ_2');
  });
  it('η_t, s_t and clipping via probes', () => {
    // one coordinate: every quantile equals the value
    for (const q of tr.probes[0].etaQuantiles) expectClose(q, 4.999999209e-3, REL, 0, 'η_1');
    for (const q of tr.probes[0].sQuantiles) expectClose(q, 4.999999209e-6, REL, 0, 's_1');
    for (const q of tr.probes[1].etaQuantiles) expectClose(q, 3.329212525e-3, REL, 0, 'η_2');
    for (const q of tr.probes[1].sQuantiles) expectClose(q, 8.324211735e-6, REL, 0, 's_2');
    expect(tr.probes[0].clippedFraction[0]).toBe(1);
    expect(tr.probes[1].clippedFraction[0]).toBe(1);
  });
  it('updateNorm (θ0 = 0 so float32 resolves the tiny steps)', () => {
    const tr0 = run1d('adamod', [2, 1], {}, 0);
    expectClose(tr0.probes[0].updateNorm[0], 9.999998419e-7, REL, 0, '|Δθ_1|');
    expectClose(tr0.probes[1].updateNorm[0], 2.330779286e-6, 1e-5, 0, '|Δθ_2|');
  });
  it('first step is (1 − β3)·η_1: 1000× smaller than Adam (built-in warm-up)', () => {
    const adam = run1d('adamod', [2], { beta3: 0 }, 0);
    const mod = run1d('adamod', [2], {}, 0);
    const ratio = adam.params[0][0][0] / mod.params[0][0][0];
    expectClose(ratio, 1000, 1e-3, 0, 'Adam/AdaMod first-step ratio');
  });
});

describe('AdaMod with decoupled weight decay λ = 0.01', () => {
  it('θ_1 = 0.999989, θ_2 = 0.9999766693', () => {
    const tr = run1d('adamod', [2, 1], { weightDecay: 0.01 });
    expectClose(tr.params[0][0][0], 0.999989, REL, ABS, 'θ_1');
    expectClose(tr.params[1][0][0], 0.9999766693, REL, ABS, 'θ_2');
  });
});

describe('AdaMod example 2 (β3 = 0.5, g = 1, 10: the min picks η at t = 2)', () => {
  const tr = run1d('adamod', [1, 10], { beta3: 0.5 });
  it('θ_1, θ_2', () => {
    expectClose(tr.params[0][0][0], 0.9995000002, REL, ABS, 'θ_1');
    expectClose(tr.params[1][0][0], 0.9986929124, REL, ABS, 'θ_2');
  });
  it('η, s and the clipped fraction', () => {
    expectClose(tr.probes[0].etaQuantiles[1], 9.999996838e-3, REL, 0, 'η_1');
    expectClose(tr.probes[0].sQuantiles[1], 4.999998419e-3, REL, 0, 's_1');
    expect(tr.probes[0].clippedFraction[0]).toBe(1); // s < η: min picks s
    expectClose(tr.probes[1].etaQuantiles[1], 7.404474563e-4, REL, 0, 'η_2');
    expectClose(tr.probes[1].sQuantiles[1], 2.870222938e-3, REL, 0, 's_2');
    expect(tr.probes[1].clippedFraction[0]).toBe(0); // η < s: min picks η
  });
});

describe('Adam in the code form (AdaMod with β3 = 0)', () => {
  it('θ_1 = 0.9990000002, θ_2 = 0.9980678207', () => {
    const tr = run1d('adamod', [2, 1], { beta3: 0 });
    expectClose(tr.params[0][0][0], 0.9990000002, REL, ABS, 'θ_1');
    expectClose(tr.params[1][0][0], 0.9980678207, REL, ABS, 'θ_2');
    expect(tr.probes[1].clippedFraction[0]).toBe(0);
  });
  it('matches adam.ts (Algorithm-1 ε) to float32 precision on this example', () => {
    // ε placement differs only by ε·(1/√(1−β2^t) − 1) ≈ 3e-7 relative to √v here.
    const code = run1d('adamod', [2, 1], { beta3: 0 });
    const alg1 = run1d('adam', [2, 1], {});
    expectClose(alg1.params[1][0][0], code.params[1][0][0], REL, ABS, 'adam θ_2');
  });
});

describe('AdaBound table (g = 2, 1; defaults)', () => {
  const tr = run1d('adabound', [2, 1], {});
  it('θ_1 = 0.9990000002, θ_2 = 0.9980678207 (no clipping early: equals Adam)', () => {
    expectClose(tr.params[0][0][0], 0.9990000002, REL, ABS, 'θ_1');
    expectClose(tr.params[1][0][0], 0.9980678207, REL, ABS, 'θ_2');
  });
  it('bounds and η via probes', () => {
    expectClose(tr.probes[0].lowerBound[0], 9.99000999e-5, REL, 0, 'lo_1');
    expectClose(tr.probes[0].upperBound[0], 100.1, REL, 0, 'hi_1');
    expectClose(tr.probes[1].lowerBound[0], 1.996007984e-4, REL, 0, 'lo_2');
    expectClose(tr.probes[1].upperBound[0], 50.1, REL, 0, 'hi_2');
    expectClose(tr.probes[0].etaQuantiles[1], 4.999999209e-3, REL, 0, 'η_1');
    expectClose(tr.probes[1].etaQuantiles[1], 3.329212525e-3, REL, 0, 'η_2');
  });
  it('clips from below once lo_t exceeds η_t', () => {
    // γ = 1, α* = 0.1: lo_1 = 0.05 > η_1 ≈ 0.005, so the step is lo_1·m_1 = 0.05·0.2
    const clipped = run1d('adabound', [2], { gamma: 1 });
    expectClose(clipped.params[0][0][0], 1 - 0.05 * 0.2, REL, ABS, 'θ_1 clipped at lo_1');
  });
});

describe('first steps of the other rules (g = 2, θ0 = 1, defaults)', () => {
  const cases: [OptimizerId, Hyper, number][] = [
    ['sgd', {}, 1 - 0.01 * 2],
    ['momentum', {}, 1 - 0.01 * 2],
    ['nesterov', {}, 1 - 0.01 * (2 + 0.9 * 2)],
    ['adagrad', {}, 1 - (0.01 * 2) / (2 + 1e-10)],
    // E_g = 0.4, Δ = √1e-6/√(0.4 + 1e-6)·2
    ['adadelta', {}, 1 - (Math.sqrt(1e-6) / Math.sqrt(0.4 + 1e-6)) * 2],
    ['rmsprop', {}, 1 - (0.01 * 2) / (Math.sqrt(0.04) + 1e-8)],
    ['adam', {}, 1 - (1e-3 * 2) / (2 + 1e-8)],
    ['adamw', {}, 1 * (1 - 1e-3 * 0.01) - (1e-3 * 2) / (2 + 1e-8)],
    ['amsgrad', {}, 1 - (1e-3 * 2) / (2 + 1e-8)],
    ['adamax', {}, 1 - (2e-3 * 0.2) / 0.1 / (2 + 1e-8)],
  ];
  for (const [id, hp, expected] of cases) {
    it(id, () => {
      const tr = run1d(id, [2], hp);
      expectClose(tr.params[0][0][0], expected, REL, ABS, `${id} θ_1`);
    });
  }
});
