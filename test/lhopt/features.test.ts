/**
 * LHOPT features (docs/algorithms.md §5.1–5.2) against hand values: Φ and logit Φ (numbers and
 * tensors), the per-tensor inner features of constructed vectors, the CDF features, and the
 * observation's scale-freeness (multiplying every loss by 1000 changes nothing).
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cdfUpdate, emptyCdf } from '../../src/core/learned/lhopt/cdf';
import { INITIAL_HYPER } from '../../src/core/learned/lhopt/hyper';
import { ACC_LOSS, ACC_SIZE } from '../../src/core/learned/lhopt/inner';
import { tensorFeatures } from '../../src/core/learned/lhopt/innerFeatures';
import { LOGIT_MAX, logitPhi, phi } from '../../src/core/learned/lhopt/normal';
import { logitPhiT, phiT } from '../../src/core/learned/lhopt/normalT';
import { initialMemory, OBS_SIZE, observe } from '../../src/core/learned/lhopt/observation';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('normal CDF', () => {
  it('cos = 0.1, dim = 100 → Φ = 0.8413447, logit 1.6682679 (host and device)', () => {
    expect(phi(0.1 * Math.sqrt(100))).toBeCloseTo(0.8413447, 7);
    expect(logitPhi(1)).toBeCloseTo(1.6682679, 6);
    const z = tf.tensor1d([1, -2.5, 6, 30]);
    const p = phiT(z).dataSync();
    const l = logitPhiT(z).dataSync();
    expect(p[0]).toBeCloseTo(0.8413447, 6);
    expect(p[1]).toBeCloseTo(0.006209665, 7);
    expect(l[0]).toBeCloseTo(1.6682679, 4);
    expect(l[1]).toBeCloseTo(-5.0754193, 4);
    expect(l[2]).toBeCloseTo(LOGIT_MAX, 4); // logit Φ(6) = 20.74 is clipped at p = 1 − 1e-8
    expect(l[3]).toBeCloseTo(LOGIT_MAX, 4); // finite where Φ rounds to 1 in float32
    expect(logitPhi(-30)).toBeCloseTo(-LOGIT_MAX, 9);
    tf.dispose(z);
  });
});

describe('inner features of one tensor', () => {
  it('match hand values for constructed vectors (dim 100)', () => {
    const e = (i: number, x = 1) => Array.from({ length: 100 }, (_, k) => (k === i ? x : 0));
    const mix = (a: number[], b: number[], wa: number, wb: number) => a.map((x, k) => wa * x + wb * b[k]);
    const g = e(0, 2); // ‖g‖ = 2
    const mHat = mix(e(0), e(1), 0.1, Math.sqrt(0.99)); // unit, cos(g, m̂) = 0.1
    const p = mix(e(0), e(2), -0.3, 3 * Math.sqrt(0.99)); // ‖p‖ = 3, cos(g, p) = −0.1
    const upd = e(0, 0.5); // cos(g, upd) = 1
    const f = tf.tidy(() =>
      tensorFeatures({
        g: tf.tensor1d(g),
        mHat: tf.tensor1d(mHat),
        sqrtVHat: tf.tensor1d(e(0, 1e-3).map((x, k) => (k < 10 ? 1 : x))),
        upd: tf.tensor1d(upd),
        p: tf.tensor1d(p),
        lrP: tf.scalar(0.01),
        eps: 1e-6,
        didClip: tf.scalar(1),
      }).dataSync(),
    );
    const L = (x: number) => Math.log(x + 1e-8);
    const want = [
      1,
      0.1,
      (Math.log(0.5 + 1e-8) + 99 * Math.log(1e-8)) / 100,
      L(1) - L(2),
      L(0.005) - L(3),
      L(1) - L(Math.hypot(1.9, Math.sqrt(0.99))),
      0.1,
      -0.1,
      1,
      L(3) - L(0.5),
      1.6682679,
      LOGIT_MAX,
      1 - 0.8413447,
    ];
    want.forEach((w, i) => {
      expect(f[i], `feature ${i}`).toBeCloseTo(w, 4);
    });
  });
});

describe('CDF features', () => {
  it('first value gives 0.5; then Φ of the z-score on each timescale', () => {
    const a = cdfUpdate(emptyCdf(), 0, 0.1);
    for (const x of a.out) expect(x).toBeCloseTo(0.5, 7);
    const b = cdfUpdate(a.stats, 1, 0.5);
    // w = 1.25, Δp = 0.5: d = e^−0.625, μ = 1 − d = 0.4647386, σ² = (1−d)(1−μ)² = 0.1331498,
    // z = 0.5352614/√σ² = 1.4668835, Φ = 0.9287961.
    expect(b.out[0]).toBeCloseTo(0.9287961, 6);
    // In general 1 − μ = d and σ² = (1 − d)d², so z = d/√((1 − d)d² + 1e-8) (w = 20: d = e^−10).
    const d = Math.exp(-10);
    expect(b.out[4]).toBeCloseTo(phi(d / Math.sqrt((1 - d) * d * d + 1e-8)), 6);
    const c = cdfUpdate(b.stats, Number.NaN, 0.1);
    expect(c.stats).toEqual(b.stats);
    expect(c.out).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
  });
});

describe('observation', () => {
  it(`has ${OBS_SIZE} finite entries and never depends on the loss scale`, () => {
    const acc = (loss: number, k: number) => {
      const a = new Array(ACC_SIZE).fill(0).map((_, i) => Math.sin(i + k));
      a[ACC_SIZE - 3] = 0.1 * (k + 1);
      a[ACC_SIZE - 2] = 5 + k;
      a[ACC_LOSS] = loss * 8;
      return a;
    };
    const run = (scale: number) => {
      let mem = initialMemory(INITIAL_HYPER);
      const out: number[][] = [];
      [2, 1.5, 1.6, 0.9].forEach((l, k) => {
        const o = observe(mem, {
          acc: acc(l * scale, k),
          featureSteps: 2,
          innerSteps: 8,
          progress: (k + 1) / 4,
        });
        mem = o.mem;
        out.push(o.obs);
      });
      return out;
    };
    const a = run(1);
    const b = run(1000);
    expect(a[0].length).toBe(OBS_SIZE);
    expect(a.flat().every(Number.isFinite)).toBe(true);
    a.forEach((row, k) => {
      row.forEach((x, i) => {
        expect(b[k][i], `obs ${k}[${i}]`).toBeCloseTo(x, 9);
      });
    });
    expect(a[1][0]).toBe(0.5); // progress
  });
});
