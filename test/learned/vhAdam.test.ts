/**
 * Variational HyperAdam (docs/algorithms.md §4.2): meta-parameter count, the KL term against hand
 * values, the reparameterised samples' mean and variance (statistical, fixed seed), seeded
 * determinism, the mean switch, the variational meta-loss in a BPTT unroll, and tensor
 * ownership.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/experiment/rng';
import {
  DEFAULT_ARCHITECTURES,
  LEARNED,
  paramCountOf,
  parseLearnedHyper,
} from '../../src/core/learned/catalog';
import { initLearned, learnedFromTensors } from '../../src/core/learned/factory';
import { learnedRule, learnedStep } from '../../src/core/learned/rule';
import type { FlatState, FlatStep, LearnedOptimizer } from '../../src/core/learned/types';
import type { VhAdamOptimizer } from '../../src/core/learned/vhadam';
import { VHADAM_DEFAULT } from '../../src/core/learned/vhadam/meta';
import { makeProblem, NO_TRICKS } from '../../src/core/meta/problem';
import { runUnroll } from '../../src/core/meta/unroll';
import { gaussianKlToUnitVariance, variational } from '../../src/core/meta/variational';
import { applyStep, stateTensors } from '../../src/core/optim/registry';
import { createTask, NO_DATA_ENV } from '../../src/core/tasks/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const ALPHA = 0.001;

function vh(seed: number): VhAdamOptimizer {
  return initLearned(DEFAULT_ARCHITECTURES.vhadam, seed) as VhAdamOptimizer;
}

function setWeight(opt: LearnedOptimizer, name: string, values: number): void {
  const v = opt.weights.get(name);
  const t = tf.fill(v.shape, values);
  v.assign(t);
  t.dispose();
}

function disposeStep(r: FlatStep): void {
  tf.dispose([
    r.delta,
    ...Object.values(r.aux),
    ...Object.values(r.probes ?? {}),
    ...Object.values(r.state).flat(),
  ]);
}

function disposeFlat(s: FlatState): void {
  tf.dispose(Object.values(s).flat());
}

/** d (in units of the update, before −α) and μ of one step from the zero state. */
function oneStep(
  opt: LearnedOptimizer,
  g: number[],
): { d: Float32Array; mu: Float32Array; logVar: Float32Array } {
  const s = opt.initState(g.length);
  const gt = tf.tensor2d(g, [g.length, 1]);
  const r = opt.step(gt, s, 1, ALPHA);
  const d = (r.delta.dataSync() as Float32Array).map((x) => x / -ALPHA);
  const out = {
    d,
    mu: r.aux.mean.dataSync() as Float32Array,
    logVar: r.aux.logVar.dataSync() as Float32Array,
  };
  disposeStep(r);
  disposeFlat(s);
  gt.dispose();
  return out;
}

