/**
 * The fused (WGSL) LSTM cell nodes (src/core/meta/fused/cell.ts) against the lean tfjs-ops
 * nodes (src/core/meta/lean/cell.ts) on the same webgpu backend (Dawn; SwiftShader without a
 * GPU): forward h', c' and the gradients of a random linear functional of both with respect to
 * x, h, c, K and b agree to 1e-5 relative (max-norm), for an input layer of width 2 (DM's
 * LogAndSign) and a hidden-to-hidden layer; no tensor leaks over repeated calls.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRng, normalArray } from '../../src/core/experiment/rng';
import { withFusedNodes } from '../../src/core/meta/fused/path';
import { leanLstmCell } from '../../src/core/meta/lean/cell';
import { useWebGpu } from '../kernels/webgpu';
import { relDiff } from '../relError';

let gpu = { ok: false, adapter: '' };
beforeAll(async () => {
  gpu = await useWebGpu();
}, 60_000);

async function run(n: number, inp: number, H: number, fused: boolean): Promise<Float32Array[]> {
  const rng = makeRng(7);
  const t = (shape: number[], s = 1) =>
    tf.tensor(
      normalArray(
        rng,
        shape.reduce((a, b) => a * b, 1),
        s,
      ),
      shape,
    );
  const ins = [t([n, inp], 2), t([n, H]), t([n, H]), t([inp + H, 4 * H], 0.5), t([4 * H], 0.5)];
  const rh = t([n, H]);
  const rc = t([n, H]);
  const f = (...a: Tensor[]) => {
    const step = () => leanLstmCell(a[0], a[1], a[2], { kernel: a[3], bias: a[4] });
    const r = fused ? withFusedNodes(step) : step();
    return tf.add(tf.sum(tf.mul(r.h, rh)), tf.sum(tf.mul(r.c, rc)));
  };
  const vals = tf.tidy(() => {
    const r = fused
      ? withFusedNodes(() => leanLstmCell(ins[0], ins[1], ins[2], { kernel: ins[3], bias: ins[4] }))
      : leanLstmCell(ins[0], ins[1], ins[2], { kernel: ins[3], bias: ins[4] });
    return [r.h, r.c];
  });
  const grads = tf.grads(f)(ins);
  const out = await Promise.all([...vals, ...grads].map(async (x) => (await x.data()) as Float32Array));
  tf.dispose([...ins, rh, rc, ...vals, ...grads]);
  return out;
}

describe('fused LSTM cell nodes = lean nodes (webgpu)', () => {
  for (const [inp, H] of [
    [2, 5],
    [6, 6],
  ]) {
    it(`input ${inp}, hidden ${H}, 50 rows: values and gradients within 1e-5`, async ({ skip }) => {
      if (!gpu.ok) skip();
      const lean = await run(50, inp, H, false);
      const before = tf.memory().numTensors;
      const fused = await run(50, inp, H, true);
      const names = ["h'", "c'", 'dx', 'dh', 'dc', 'dK', 'db'];
      fused.forEach((v, i) => {
        expect(v.length, names[i]).toBe(lean[i].length);
        expect(relDiff(v, lean[i]), names[i]).toBeLessThan(1e-5);
      });
      await run(50, inp, H, true);
      expect(tf.memory().numTensors).toBe(before);
    }, 120_000);
  }
});
