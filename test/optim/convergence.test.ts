/**
 * Convergence on three 2-D test functions, in the style of jettify/pytorch-optimizer's and
 * optax's suites: each rule, from a standard start with a per-rule learning rate, must end
 * within `tol` (Euclidean distance) of the known minimum. As in jettify's suite the gradient
 * is clipped to norm ≤ 1 (tensor ops, on device), which makes one lr work across the steep
 * walls of Rosenbrock and Beale. Starts: Rosenbrock (0, 0) as optax; Beale (1, 1.5)
 * (docs/algorithms.md §7.1); quadratic ½(x² + 10y²) from (1.5, 1.5). The functions are written
 * here with tf ops and differentiated with tf.grad.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hyper, OptimizerId } from '../../src/core/optim/catalog';
import { applyStep, disposeState, getRule } from '../../src/core/optim/registry';
import { hyper, useCpu } from './helpers';

beforeAll(useCpu);

type Fn = 'rosenbrock' | 'beale' | 'quadratic';

interface Landscape {
  f: (p: tf.Tensor) => tf.Scalar;
  start: [number, number];
  min: [number, number];
  tol: number;
}

const at = (p: tf.Tensor, i: number) => tf.squeeze(tf.slice(p, [i], [1])) as tf.Scalar;

const LANDSCAPES: Record<Fn, Landscape> = {
  rosenbrock: {
    // (1 − x)² + 100(y − x²)², minimum (1, 1)
    f: (p) => {
      const x = at(p, 0);
      const y = at(p, 1);
      return tf.add(tf.square(tf.sub(1, x)), tf.mul(100, tf.square(tf.sub(y, tf.square(x)))));
    },
    start: [0, 0],
    min: [1, 1],
    tol: 0.05,
  },
  beale: {
    // (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², minimum (3, 0.5)
    f: (p) => {
      const x = at(p, 0);
      const y = at(p, 1);
      const term = (c: number, k: number) => tf.square(tf.add(tf.sub(c, x), tf.mul(x, tf.pow(y, k))));
      return tf.addN([term(1.5, 1), term(2.25, 2), term(2.625, 3)]) as tf.Scalar;
    },
    start: [1, 1.5],
    min: [3, 0.5],
    tol: 0.05,
  },
  quadratic: {
    // ½(x² + 10y²), minimum (0, 0)
    f: (p) => tf.mul(0.5, tf.sum(tf.mul(tf.tensor1d([1, 10]), tf.square(p)))),
    start: [1.5, 1.5],
    min: [0, 0],
    tol: 0.02,
  },
};

/** Per rule and function: [lr (and any other non-default hyperparameters), steps]. */
const CONFIG: Record<OptimizerId, Record<Fn, [Hyper, number]>> = {
  sgd: { rosenbrock: [{ lr: 0.005 }, 4000], beale: [{ lr: 0.02 }, 1000], quadratic: [{ lr: 0.1 }, 200] },
  momentum: { rosenbrock: [{ lr: 0.002 }, 1000], beale: [{ lr: 0.01 }, 500], quadratic: [{ lr: 0.05 }, 200] },
  nesterov: { rosenbrock: [{ lr: 0.002 }, 1000], beale: [{ lr: 0.01 }, 500], quadratic: [{ lr: 0.1 }, 200] },
  adagrad: { rosenbrock: [{ lr: 0.2 }, 2000], beale: [{ lr: 0.2 }, 500], quadratic: [{ lr: 0.2 }, 200] },
  adadelta: { rosenbrock: [{ lr: 0.5 }, 3000], beale: [{ lr: 0.5 }, 1000], quadratic: [{ lr: 2 }, 200] },
  rmsprop: {
    rosenbrock: [{ lr: 2e-4, momentum: 0.9 }, 1000],
    beale: [{ lr: 2e-3, momentum: 0.9 }, 500],
    quadratic: [{ lr: 5e-3, momentum: 0.9 }, 200],
  },
  adam: { rosenbrock: [{ lr: 0.01 }, 1000], beale: [{ lr: 0.1 }, 500], quadratic: [{ lr: 0.2 }, 200] },
  adamw: { rosenbrock: [{ lr: 0.01 }, 1000], beale: [{ lr: 0.1 }, 500], quadratic: [{ lr: 0.2 }, 200] },
  amsgrad: { rosenbrock: [{ lr: 0.005 }, 1000], beale: [{ lr: 0.1 }, 500], quadratic: [{ lr: 0.1 }, 200] },
  adamax: { rosenbrock: [{ lr: 0.01 }, 1000], beale: [{ lr: 0.1 }, 500], quadratic: [{ lr: 0.2 }, 200] },
  adabound: { rosenbrock: [{ lr: 0.01 }, 1000], beale: [{ lr: 0.1 }, 500], quadratic: [{ lr: 0.2 }, 200] },
  adamod: { rosenbrock: [{ lr: 0.02 }, 1000], beale: [{ lr: 0.2 }, 500], quadratic: [{ lr: 1 }, 200] },
};

function minimise(id: OptimizerId, fn: Fn): { end: number[]; startLoss: number; endLoss: number } {
  const { f, start } = LANDSCAPES[fn];
  const [overrides, steps] = CONFIG[id][fn];
  const hp = hyper(id, overrides);
  const rule = getRule(id);
  const grad = tf.grad(f);
  let params: tf.Tensor[] = [tf.tensor1d(start)];
  let state = rule.init(params, hp);
  const startLoss = tf.tidy(() => f(params[0]).dataSync()[0]);
  for (let t = 0; t < steps; t++) {
    const g = tf.tidy(() => {
      const raw = grad(params[0]);
      const norm = tf.norm(raw);
      return tf.div(raw, tf.maximum(norm, 1)); // clip to norm ≤ 1
    });
    const out = applyStep(rule, params, [g], state, hp);
    g.dispose();
    tf.dispose(Object.values(out.probes));
    params = out.params;
    state = out.state;
  }
  const end = Array.from(params[0].dataSync());
  const endLoss = tf.tidy(() => f(params[0]).dataSync()[0]);
  tf.dispose(params);
  disposeState(state);
  return { end, startLoss, endLoss };
}

const DISTANCES: string[] = [];
afterAll(() => {
  if (process.env.OPTIM_LOG) console.log(DISTANCES.join('\n'));
});

describe('convergence to the minimum (clipped gradients, per-rule lr)', () => {
  for (const id of Object.keys(CONFIG) as OptimizerId[]) {
    for (const fn of ['rosenbrock', 'beale', 'quadratic'] as Fn[]) {
      it(`${id} on ${fn}`, () => {
        const { min, tol } = LANDSCAPES[fn];
        const { end, startLoss, endLoss } = minimise(id, fn);
        const dist = Math.hypot(end[0] - min[0], end[1] - min[1]);
        DISTANCES.push(`${id}/${fn}: ${dist.toExponential(1)}`);
        expect(dist, `${id}/${fn} ended at (${end}), loss ${endLoss}`).toBeLessThan(tol);
        expect(endLoss, `${id}/${fn} end loss vs start ${startLoss}`).toBeLessThan(startLoss * 0.1);
      });
    }
  }
});
