/**
 * The fused WebGPU HyperAdam / VHAdam cell (src/core/meta/fused/hyper*.ts) in Node through
 * Dawn (SwiftShader without a GPU; skipped loudly without an adapter, failing under CI):
 * 1. the node's outputs and every input's gradient (data, meta-parameters, ξ) equal the lean
 *    tfjs composite (lean/kinds.ts leanAdamAndCombine + VHAdam's variance head and sample) on
 *    the same backend, N = 50, to 1e-4 relative (float32, different summation order);
 * 2. the fused path's (recipe path 'fused': lean/wrap.ts withPath) meta-gradient of a 3-step unroll (50 coordinates, seeded noise for
 *    VHAdam; VHAdam also with varInputs 'h+x' under 'variational-mean') equals the autodiff
 *    path's to 1e-4 relative L2, meta-loss to 1e-5;
 * 3. tf.memory().numTensors is the same before and after.
 */
import '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ARCHITECTURES, type LearnedId } from '../../src/core/learned/catalog';
import type { MetaParams } from '../../src/core/learned/metaParams';
import type { VhAdamArchitecture } from '../../src/core/learned/vhadam/meta';
import { fusedDispatches } from '../../src/core/meta/fused/dispatchCount';
import { fusedHyperCell } from '../../src/core/meta/fused/hyperCell';
import { type CellDims, paramShapes } from '../../src/core/meta/fused/hyperLayout';
import { leanAdamAndCombine } from '../../src/core/meta/lean/kinds';
import { leanDense } from '../../src/core/meta/lean/ops';
import { withPath } from '../../src/core/meta/lean/wrap';
import { useWebGpu } from '../kernels/webgpu';
import { relDiff } from '../relError';
import { bpttWith, fixtureN } from './metaGradHelpers';

let gpu = { ok: false, adapter: '' };
beforeAll(async () => {
  gpu = await useWebGpu();
}, 120_000);

const N = 50;
const NAMES = ['adam/kernel', 'adam/bias', 'weight/kernel', 'weight/bias', 'var/kernel', 'var/bias'];

function randomInputs(d: CellDims, capped = false): { data: Tensor[]; params: Tensor[] } {
  let seed = 11;
  const normal = (shape: number[], sd = 1) => tf.randomNormal(shape, 0, sd, 'float32', seed++);
  const unit = (shape: number[]) => tf.randomUniform(shape, 0.05, 0.95, 'float32', seed++);
  const { J, H } = d;
  const data = [
    normal([N, 1], 0.3),
    tf.tanh(normal([N, H])),
    normal([N, J], 0.2),
    tf.square(normal([N, J], 0.3)),
    unit([N, J]),
    unit([N, J]),
    ...(d.V ? [normal([N, 1]), normal([N, 1], 0.5)] : []),
  ];
  const params = paramShapes(d).map((s) => normal(s, 0.3));
  if (capped) {
    // b_ad = 40 on β of candidates 0–4 and γ of 5–12: σ = 1 in float32, both sides use the cap.
    const b = params[1].dataSync().slice() as Float32Array;
    for (let j = 0; j < 5; j++) b[j] = 40;
    for (let j = 5; j < 13; j++) b[J + j] = 40;
    params[1].dispose();
    params[1] = tf.tensor(b);
  }
  return { data, params };
}

/** The lean tfjs composite with the node's inputs and outputs. */
function leanCell(d: CellDims, data: Tensor[], params: Tensor[]): Tensor[] {
  const w = { get: (k: string) => params[NAMES.indexOf(k)] } as unknown as MetaParams;
  const [g, s, m, v, bh, gh, xi, lv0] = data;
  const c = leanAdamAndCombine(g, s, { m, v, bh, gh }, w);
  const out = [c.m, c.v, c.bh, c.gh, c.mu];
  if (!d.V) return out;
  const lv = tf.add(leanDense(s, params[4], params[5]), lv0);
  return [...out, lv, tf.add(c.mu, tf.mul(tf.exp(tf.mul(lv, tf.scalar(0.5))), xi))];
}

