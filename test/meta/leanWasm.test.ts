/**
 * The lean path's wasm nodes (generated SIMD kernels: kernels/leanWasmCode.ts, meta/lean/
 * cellWasm.ts, adamWasm.ts) against the tfjs-ops lean nodes on the same wasm backend:
 *  - the LSTM cell, colNorm and HyperAdam's AdamCell + combine, forward values and the gradients of a
 *    seeded random linear loss of all outputs w.r.t. every input and weight, agree within 1e-5
 *    relative (to the largest entry; the two differ only in float32 rounding: σ/tanh/ELU from
 *    the kernels' own exp, summation order in μ);
 *  - every kind's lean meta-gradient with the kernels = the autodiff meta-gradient (1e-4
 *    relative L2, as test/meta/lean.test.ts on cpu), and the tensor count stays flat.
 */
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setLeanWasmKernels } from '../../src/core/kernels/leanWasm';
import { DEFAULT_ARCHITECTURES } from '../../src/core/learned/catalog';
import { initLearned } from '../../src/core/learned/factory';
import { leanLstmCell } from '../../src/core/meta/lean/cell';
import { leanColNorm } from '../../src/core/meta/lean/colNormWasm';
import { leanAdamAndCombine } from '../../src/core/meta/lean/kinds';
import { LEAN_KINDS } from '../../src/core/meta/lean/wrap';
import { expectLeanMatchesAutodiff } from './metaGradHelpers';

beforeAll(async () => {
  tf.env().set('PROD', true);
  expect(await tf.setBackend('wasm')).toBe(true);
  await tf.ready();
});
afterEach(() => setLeanWasmKernels(true));

let seed = 1;
const rnd = (shape: number[], lo = -1, hi = 1) => tf.randomUniform(shape, lo, hi, 'float32', seed++);

/** Values and gradients (w.r.t. vars) of Σ_k Σ(out_k ⊙ R_k) with seeded R_k, kernels on/off. */
function run(vars: Variable[], f: () => Tensor[], kernels: boolean) {
  setLeanWasmKernels(kernels);
  const s0 = seed;
  let outs: Float32Array[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const ys = f();
    outs = ys.map((y) => y.dataSync() as Float32Array);
    seed = s0 + 1000;
    return tf.addN(ys.map((y) => tf.sum(tf.mul(y, rnd(y.shape))))) as tf.Scalar;
  }, vars);
  seed = s0;
  const g = vars.map((v) => {
    if (!grads[v.name]) throw new Error(`no gradient for ${v.name}: ${Object.keys(grads)}`);
    return grads[v.name].dataSync() as Float32Array;
  });
  tf.dispose([value, ...Object.values(grads)]);
  return { outs, grads: g };
}

function expectClose(a: Float32Array[], b: Float32Array[], what: string) {
  a.forEach((x, k) => {
    const scale = Math.max(...b[k].map(Math.abs), 1e-30);
    const err = Math.max(...x.map((v, i) => Math.abs(v - b[k][i])));
    expect(err / scale, `${what} ${k}`).toBeLessThan(1e-5);
    expect(scale, `${what} ${k} is not trivially zero`).toBeGreaterThan(1e-8);
  });
}

describe('lean wasm nodes = tfjs-ops lean nodes (wasm)', () => {
  it.each([
    [37, 2, 20],
    [64, 20, 8],
  ])('LSTM cell, N = %i, in = %i, H = %i', (n, inp, H) => {
    const before = tf.memory().numTensors;
    const vs = [rnd([n, inp], -3, 3), rnd([n, H]), rnd([n, H], -2, 2), rnd([inp + H, 4 * H]), rnd([4 * H])];
    const vars = vs.map((t, k) => tf.variable(t, true, `cell${n}_${k}`));
    const f = () => {
      const r = leanLstmCell(vars[0], vars[1], vars[2], { kernel: vars[3], bias: vars[4] });
      return [r.h, r.c];
    };
    const ops = run(vars, f, false);
    const ker = run(vars, f, true);
    expectClose(ker.outs, ops.outs, 'output');
    expectClose(ker.grads, ops.grads, 'gradient');
    // No tape: nothing kept. A tape whose backward pass does not reach the node: its saved
    // tensors (copies and owned ones) are still freed.
    tf.tidy(() => {
      f();
    });
    const { value, grads } = tf.variableGrads(() => {
      f();
      return tf.sum(tf.mul(vars[0], 2)) as tf.Scalar;
    }, [vars[0]]);
    tf.dispose([value, ...Object.values(grads)]);
    tf.dispose([...vs, ...vars]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('colNorm, N = 53, w = 20', () => {
    const before = tf.memory().numTensors;
    const x0 = rnd([53, 20], -2, 2);
    const x = tf.variable(x0, true, 'colnorm_x');
    const ops = run([x], () => [leanColNorm(x)], false);
    const ker = run([x], () => [leanColNorm(x)], true);
    expectClose(ker.outs, ops.outs, 'output');
    expectClose(ker.grads, ops.grads, 'gradient');
    tf.dispose([x0, x]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([false, true])(
    'AdamCell + WeightCell + combine (HyperAdam, N = 41; β, γ capped on some candidates: %s)',
    (capped) => {
      const n = 41;
      const opt = initLearned(DEFAULT_ARCHITECTURES.hyperadam, 3);
      const J = (opt.weights.get('adam/kernel').shape[1] as number) / 2;
      if (capped) {
        // b = 40 on β of candidates 0–4 and γ of 5–12 (σ = 1 in float32, so both paths use the
        // cap and pass no gradient through it); the others keep theirs.
        const b = opt.weights.get('adam/bias').dataSync().slice() as Float32Array;
        for (let j = 0; j < 5; j++) b[j] = 40;
        for (let j = 5; j < 13; j++) b[J + j] = 40;
        const t = tf.tensor(b);
        opt.weights.get('adam/bias').assign(t);
        t.dispose();
      }
      const H = opt.weights.get('weight/kernel').shape[0];
      const before = tf.memory().numTensors;
      const vs = [
        rnd([n, 1]),
        rnd([n, H]),
        rnd([n, J]),
        rnd([n, J], 0, 2),
        rnd([n, J], 0.05, 1),
        rnd([n, J], 0.05, 1),
      ];
      const vars = vs.map((t, k) => tf.variable(t, true, `adam_${k}`));
      const [g, s, m, v, bh, gh] = vars;
      const f = () => {
        const r = leanAdamAndCombine(g, s, { m, v, bh, gh }, opt.weights);
        return [r.m, r.v, r.bh, r.gh, r.mu];
      };
      const phi = ['adam/kernel', 'adam/bias', 'weight/kernel', 'weight/bias'].map((k) => opt.weights.get(k));
      const all = [...vars.slice(1), ...phi];
      const ops = run(all, f, false);
      const ker = run(all, f, true);
      expectClose(ker.outs, ops.outs, 'output');
      expectClose(ker.grads, ops.grads, 'gradient');
      tf.dispose([...vs, ...vars]);
      expect(tf.memory().numTensors).toBe(before);
      opt.dispose();
    },
  );
});

describe('lean path with the wasm kernels', () => {
  it.each(LEAN_KINDS)(
    '%s: lean meta-gradient = autodiff meta-gradient (1e-4 relative, wasm)',
    expectLeanMatchesAutodiff,
  );
});