describe('Variational HyperAdam', () => {
  it('has 5421 meta-parameters (60 + 3280 + 1640 + 420 + 21) and 122 state floats per coordinate', () => {
    expect(paramCountOf(VHADAM_DEFAULT)).toBe(5421);
    expect(LEARNED.vhadam.paramCount).toBe(5421);
    const opt = vh(1);
    expect(opt.weights.count()).toBe(5421);
    const s = opt.initState(5);
    expect(
      Object.values(s)
        .flat()
        .reduce((n, t) => n + t.shape[1]!, 0),
    ).toBe(122);
    disposeFlat(s);
    opt.dispose();
  });

  it('KL(N(μ,σ²) ‖ N(μ,1)) summed over coordinates matches hand values; no μ term', () => {
    // log σ² = 0 → 0;  log σ² = ln 2 → −½ln2 + 1 − ½;  log σ² = −1 → ½ + ½e⁻¹ − ½.
    const lv = tf.tensor2d([0, Math.log(2), -1], [3, 1]);
    const kl = gaussianKlToUnitVariance(lv);
    const hand = 0 + (-0.5 * Math.log(2) + 1 - 0.5) + (0.5 + 0.5 * Math.exp(-1) - 0.5);
    expect(kl.dataSync()[0]).toBeCloseTo(hand, 6);
    expect(hand).toBeCloseTo(0.3373661, 6);
    // The term: loss after the update + 1e-4·KL, and ∂term/∂μ comes only from the loss.
    const next = [tf.tensor1d([1, 2])];
    const term = variational.term({
      t: 0,
      T: 1,
      params: next,
      next,
      batch: null,
      loss: (ps) => tf.sum(tf.square(ps[0])) as tf.Scalar,
      lossValue: tf.scalar(0),
      aux: { logVar: lv },
    });
    expect(term?.dataSync()[0]).toBeCloseTo(5 + 1e-4 * hand, 5);
    tf.dispose([lv, kl, term as tf.Tensor, ...next]);
  });

  it('sampled updates: mean μ and variance σ² over many draws (fixed seed)', () => {
    const opt = vh(2);
    // Constant log σ² = ln 0.25 through the VarBlock bias.
    setWeight(opt, 'var/kernel', 0);
    setWeight(opt, 'var/bias', Math.log(0.25));
    // 2 distinct gradients, each repeated on 2000 coordinates: equal μ within a group.
    const n = 2000;
    const g = [...Array(n).fill(0.3), ...Array(n).fill(-1.2)];
    const { d, mu, logVar } = oneStep(opt, g);
    expect(logVar[0]).toBeCloseTo(Math.log(0.25), 5);
    for (const k of [0, 1]) {
      const muK = mu[k * n];
      let s1 = 0;
      let s2 = 0;
      for (let i = k * n; i < (k + 1) * n; i++) {
        expect(mu[i]).toBeCloseTo(muK, 5);
        s1 += d[i] - muK;
        s2 += (d[i] - muK) ** 2;
      }
      const mean = s1 / n;
      const variance = s2 / n - mean * mean;
      // σ = 0.5: the sample mean's sd is 0.5/√2000 ≈ 0.011 (4 sd bound); variance ≈ 0.25 ± 0.008.
      expect(Math.abs(mean)).toBeLessThan(0.045);
      expect(Math.abs(variance - 0.25)).toBeLessThan(0.03);
    }
    // Across repeated draws at one coordinate (the stream advances per call).
    const draws: number[] = [];
    let muRef = 0;
    for (let k = 0; k < 400; k++) {
      const r = oneStep(opt, [0.3, -1.2]);
      draws.push(r.d[0]);
      muRef = r.mu[0];
    }
    const m = draws.reduce((a, b) => a + b, 0) / draws.length;
    const v = draws.reduce((a, b) => a + (b - m) ** 2, 0) / (draws.length - 1);
    expect(Math.abs(m - muRef)).toBeLessThan(0.1);
    expect(Math.abs(v - 0.25)).toBeLessThan(0.07);
    opt.dispose();
  });

  it('standardised residuals (d − μ)/σ ~ N(0, 1) with a coordinate-dependent σ', () => {
    const opt = vh(3);
    setWeight(opt, 'var/kernel', 0.5); // σ² now varies with h_t
    const rng = makeRng(5);
    // Step 2 (at t = 1 the inputs are only ±(1, 1), so σ² would take two values).
    const n = 3000;
    const s0 = opt.initState(n);
    const g1 = tf.tensor2d(
      Array.from({ length: n }, () => rng.normal() * 0.1),
      [n, 1],
    );
    const g2 = tf.tensor2d(
      Array.from({ length: n }, () => rng.normal() * 0.1),
      [n, 1],
    );
    const r1 = opt.step(g1, s0, 1, ALPHA);
    const r2 = opt.step(g2, r1.state, 2, ALPHA);
    const d = (r2.delta.dataSync() as Float32Array).map((x) => x / -ALPHA);
    const mu = r2.aux.mean.dataSync();
    const logVar = r2.aux.logVar.dataSync();
    disposeStep(r1);
    disposeStep(r2);
    disposeFlat(s0);
    tf.dispose([g1, g2]);
    const z = Array.from(d, (x, i) => (x - mu[i]) / Math.exp(0.5 * logVar[i]));
    expect(new Set(Array.from(logVar, (x) => x.toFixed(3))).size).toBeGreaterThan(10);
    const m = z.reduce((a, b) => a + b, 0) / z.length;
    const v = z.reduce((a, b) => a + (b - m) ** 2, 0) / (z.length - 1);
    expect(Math.abs(m)).toBeLessThan(0.08);
    expect(Math.abs(v - 1)).toBeLessThan(0.1);
    opt.dispose();
  });

  it('sampling is deterministic given the noise seed; the mean switch gives d = μ', () => {
    const a = vh(4);
    const named = a.weights.named();
    const b = learnedFromTensors(a.architecture, named) as VhAdamOptimizer;
    const g = [0.1, -0.2, 0.3, 2, -1e-4];
    const ra = [oneStep(a, g).d, oneStep(a, g).d];
    const rb = [oneStep(b, g).d, oneStep(b, g).d];
    expect(Array.from(rb[0])).toEqual(Array.from(ra[0]));
    expect(Array.from(rb[1])).toEqual(Array.from(ra[1]));
    expect(Array.from(ra[1])).not.toEqual(Array.from(ra[0]));
    a.resetNoise();
    expect(Array.from(oneStep(a, g).d)).toEqual(Array.from(ra[0]));
    a.resetNoise(99);
    expect(Array.from(oneStep(a, g).d)).not.toEqual(Array.from(ra[0]));
    a.sampling = false;
    const mean = oneStep(a, g);
    mean.d.forEach((x, i) => {
      expect(x).toBeCloseTo(mean.mu[i], 6);
    });
    a.dispose();
    b.dispose();
  });

  it('hyperparameter `sample`: default 1, validated, 0 gives the mean update −α·μ through the rule', () => {
    const ok = parseLearnedHyper('vhadam', {});
    expect(ok.ok && ok.value).toEqual({ lr: 0.001, sample: 1 });
    const bad = parseLearnedHyper('vhadam', { sample: 2 });
    expect(!bad.ok && bad.errors[0]).toMatch(/sample.*1.*0/);
    const other = parseLearnedHyper('rnnprop', { sample: 0 });
    expect(!other.ok && other.errors[0]).toMatch(/rnnprop\.sample: only vhadam/);
    const opt = vh(12);
    const params = [tf.tensor1d([1, -2, 3])];
    const grads = [tf.tensor1d([0.5, 0.1, -2])];
    const state = { t: 0, slots: opt.initState(3) };
    for (const sample of [0, 1]) {
      const r = learnedStep(opt, grads, state, params, ALPHA, { lr: ALPHA, sample });
      const moved = Array.from(tf.sub(r.params[0], params[0]).dataSync());
      const mu = Array.from(r.aux.mean.dataSync());
      const gap = Math.max(...moved.map((x, i) => Math.abs(x + ALPHA * mu[i])));
      if (sample === 0) expect(gap).toBeLessThan(1e-7);
      else expect(gap).toBeGreaterThan(1e-6);
      tf.dispose([
        ...r.params,
        ...stateTensors(r.state),
        ...Object.values(r.probes),
        ...Object.values(r.aux),
      ]);
    }
    tf.dispose([...params, ...grads, ...stateTensors(state)]);
    opt.dispose();
  });

  it('variational meta-loss in a BPTT unroll: finite, reproducible, and the VarBlock gets a gradient', async () => {
    const task = await createTask('quadratic', { dim: 12, condition: 10 }, NO_DATA_ENV, 1);
    const run = () => {
      const opt = vh(6);
      const problem = makeProblem(task, NO_TRICKS, makeRng(7).fork('problem'));
      const params = problem.init();
      const state = { t: 0, slots: opt.initState(12) };
      const vars = opt.weights.list();
      const res = runUnroll({
        opt,
        scale: 0.01,
        problem,
        objective: variational,
        vars,
        params,
        state,
        batches: [null, null, null, null],
      });
      const loss = res.metaLoss.dataSync()[0];
      const gVar = res.grads[opt.weights.get('var/bias').name].dataSync()[0];
      const gAdam = tf.tidy(
        () => tf.sum(tf.abs(res.grads[opt.weights.get('adam/kernel').name])).dataSync()[0],
      );
      tf.dispose([
        res.metaLoss,
        res.losses,
        ...Object.values(res.grads),
        ...res.params,
        ...stateTensors(res.state),
      ]);
      tf.dispose([...params, ...stateTensors(state)]);
      problem.dispose();
      opt.dispose();
      return { loss, gVar, gAdam };
    };
    const before = tf.memory().numTensors;
    const r1 = run();
    const r2 = run();
    expect(tf.memory().numTensors).toBe(before);
    expect(Number.isFinite(r1.loss)).toBe(true);
    expect(r2.loss).toBe(r1.loss);
    expect(r2.gVar).toBe(r1.gVar);
    expect(Math.abs(r1.gVar)).toBeGreaterThan(0);
    expect(r1.gAdam).toBeGreaterThan(0);
    task.dispose();
  });

  it('as an update rule: numTensors flat over 200 steps; varQuantiles and updateTrace probes', () => {
    const opt = vh(8);
    const rule = learnedRule(opt);
    const before = tf.memory().numTensors;
    let params = [tf.ones([3, 2]), tf.zeros([4])];
    const grads = [tf.tensor2d([0.5, -1, 2, 0.1, 0, 3], [3, 2]), tf.fill([4], -0.25)];
    let state = rule.init(params, { lr: ALPHA });
    let after10 = -1;
    for (let t = 1; t <= 200; t++) {
      const out = applyStep(rule, params, grads, state, { lr: ALPHA });
      if (t === 1) {
        const q = Array.from(out.probes.varQuantiles.dataSync());
        expect(q.length).toBe(3);
        expect(q[0]).toBeGreaterThan(0);
        expect(q[0]).toBeLessThanOrEqual(q[1]);
        expect(q[1]).toBeLessThanOrEqual(q[2]);
        // μ² quantiles beside σ²'s: ordered, ≥ 0, and each traced μ_i² within [min, max] of μ².
        const m2 = Array.from(out.probes.meanSqQuantiles.dataSync());
        expect(m2.length).toBe(3);
        expect(m2[0]).toBeGreaterThanOrEqual(0);
        expect(m2[0]).toBeLessThanOrEqual(m2[1]);
        expect(m2[1]).toBeLessThanOrEqual(m2[2]);
        expect(m2[2]).toBeGreaterThan(0);
        // 10 coordinates, stride ⌈10/4⌉ = 3 → rows 0, 3, 6, 9: 4 means then 4 samples.
        expect(out.probes.updateTrace.shape).toEqual([8]);
        expect(Object.keys(out.probes)).toContain('betaQuantiles');
      }
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
