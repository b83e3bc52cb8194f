/**
 * Sine-sequence LSTM task (docs/algorithms.md §7.5): parameter counts, the data's sine structure,
 * the forward pass against a float64 reference (gate order i, f, o, g, no forget bias), and
 * that tuned Adam learns it in 100 steps.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/experiment/rng';
import { evaluateRule } from '../../src/core/meta/evaluate';
import { getRule } from '../../src/core/optim/registry';
import { parseHyper } from '../../src/core/optim/validate';
import { parseTaskOptions } from '../../src/core/tasks/catalog';
import { createTask, NO_DATA_ENV } from '../../src/core/tasks/registry';
import { SIN_SEQ_LEN, sinBatchArrays, sinLstmParamCount } from '../../src/core/tasks/sinLstm';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const sig = (x: number) => 1 / (1 + Math.exp(-x));

/** Float64 LSTM (1 layer, hidden H) + readout on one sequence; params as nested arrays. */
function forward64(K: number[][], b: number[], w: number[][], wb: number[], xs: number[], H: number): number {
  let h = new Array(H).fill(0);
  let c = new Array(H).fill(0);
  for (const x of xs) {
    const inp = [x, ...h];
    const z = b.map((bj, j) => bj + inp.reduce((a, v, i) => a + v * K[i][j], 0));
    const nc = c.map((cu, u) => sig(z[H + u]) * cu + sig(z[u]) * Math.tanh(z[3 * H + u]));
    h = nc.map((cu, u) => sig(z[2 * H + u]) * Math.tanh(cu));
    c = nc;
  }
  return wb[0] + h.reduce((a, v, u) => a + v * w[u][0], 0);
}

describe('sin-lstm task', () => {
  it('options: defaults and a clear range error', () => {
    const d = parseTaskOptions('sin-lstm', {});
    expect(d.ok && d.value).toEqual({ layers: 1, hidden: 20, noise: 0.1, batchSize: 128, initStd: 0.1 });
    const bad = parseTaskOptions('sin-lstm', { layers: 3 });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]).toMatch(/task\.sin-lstm\.layers.*\[1, 2\]/);
  });

  it('has 1781 parameters with one LSTM(20) layer, 5061 with two', async () => {
    expect(sinLstmParamCount({ layers: 1, hidden: 20 })).toBe(1781);
    expect(sinLstmParamCount({ layers: 2, hidden: 20 })).toBe(5061);
    for (const [layers, n] of [
      [1, 1781],
      [2, 5061],
    ]) {
      const task = await createTask('sin-lstm', { layers }, NO_DATA_ENV, 1);
      const ps = task.init(makeRng(1));
      expect(ps.reduce((a, p) => a + p.size, 0)).toBe(n);
      tf.dispose(ps);
      task.dispose();
    }
  });

  it('noise-free sequences are sines: x_{k+1} + x_{k−1} = 2cos ω·x_k, and y continues them', () => {
    const { x, y } = sinBatchArrays(makeRng(3), 64, 0);
    let checked = 0;
    for (let b = 0; b < 64; b++) {
      const s = Array.from(x.subarray(b * SIN_SEQ_LEN, (b + 1) * SIN_SEQ_LEN));
      if (Math.abs(s[1]) < 0.5) continue;
      const twoCos = (s[0] + s[2]) / s[1];
      expect(twoCos).toBeGreaterThanOrEqual(-1e-4); // ω ∈ [0, π/2] ⇒ cos ω ≥ 0
      expect(twoCos).toBeLessThanOrEqual(2 + 1e-4);
      expect(s[8] + s[6]).toBeCloseTo(twoCos * s[7], 2);
      expect(y[b]).toBeCloseTo(twoCos * s[9] - s[8], 2);
      expect(Math.abs(y[b])).toBeLessThanOrEqual(10);
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
    // Noise σ = 0.1 on the inputs only: same draws otherwise, so the difference is the noise.
    const noisy = sinBatchArrays(makeRng(3), 1, 0.1);
    const clean = sinBatchArrays(makeRng(3), 1, 0);
    expect(noisy.y[0]).toBe(clean.y[0]);
  });

  it('loss equals a float64 LSTM (gate order i, f, o, g; no forget bias) + MSE', async () => {
    const H = 4;
    const task = await createTask('sin-lstm', { hidden: H, batchSize: 3, initStd: 0.5 }, NO_DATA_ENV, 1);
    const ps = task.init(makeRng(8));
    const batch = task.nextBatch(makeRng(9));
    if (!batch) throw new Error('no batch');
    const loss = task.loss(ps, batch);
    const [K, b, w, wb] = ps.map((p) => p.arraySync()) as [number[][], number[], number[][], number[]];
    const xs = batch.x.arraySync() as number[][];
    const ys = batch.y.arraySync() as number[][];
    const ref = xs.reduce((a, row, i) => a + (forward64(K, b, w, wb, row, H) - ys[i][0]) ** 2, 0) / xs.length;
    expect(loss.dataSync()[0]).toBeCloseTo(ref, 3);
    expect(Math.abs(loss.dataSync()[0] - ref) / ref).toBeLessThan(1e-5);
    tf.dispose([loss, ...ps, ...Object.values(batch)]);
    task.dispose();
  });

  it('Adam (lr 0.05) cuts the loss from ≈ E[y²] ≈ 17 by more than half in 40 steps; no tensor leak', async () => {
    // Small batch and horizon to keep the cpu backend quick (the full task: batch 128, 100 steps).
    const task = await createTask('sin-lstm', { batchSize: 16 }, NO_DATA_ENV, 1);
    const before = tf.memory().numTensors;
    const hp = (parseHyper('adam', { lr: 0.05 }) as { ok: true; value: Record<string, number> }).value;
    const r = await evaluateRule(getRule('adam'), hp, task, { runs: 1, steps: 40, seed: 5 });
    expect(r.meanCurve[0]).toBeGreaterThan(5);
    expect(r.finals[0]).toBeLessThan(0.5 * r.meanCurve[0]);
    expect(tf.memory().numTensors).toBe(before);
    task.dispose();
  });
});