/** Outputs and the gradients of Σ_k Σ out_k⊙R_k w.r.t. every input. */
async function valuesAndGrads(cell: typeof leanCell, d: CellDims, data: Tensor[], params: Tensor[]) {
  const r = tf.tidy(() => {
    const ins = [...data, ...params];
    const outs = cell(d, data, params);
    const R = outs.map((o, k) => tf.randomNormal(o.shape, 0, 1, 'float32', 100 + k));
    const f = (...xs: Tensor[]) => {
      const os = cell(d, xs.slice(0, data.length), xs.slice(data.length));
      return tf.addN(os.map((o, k) => tf.sum(tf.mul(o, R[k]))));
    };
    return { outs, grads: tf.grads(f)(ins) };
  });
  const read = (ts: Tensor[]) => Promise.all(ts.map(async (t) => (await t.data()) as Float32Array));
  const out = { outs: await read(r.outs), grads: await read(r.grads) };
  tf.dispose([...r.outs, ...r.grads]);
  return out;
}

describe('fused WebGPU HyperAdam / VHAdam cell', () => {
  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])(
    'node = lean composite, forward and backward (V = %s; β, γ at the cap on some candidates: %s)',
    async (V, capped) => {
      if (!gpu.ok) return;
      const d = { J: 20, H: 20, V };
      const { data, params } = randomInputs(d, capped);
      const before = tf.memory().numTensors;
      const fused = await valuesAndGrads((dd, x, p) => fusedHyperCell(dd, x, p), d, data, params);
      const lean = await valuesAndGrads(leanCell, d, data, params);
      expect(tf.memory().numTensors).toBe(before);
      lean.outs.forEach((o, k) => {
        expect(relDiff(fused.outs[k], o), `output ${k}`).toBeLessThan(1e-4);
      });
      lean.grads.forEach((g, k) => {
        expect(relDiff(fused.grads[k], g), `gradient of input ${k}`).toBeLessThan(1e-4);
        expect(Math.max(...g.map(Math.abs)), `gradient of input ${k} is not zero`).toBeGreaterThan(0);
      });
      tf.dispose([...data, ...params]);
    },
  );

  const HX: VhAdamArchitecture = {
    ...(DEFAULT_ARCHITECTURES.vhadam as VhAdamArchitecture),
    varInputs: 'h+x',
  };
  const cases: [LearnedId, Parameters<typeof fixtureN>[3]][] = [
    ['hyperadam', {}],
    ['vhadam', {}],
    ['vhadam', { architecture: HX, objective: 'variational-mean' }],
  ];
  it.each(cases)('%s %o: fused meta-gradient = autodiff (1e-4 relative)', async (kind, over) => {
    if (!gpu.ok) return;
    const f = await fixtureN(kind, 3, 5, over);
    const before = tf.memory().numTensors;
    const ad = await bpttWith(f, f.opt);
    const d0 = fusedDispatches();
    const fused = await bpttWith(f, withPath(f.opt, 'fused'));
    // The hyper cell's 6 dispatches per step (plus the LSTM cell's 8) really ran.
    expect(fusedDispatches() - d0).toBeGreaterThanOrEqual(3 * 6);
    expect(tf.memory().numTensors).toBe(before);
    expect(Math.abs(fused.loss - ad.loss)).toBeLessThanOrEqual(1e-5 * Math.abs(ad.loss));
    let num = 0;
    let den = 0;
    for (const k of Object.keys(ad.grads)) {
      ad.grads[k].forEach((y, i) => {
        num += (fused.grads[k][i] - y) ** 2;
        den += y * y;
      });
    }
    expect(den).toBeGreaterThan(0);
    // Per variable too (the L2 over all of φ is dominated by its largest blocks): each
    // variable's own relative L2 where its gradient is not negligible (≥ 1e-3 of the total
    // norm; below that float32 noise dominates: HyperAdam's W_ad gets ~1e-8 of it here, and the
    // node test above checks the AdamCell's parameter gradients directly).
    for (const k of Object.keys(ad.grads)) {
      let nk = 0;
      let dk = 0;
      ad.grads[k].forEach((y, i) => {
        nk += (fused.grads[k][i] - y) ** 2;
        dk += y * y;
      });
      if (dk > 1e-6 * den) expect(Math.sqrt(nk / dk), k).toBeLessThan(1e-4);
    }
    expect(Math.sqrt(num / den)).toBeLessThan(1e-4);
    f.dispose();
  });
});
