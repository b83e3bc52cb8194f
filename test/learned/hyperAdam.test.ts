/**
 * HyperAdam (docs/algorithms.md §4.1): meta-parameter count, the first-step property, the online
 * bias correction, a float64 reference for two full steps, scale invariance, save/load and
 * tensor ownership.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { learnedFromArtifacts, makeHeader, toArtifacts } from '../../src/core/learned/artifacts';
import { DEFAULT_ARCHITECTURES, LEARNED, paramCountOf } from '../../src/core/learned/catalog';
import { initLearned } from '../../src/core/learned/factory';
import { adamCell, colNorm, RATE_CAP, zeroAdamCellState } from '../../src/core/learned/hyperAdamCells';
import {
  CLOCK_FORGET,
  CLOCK_UNITS,
  clockUnitsOf,
  HYPERADAM_DEFAULT,
} from '../../src/core/learned/hyperadam/meta';
import { loadPretrainedArtifacts } from '../../src/core/learned/registry';
import { learnedRule } from '../../src/core/learned/rule';
import type { FlatState, FlatStep, LearnedOptimizer } from '../../src/core/learned/types';
import { applyStep, stateTensors } from '../../src/core/optim/registry';
import { hyperAdamStep64, type W, zeroRefState } from './hyperAdamReference64';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const G = [0.3, -2e-3, 5, -1e-7, 0.04, -0.7];

/** The files in public/pretrained, read from disk. */
const SHIPPED = {
  readPretrained: async (f: string) => {
    const b = await readFile(`public/pretrained/${f}`);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  },
  loadLocal: () => Promise.reject(new Error('none')),
};

function col(xs: number[]): tf.Tensor {
  return tf.tensor2d(xs, [xs.length, 1]);
}

function setWeight(opt: LearnedOptimizer, name: string, values: number | Float32Array): void {
  const v = opt.weights.get(name);
  const t = typeof values === 'number' ? tf.fill(v.shape, values) : tf.tensor(values, v.shape);
  v.assign(t);
  t.dispose();
}

/** A step's outputs other than its state (delta, aux, probes). */
function disposeOutputs(r: FlatStep): void {
  tf.dispose([r.delta, ...Object.values(r.aux), ...Object.values(r.probes ?? {})]);
}

function disposeFlat(s: FlatState): void {
  tf.dispose(Object.values(s).flat());
}

