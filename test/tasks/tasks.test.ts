import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/experiment/rng';
import type { TaskId } from '../../src/core/tasks/catalog';
import { DM_DIM } from '../../src/core/tasks/dmQuadratic';
import { LANDSCAPE_IDS, LANDSCAPES } from '../../src/core/tasks/landscapes';
import { logSpacedEigenvalues, randomOrthogonal } from '../../src/core/tasks/quadratic';
import { createTask, NO_DATA_ENV } from '../../src/core/tasks/registry';
import { makeSpirals } from '../../src/core/tasks/spirals';
import type { Task } from '../../src/core/tasks/types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Loss and gradients at params (owned here). */
function lossAndGrads(task: Task, params: tf.Tensor[], batch: ReturnType<Task['nextBatch']>) {
  return tf.tidy(() => {
    const { value, grads } = tf.valueAndGrads((...ps: tf.Tensor[]) => task.loss(ps, batch))(params);
    return { loss: value.dataSync()[0], grads: grads.map((g) => Array.from(g.dataSync())) };
  });
}

describe('2-D landscape tasks', () => {
  it.each(LANDSCAPE_IDS)('%s: tf loss and gradient equal the float64 f and ∇f', async (id) => {
    const task = await createTask(
      id,
      { x0: 0.7, y0: -0.4, ...(id === 'ill-quadratic' ? { kappa: 9 } : {}) },
      NO_DATA_ENV,
    );
    const [theta] = task.init(makeRng(1));
    expect(Array.from(theta.dataSync())).toEqual([Math.fround(0.7), Math.fround(-0.4)]);
    const { loss, grads } = lossAndGrads(task, [theta], null);
    const L = LANDSCAPES[id];
    const [x, y] = [Math.fround(0.7), Math.fround(-0.4)];
    expect(loss).toBeCloseTo(L.f(x, y, { kappa: 9 }), 4);
    const [gx, gy] = L.grad(x, y, { kappa: 9 });
    expect(grads[0][0]).toBeCloseTo(gx, 3);
    expect(grads[0][1]).toBeCloseTo(gy, 3);
    theta.dispose();
    task.dispose();
  });

  it('gradient noise adds σξ to the gradient and leaves the loss unchanged', async () => {
    const noisy = await createTask('rosenbrock', { noise: 2 }, NO_DATA_ENV);
    const [theta] = noisy.init(makeRng(1));
    const batch = noisy.nextBatch(makeRng(5));
    const xi = Array.from(batch!.xi.dataSync());
    const { loss, grads } = lossAndGrads(noisy, [theta], batch);
    const [gx, gy] = LANDSCAPES.rosenbrock.grad(-1.5, 2);
    expect(loss).toBeCloseTo(LANDSCAPES.rosenbrock.f(-1.5, 2), 4);
    expect(grads[0][0]).toBeCloseTo(gx + 2 * xi[0], 3);
    expect(grads[0][1]).toBeCloseTo(gy + 2 * xi[1], 3);
    tf.dispose([theta, batch!.xi]);
    expect((await createTask('rosenbrock', {}, NO_DATA_ENV)).nextBatch(makeRng(5))).toBeNull();
  });
});

describe('random-conditioned quadratic', () => {
  it('U is orthogonal and the eigenvalues are log-spaced in [1, κ]', () => {
    const n = 6;
    const u = randomOrthogonal(makeRng(3), n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let d = 0;
        for (let k = 0; k < n; k++) d += u[k * n + i] * u[k * n + j];
        expect(d).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
    expect(Array.from(logSpacedEigenvalues(3, 100))).toEqual([1, 10, 100]);
  });

  it.each([8, 600])('dim %i: the curvature along the gradient lies in [1, κ]', async (dim) => {
    const kappa = 30;
    const task = await createTask('quadratic', { dim, condition: kappa }, NO_DATA_ENV, 11);
    const [theta] = task.init(makeRng(2));
    const { loss, grads } = lossAndGrads(task, [theta], null);
    expect(loss).toBeGreaterThan(0);
    // f is quadratic: f(θ − εg) = f − ε‖g‖² + ½ε² gᵀQg exactly, and the Rayleigh quotient
    // gᵀQg / ‖g‖² must lie in [λ_min, λ_max] = [1, κ].
    const g = tf.tensor1d(grads[0]);
    const eps = 1 / kappa; // large enough that the ε² term is far above float32 rounding
    const moved = tf.sub(theta, tf.mul(g, tf.scalar(eps)));
    const f2 = lossAndGrads(task, [moved], null).loss;
    const gg = grads[0].reduce((a, b) => a + b * b, 0);
    const quad = (2 * (f2 - loss + eps * gg)) / (eps * eps);
    expect(quad / gg).toBeGreaterThan(0.95);
    expect(quad / gg).toBeLessThan(kappa * 1.05);
    tf.dispose([theta, g, moved]);
    task.dispose();
  });

  it('is deterministic given the seed', async () => {
    const loss = async (seed: number) => {
      const task = await createTask('quadratic', { dim: 20 }, NO_DATA_ENV, seed);
      const params = task.init(makeRng(seed).fork('init'));
      const v = lossAndGrads(task, params, null).loss;
      tf.dispose(params);
      task.dispose();
      return v;
    };
    expect(await loss(4)).toBe(await loss(4));
    expect(await loss(4)).not.toBe(await loss(5));
  });
});

describe('DM quadratic', () => {
  it('loss = mean over problems of ‖Wθ − y‖² (checked against a float64 recomputation)', async () => {
    const p = 3;
    const task = await createTask('dm-quadratic', { problems: p }, NO_DATA_ENV, 9);
    const params = task.init(makeRng(1));
    expect(params[0].shape).toEqual([p, DM_DIM]);
    const theta = params[0].dataSync();
    // θ0 ~ N(0, 0.01²)
    expect(Math.max(...Array.from(theta).map(Math.abs))).toBeLessThan(0.05);
    // Recompute at θ = 1 (all ones) where f = mean_p Σ_i (Σ_j W_pij − y_pi)².
    const ones = tf.ones([p, DM_DIM]);
    const { loss, grads } = lossAndGrads(task, [ones], null);
    expect(loss).toBeGreaterThan(0);
    expect(grads[0]).toHaveLength(p * DM_DIM);
    // With W, y ~ U[0,1): E[(Σ_j W_ij − y_i)²] = (4.5)² + 10/12 + 1/12 ≈ 21.2 per row, 10 rows.
    expect(loss / DM_DIM).toBeGreaterThan(10);
    expect(loss / DM_DIM).toBeLessThan(35);
    tf.dispose([...params, ones]);
    task.dispose();
  });
});

describe('spirals', () => {
  it('data lie in about [−1, 1], classes are negations, and the seed reproduces them', () => {
    const a = makeSpirals(makeRng(1), 50, 0);
    expect(Math.max(...Array.from(a.points).map(Math.abs))).toBeLessThanOrEqual(1 + 1e-6);
    expect(a.points[2]).toBeCloseTo(-a.points[0], 6);
    expect(a.points[3]).toBeCloseTo(-a.points[1], 6);
    expect(Array.from(a.labels.slice(0, 4))).toEqual([0, 1, 0, 1]);
    expect(makeSpirals(makeRng(1), 50, 0.2).points).toEqual(makeSpirals(makeRng(1), 50, 0.2).points);
  });

  it('initial loss ≈ ln 2 and init/batches are deterministic', async () => {
    const run = async () => {
      const task = await createTask('spirals', { pointsPerClass: 100, batchSize: 32 }, NO_DATA_ENV, 3);
      const params = task.init(makeRng(3).fork('init'));
      expect(params.map((t) => t.shape)).toEqual([[2, 32], [32], [32, 32], [32], [32, 2], [2]]);
      const batch = task.nextBatch(makeRng(3).fork('batches'));
      const v = lossAndGrads(task, params, batch).loss;
      const e = tf.tidy(() => task.evalLoss!(params).dataSync()[0]);
      tf.dispose([...params, ...Object.values(batch!)]);
      task.dispose();
      return [v, e];
    };
    const a = await run();
    expect(a).toEqual(await run());
    expect(a[0]).toBeGreaterThan(0.4);
    expect(a[0]).toBeLessThan(1.2);
    expect(a[1]).toBeCloseTo(Math.LN2, 0);
  });
});

describe('registry', () => {
  it('rejects unknown tasks and bad options with the field and the range', async () => {
    await expect(createTask('nope', {}, NO_DATA_ENV)).rejects.toThrow(
      /unknown task 'nope'; valid: rosenbrock/,
    );
    await expect(createTask('spirals', { width: 0 }, NO_DATA_ENV)).rejects.toThrow(
      /task\.spirals\.width: must be ≥ 2 \(allowed \[2, 256\]\)/,
    );
  });

  it('asks the host for MNIST only for mnist-mlp and passes its error on', async () => {
    await expect(createTask('mnist-mlp' as TaskId, {}, NO_DATA_ENV)).rejects.toThrow(/no MNIST data/);
  });
});