describe('HyperAdam', () => {
  it.each(['adam', 'adam-spread', 'adam-clock'] as const)(
    "Adam start (recipe.init = '%s'): the paper's pre-FC and LSTM, and five steps that equal Adam(0.9, 0.999, lr 0.03)",
    (start) => {
      const arch = DEFAULT_ARCHITECTURES.hyperadam;
      const paper = initLearned(arch, 3);
      const opt = initLearned(arch, 3, start);
      const kept =
        start === 'adam-clock'
          ? ['pre/kernel', 'pre/bias']
          : ['pre/kernel', 'pre/bias', 'lstm0/kernel', 'lstm0/bias'];
      for (const name of kept) {
        expect(Array.from(opt.weights.get(name).dataSync())).toEqual(
          Array.from(paper.weights.get(name).dataSync()),
        );
      }
      const q = Array.from(opt.weights.get('weight/bias').dataSync());
      const sig = (x: number) => 1 / (1 + Math.exp(-x));
      const betas = Array.from(opt.weights.get('adam/bias').dataSync(), sig);
      if (start !== 'adam-spread') {
        // every candidate Adam(0.9, 0.999), weighted lr/(α·J) = 0.03/(0.005·20) = 0.3
        expect(q.every((b) => Math.abs(b - 0.3) < 1e-7)).toBe(true);
        for (const [j, b] of betas.entries()) expect(b).toBeCloseTo(j < 20 ? 0.9 : 0.999, 6);
      } else {
        // candidate 0 is Adam(0.9, 0.999) weighted lr/α = 6; the other 19 weigh 0 and are the rest of
        // the grid {0.5, 0.8, 0.9, 0.95, 0.99, 0.3} × {0.9, 0.99, 0.999, 0.9999} with β₁² < β₂
        // (bounded m̂/√v̂), in that order
        expect(q[0]).toBeCloseTo(6, 5);
        expect(q.slice(1).every((b) => b === 0)).toBe(true);
        const pairs = betas.slice(0, 20).map((b1, j) => `${b1.toFixed(4)}|${betas[20 + j].toFixed(4)}`);
        expect(pairs[0]).toBe('0.9000|0.9990');
        expect(new Set(pairs).size).toBe(20);
        expect(pairs).toContain('0.5000|0.9000');
        expect(pairs).toContain('0.9900|0.9999');
        expect(pairs).toContain('0.3000|0.9900');
        expect(pairs).not.toContain('0.9900|0.9000');
        expect(pairs).not.toContain('0.9500|0.9000');
        for (let j = 0; j < 20; j++) expect(betas[j] ** 2).toBeLessThan(betas[20 + j]);
      }
      // float64 Adam with β₁ 0.9, β₂ 0.999, lr 0.03, no ε (HyperAdam's ε′ = 1e-24 sits inside the root).
      const m = G.map(() => 0);
      const v = G.map(() => 0);
      let s = opt.initState(G.length);
      for (let t = 1; t <= 5; t++) {
        const gt = G.map((x, i) => x * (1 + 0.3 * t) * (t % 2 === 0 && i % 2 === 0 ? -1 : 1));
        const g = col(gt);
        const r = opt.step(g, s, t, 0.005);
        const ref = gt.map((x, i) => {
          m[i] = 0.9 * m[i] + 0.1 * x;
          v[i] = 0.999 * v[i] + 0.001 * x * x;
          return (-0.03 * (m[i] / (1 - 0.9 ** t))) / Math.sqrt(v[i] / (1 - 0.999 ** t));
        });
        const got = Array.from(r.delta.dataSync());
        for (const [i, x] of ref.entries())
          expect(Math.abs(got[i] - x)).toBeLessThan(2e-4 * Math.abs(x) + 1e-7);
        disposeFlat(s);
        s = r.state;
        g.dispose();
        disposeOutputs(r);
      }
      disposeFlat(s);
      paper.dispose();
      opt.dispose();
    },
  );

  it("clock start (recipe.init = 'adam-clock'): three LSTM units whose h is a closed-form function of t on every coordinate, which W_q turns into a schedule", () => {
    const arch = DEFAULT_ARCHITECTURES.hyperadam;
    const H = arch.hidden;
    const paper = initLearned(arch, 3);
    const opt = initLearned(arch, 3, 'adam-clock');
    const k0 = paper.weights.get('lstm0/kernel').dataSync();
    const k = opt.weights.get('lstm0/kernel').dataSync();
    const clock = new Set<number>(CLOCK_UNITS.map((c) => c.unit));
    // only the clock units' columns and recurrent rows changed (to 0); the rest is the seeded φ₀
    for (let r = 0; r < 2 * H; r++)
      for (let col = 0; col < 4 * H; col++) {
        const i = r * 4 * H + col;
        const touched = clock.has(col % H) || (r >= H && clock.has(r - H));
        expect(k[i]).toBe(touched ? 0 : k0[i]);
      }
    // W_q's clock row 0 (near-linear) at −1 tilts every ρ^j down over the run
    const q = new Float32Array(H * arch.candidates);
    q.fill(-1, 0, arch.candidates);
    setWeight(opt, 'weight/kernel', q);
    const f = CLOCK_FORGET;
    const b = opt.weights.get('lstm0/bias').dataSync();
    const expectedH = (u: number, t: number) =>
      0.5 * Math.tanh((0.5 * Math.tanh(b[H + u]) * (1 - f ** t)) / (1 - f));
    let s = opt.initState(G.length);
    const lrs: number[] = [];
    for (let t = 1; t <= 100; t++) {
      const g = col(G.map((x, i) => x * Math.cos(t + i)));
      const r = opt.step(g, s, t, 0.005);
      const h = r.state.h[0].arraySync() as number[][];
      for (const row of h)
        for (const { unit } of CLOCK_UNITS)
          expect(Math.abs(row[unit] - expectedH(unit, t))).toBeLessThan(1e-6);
      const rho = r.aux.rho.arraySync() as number[][];
      // ρ^j = ELU(0.3 − h₀) on every coordinate and candidate
      const x = 0.3 - expectedH(0, t);
      const want = x > 0 ? x : Math.expm1(x);
      for (const row of rho) for (const x of row) expect(Math.abs(x - want)).toBeLessThan(1e-6);
      lrs.push(0.005 * 20 * rho[0][0]);
      disposeFlat(s);
      s = r.state;
      g.dispose();
      disposeOutputs(r);
    }
    // c_100 = 0.5, 1.5, 4 by construction
    for (const { unit, c100 } of CLOCK_UNITS)
      expect(Math.atanh(2 * expectedH(unit, 100))).toBeCloseTo(c100, 5);
    // the effective lr α·Σρ = 0.1·(0.3 − h₀(t)): 0.0297 at t = 1, 0.0069 at t = 100, falling throughout
    expect(lrs[0]).toBeCloseTo(0.0297, 4);
    expect(lrs[99]).toBeCloseTo(0.0069, 4);
    for (let t = 1; t < 100; t++) expect(lrs[t]).toBeLessThan(lrs[t - 1]);
    disposeFlat(s);
    paper.dispose();
    opt.dispose();
  });

  it("clock start on an LSTM narrower than three units: only the units that exist become clocks; the first step is still Adam's", () => {
    const arch = { ...DEFAULT_ARCHITECTURES.hyperadam, hidden: 2, candidates: 2 };
    expect(clockUnitsOf(2).map((c) => c.unit)).toEqual([0, 1]);
    const paper = initLearned(arch, 5);
    const opt = initLearned(arch, 5, 'adam-clock');
    const H = 2;
    const b0 = paper.weights.get('lstm0/bias').dataSync();
    const b = opt.weights.get('lstm0/bias').dataSync();
    expect(b.length).toBe(4 * H);
    // forget biases of both units set to logit(0.9975) − 1; nothing written past the 4H biases
    for (const u of [0, 1]) expect(b[2 * H + u]).toBeCloseTo(Math.log(0.9975 / 0.0025) - 1, 5);
    expect(b0.length).toBe(b.length);
    const s = opt.initState(G.length);
    const g = col(G);
    const r = opt.step(g, s, 1, 0.005);
    // t = 1: m̂ = g, v̂ = g², so the Adam step is −0.03·sign g
    const got = Array.from(r.delta.dataSync());
    for (const [i, x] of G.entries()) expect(got[i]).toBeCloseTo(-0.03 * Math.sign(x), 4);
    g.dispose();
    disposeOutputs(r);
    disposeFlat(r.state);
    disposeFlat(s);
    paper.dispose();
    opt.dispose();
  });

  it('has 5380 meta-parameters (40 + 3280 + 1640 + 420)', () => {
    expect(paramCountOf(HYPERADAM_DEFAULT)).toBe(5380);
    expect(LEARNED.hyperadam.paramCount).toBe(5380);
    const opt = initLearned(DEFAULT_ARCHITECTURES.hyperadam, 1);
    expect(opt.weights.count()).toBe(5380);
    const s = opt.initState(7);
    // 120 floats per coordinate: h, c (20 each) + m, v, β̂, γ̂ (20 each).
    expect(
      Object.values(s)
        .flat()
        .reduce((n, t) => n + t.shape[1]!, 0),
    ).toBe(120);
    disposeFlat(s);
    opt.dispose();
  });

  it('first step with W_ad = 0, b_ad = 0: β = γ = ½, M₁ = g/√(g²+1e-24) ≈ sign g; W_q = b_q = 0 ⇒ d = 0', () => {
    const opt = initLearned(DEFAULT_ARCHITECTURES.hyperadam, 3);
    setWeight(opt, 'adam/kernel', 0);
    setWeight(opt, 'adam/bias', 0);
    const s0 = opt.initState(G.length);
    const g = col(G);
    const r = opt.step(g, s0, 1, 0.005);
    expect(Array.from(r.aux.beta.dataSync()).every((b) => b === 0.5)).toBe(true);
    expect(Array.from(r.aux.gamma.dataSync()).every((b) => b === 0.5)).toBe(true);
    const M = r.aux.moments.arraySync() as number[][];
    G.forEach((gi, i) => {
      for (const mij of M[i]) expect(mij).toBeCloseTo(gi / Math.sqrt(gi * gi + 1e-24), 5);
      for (const mij of M[i]) expect(Math.abs(mij - Math.sign(gi))).toBeLessThan(1e-5);
    });
    disposeOutputs(r);
    disposeFlat(r.state);
    setWeight(opt, 'weight/kernel', 0);
    setWeight(opt, 'weight/bias', 0);
    const r2 = opt.step(g, s0, 1, 0.005);
    expect(Array.from(r2.delta.dataSync()).every((x) => x === 0)).toBe(true);
    tf.dispose([g, r2.delta, ...Object.values(r2.aux), ...Object.values(r2.probes ?? {})]);
    disposeFlat(r2.state);
    disposeFlat(s0);
    opt.dispose();
  });

  it('online bias correction β̂_t = 1 − β^t for constant β (Lemma 1); m̃ = g for constant g', () => {
    const J = 4;
    const n = 3;
    const betas = [0.5, 0.9, 0.99, 0.3];
    const gammas = [0.999, 0.7, 0.95, 0.1];
    const logit = (p: number) => Math.log(p / (1 - p));
    const kernel = tf.zeros([2 * J, 2 * J]);
    const bias = tf.tensor1d([...betas.map(logit), ...gammas.map(logit)]);
    const g = col([0.2, -3, 1e-3]);
    const s = tf.randomNormal([n, J], 0, 1, 'float32', 7);
    let st = zeroAdamCellState(n, J);
    for (let t = 1; t <= 30; t++) {
      const out = adamCell(g, s, st, kernel, bias);
      tf.dispose([out.beta, out.gamma, out.moments, st.m, st.v, st.bh, st.gh]);
      st = { m: out.m, v: out.v, bh: out.bh, gh: out.gh };
      if (t === 1 || t === 7 || t === 30) {
        const bh = st.bh.arraySync() as number[][];
        const gh = st.gh.arraySync() as number[][];
        const m = st.m.arraySync() as number[][];
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < J; j++) {
            expect(bh[i][j]).toBeCloseTo(1 - betas[j] ** t, 5);
            expect(gh[i][j]).toBeCloseTo(1 - gammas[j] ** t, 5);
            const gi = [0.2, -3, 1e-3][i];
            expect(m[i][j] / bh[i][j]).toBeCloseTo(gi, 5);
          }
        }
      }
    }
    tf.dispose([kernel, bias, g, s, st.m, st.v, st.bh, st.gh]);
  });

  it('a saturated γ is capped at 1 − 1e-6: the first step is M = m̃/|g| ≈ sign g, not 10¹²·g; no gradient through the cap', () => {
    const J = 4;
    const n = G.length;
    const kernel = tf.zeros([2 * J, 2 * J]);
    // β = σ(0) = ½; γ = σ(40) = 1 in float32 (1 + e⁻⁴⁰ rounds to 1)
    const bias = tf.variable(tf.tensor1d([0, 0, 0, 0, 40, 40, 40, 40]), true, 'sat_bias');
    const g = col(G);
    const s = tf.randomNormal([n, J], 0, 1, 'float32', 9);
    const st = zeroAdamCellState(n, J);
    const out = adamCell(g, s, st, kernel, bias);
    expect(Array.from(out.gamma.dataSync()).every((x) => x === RATE_CAP && x < 1)).toBe(true);
    expect(RATE_CAP).toBe(Math.fround(1 - 1e-6));
    const M = out.moments.arraySync() as number[][];
    G.forEach((gi, i) => {
      // m̃ = (½g)/½ = g, ṽ = (1−γ)g²/(1−γ) = g²: the capped cell is Adam's first step.
      for (const mij of M[i]) expect(Math.abs(mij - Math.sign(gi))).toBeLessThan(1e-4);
    });
    // ∂/∂b: β's columns get gradient, the capped γ's none (the kernels mask the same way).
    const { grads } = tf.variableGrads(
      () => tf.sum(adamCell(g, s, st, kernel, bias).moments) as tf.Scalar,
      [bias],
    );
    const db = Array.from(grads[bias.name].dataSync());
    expect(db.slice(J)).toEqual([0, 0, 0, 0]);
    tf.dispose([kernel, bias, g, s, ...Object.values(out), ...Object.values(st), ...Object.values(grads)]);
  });

  it('colNorm: unit L2 norm per column, zero column stays zero', () => {
    const x = tf.tensor2d([3, 0, 4, 0], [2, 2]);
    expect(Array.from(colNorm(x).dataSync())).toEqual([expect.closeTo(0.6, 6), 0, expect.closeTo(0.8, 6), 0]);
    x.dispose();
  });

  it.each([false, true])(
    'two steps match a float64 reference (random φ, 6 coordinates; γ saturated on half the candidates: %s)',
    (saturated) => {
      const opt = initLearned(DEFAULT_ARCHITECTURES.hyperadam, 11);
      if (saturated) {
        // b_γ = 40 on candidates 0–9: σ rounds to 1 in float32, so only the cap keeps γ < 1.
        const b = opt.weights.get('adam/bias').dataSync().slice() as Float32Array;
        for (let j = 0; j < 10; j++) b[20 + j] = 40;
        setWeight(opt, 'adam/bias', b);
      }
      const H = 20;
      const J = 20;
      // Larger AdamCell/WeightCell weights than the init, so every path matters.
      const w: W = {};
      for (const d of opt.weights.defs) w[d.name] = opt.weights.get(d.name).dataSync() as Float32Array;
      let s = opt.initState(G.length);
      let ref = zeroRefState(G.length, H, J);
      const grads = [G, G.map((x, i) => x * (i % 2 ? -0.5 : 2))];
      grads.forEach((gs, k) => {
        const g = col(gs);
        const r = opt.step(g, s, k + 1, 0.005);
        const e = hyperAdamStep64(gs, ref, w, H, J);
        const d = r.delta.dataSync();
        gs.forEach((_, i) => {
          expect(d[i]).toBeCloseTo(-0.005 * e.d[i], 7);
        });
        const beta = r.aux.beta.arraySync() as number[][];
        const M = r.aux.moments.arraySync() as number[][];
        for (let i = 0; i < gs.length; i++) {
          for (let j = 0; j < J; j++) {
            expect(beta[i][j]).toBeCloseTo(e.beta[i][j], 5);
            expect(M[i][j]).toBeCloseTo(e.M[i][j], 4);
          }
        }
        g.dispose();
        disposeOutputs(r);
        disposeFlat(s);
        s = r.state;
        ref = e.state;
      });
      disposeFlat(s);
      opt.dispose();
    },
  );

  it('is invariant to rescaling the gradient (g ↦ 1000·g) over 3 steps', () => {
    const opt = initLearned(DEFAULT_ARCHITECTURES.hyperadam, 5);
    const run = (c: number) => {
      let s = opt.initState(G.length);
      const out: number[][] = [];
      for (let t = 1; t <= 3; t++) {
        const g = col(G.map((x, i) => c * x * (1 + 0.3 * t * (i % 3))));
        const r = opt.step(g, s, t, 0.005);
        out.push(Array.from(r.delta.dataSync()));
        g.dispose();
        disposeOutputs(r);
        disposeFlat(s);
        s = r.state;
      }
      disposeFlat(s);
      return out;
    };
    const a = run(1);
    const b = run(1000);
    a.forEach((row, t) => {
      row.forEach((x, i) => {
        expect(b[t][i]).toBeCloseTo(x, 6);
      });
    });
    opt.dispose();
  });

  it('probes: β, γ, ρ quantiles ordered and in range; rhoMean has J entries', () => {
    const opt = initLearned(DEFAULT_ARCHITECTURES.hyperadam, 2);
    const s = opt.initState(G.length);
    const g = col(G);
    const r = opt.step(g, s, 1, 0.005);
    const p = r.probes ?? {};
    for (const k of ['betaQuantiles', 'gammaQuantiles']) {
      const q = Array.from(p[k].dataSync());
      expect(q.length).toBe(3);
      expect(q[0]).toBeLessThanOrEqual(q[1]);
      expect(q[1]).toBeLessThanOrEqual(q[2]);
      expect(q[0]).toBeGreaterThan(0);
      expect(q[2]).toBeLessThan(1);
    }
    expect(p.rhoMean.shape).toEqual([20]);
    expect(p.rhoQuantiles.size).toBe(3);
    tf.dispose([g, r.delta, ...Object.values(r.aux), ...Object.values(p)]);
    disposeFlat(r.state);
    disposeFlat(s);
    opt.dispose();
  });

  it('save/load round trip gives the same steps; header validated', async () => {
    const opt = initLearned(DEFAULT_ARCHITECTURES.hyperadam, 9);
    const art = await toArtifacts(opt, makeHeader(opt, { metaIterations: 3 }));
    const { opt: back, header } = learnedFromArtifacts(art, 'mem', 'hyperadam');
    expect(header.paramCount).toBe(5380);
    const g = col(G);
    const s1 = opt.initState(G.length);
    const s2 = back.initState(G.length);
    const r1 = opt.step(g, s1, 1, 0.005);
    const r2 = back.step(g, s2, 1, 0.005);
    expect(Array.from(r2.delta.dataSync())).toEqual(Array.from(r1.delta.dataSync()));
    for (const r of [r1, r2]) {
      disposeOutputs(r);
      disposeFlat(r.state);
    }
    tf.dispose(g);
    disposeFlat(s1);
    disposeFlat(s2);
    opt.dispose();
    back.dispose();
  });

  it('shipped weights public/pretrained/{hyperadam,vhadam}-mnist load, validate and were meta-trained', async () => {
    for (const kind of ['hyperadam', 'vhadam'] as const) {
      const art = await loadPretrainedArtifacts(LEARNED[kind].pretrained!, SHIPPED);
      const { opt, header } = learnedFromArtifacts(art, kind, kind);
      // VHAdam ships with the VarBlock reading |x| (varInputs 'h+x', 5421 + 2; vhadam/migrate.ts).
      expect(header.paramCount).toBe(kind === 'hyperadam' ? 5380 : 5423);
      expect(header.metaIterations).toBeGreaterThan(0);
      // HyperAdam ships run K: the clock start, the last-step objective of whole 100-step runs (README).
      expect(header.recipe?.objective).toBe(kind === 'vhadam' ? 'variational-mean' : 'last-step');
      if (kind === 'hyperadam')
        expect(header.recipe).toMatchObject({ init: 'adam-clock', unroll: 100, steps: 100 });
      const g = col(G);
      const s = opt.initState(G.length);
      const r = opt.step(g, s, 1, opt.architecture.outputScale);
      expect(Array.from(r.delta.dataSync()).every(Number.isFinite)).toBe(true);
      g.dispose();
      disposeOutputs(r);
      disposeFlat(r.state);
      disposeFlat(s);
      opt.dispose();
    }
  });

  it('the shipped HyperAdam learned an lr schedule: α·Σρ above 0.035 early in a 100-step run, below 0.02 at its end, positive at 2,000 steps', async () => {
    const art = await loadPretrainedArtifacts(LEARNED.hyperadam.pretrained!, SHIPPED);
    const { opt } = learnedFromArtifacts(art, 'hyperadam', 'hyperadam');
    const a = opt.architecture.outputScale;
    let s = opt.initState(G.length);
    const lr: number[] = [];
    for (let t = 1; t <= 2000; t++) {
      const g = col(G.map((x, i) => x * Math.cos(0.7 * t + i)));
      const r = opt.step(g, s, t, a);
      const rho = r.aux.rho.arraySync() as number[][];
      // the lr this step applies to Adam's m̂/√v̂, averaged over the coordinates
      lr.push((a * rho.reduce((acc, row) => acc + row.reduce((x, y) => x + y, 0), 0)) / rho.length);
      disposeFlat(s);
      s = r.state;
      g.dispose();
      disposeOutputs(r);
    }
    disposeFlat(s);
    opt.dispose();
    // Adam start: 0.03 flat. Run K's file, on the MNIST MLP (README): 0.036 → 0.039 (t 10) → 0.015 (t 100).
    expect(Math.max(...lr.slice(0, 20))).toBeGreaterThan(0.035);
    expect(lr[99]).toBeLessThan(0.02);
    expect(lr[99]).toBeLessThan(lr[49]);
    expect(lr[49]).toBeLessThan(lr[9]);
    expect(lr[1999]).toBeGreaterThan(0);
  });

  it('as an update rule: numTensors flat over 200 steps, probes included', () => {
    const opt = initLearned(DEFAULT_ARCHITECTURES.hyperadam, 4);
    const rule = learnedRule(opt);
    const before = tf.memory().numTensors;
    let params = [tf.ones([3, 2]), tf.zeros([4])];
    const grads = [tf.tensor2d([0.5, -1, 2, 0.1, 0, 3], [3, 2]), tf.fill([4], -0.25)];
    let state = rule.init(params, { lr: 0.005 });
    let after10 = -1;
    for (let t = 1; t <= 200; t++) {
      const out = applyStep(rule, params, grads, state, { lr: 0.005 });
      expect(Object.keys(out.probes).sort()).toEqual([
        'betaQuantiles',
        'gammaQuantiles',
        'rhoMean',
        'rhoQuantiles',
        'updateNorm',
      ]);
      tf.dispose(Object.values(out.probes));
      params = out.params;
      state = out.state;
      if (t === 10) after10 = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(after10);
    expect(Array.from(params[0].dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([...params, ...grads, ...stateTensors(state)]);
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
  });
});
