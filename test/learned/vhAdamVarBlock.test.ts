/**
 * VHAdam's VarBlock (docs/algorithms.md §4.2, "Why σ² stayed at 1"): the KL-averaged meta-loss
 * ('variational-mean') against its hand-derived gradient, the 'h+x' VarBlock (σ² spread over
 * coordinates where an h-only VarBlock has none), old files loading unchanged, the explicit
 * migration, and the σ² head's meta-gradient (nonzero, = central finite differences).
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/experiment/rng';
import { DEFAULT_ARCHITECTURES, paramCountOf } from '../../src/core/learned/catalog';
import { initLearned } from '../../src/core/learned/factory';
import type { VhAdamOptimizer } from '../../src/core/learned/vhadam';
import {
  VHADAM_DEFAULT,
  type VhAdamArchitecture,
  vhAdamArchitectureSchema,
} from '../../src/core/learned/vhadam/meta';
import { withVarInputsX } from '../../src/core/learned/vhadam/migrate';
import { OBJECTIVES } from '../../src/core/meta/objectives';
import { bptt, fixture, replayLoss } from '../meta/metaGradHelpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const HX: VhAdamArchitecture = { ...VHADAM_DEFAULT, varInputs: 'h+x' };

/** log σ² of `steps` steps on a fixed N-coordinate gradient field with spread-out magnitudes. */
function logVarAfter(opt: VhAdamOptimizer, n: number, steps: number): Float32Array {
  const rng = makeRng(5);
  let s = opt.initState(n);
  let out: Float32Array = new Float32Array(0);
  for (let t = 1; t <= steps; t++) {
    const g = tf.tensor2d(
      Float32Array.from({ length: n }, () => rng.normal() * Math.exp(2 * rng.normal())),
      [n, 1],
    );
    const r = opt.step(g, s, t, 0.001);
    out = r.aux.logVar.dataSync() as Float32Array;
    tf.dispose([g, r.delta, ...Object.values(r.aux), ...Object.values(r.probes ?? {})]);
    tf.dispose(Object.values(s).flat());
    s = r.state;
  }
  tf.dispose(Object.values(s).flat());
  return out;
}

const spread = (x: Float32Array) => {
  const s = Float32Array.from(x).sort();
  return s[Math.floor(0.95 * (s.length - 1))] - s[Math.floor(0.05 * (s.length - 1))];
};

describe('VHAdam VarBlock', () => {
  it("variational-mean: the KL's gradient on log σ²_i is 1e-4·½(σ²_i − 1)/N (the sum's is N× that)", () => {
    const n = 500;
    const lv = tf.tensor2d(
      Array.from({ length: n }, (_, i) => -1 + (2 * i) / n),
      [n, 1],
    );
    const zero = tf.scalar(0);
    const termGrad = (id: 'variational' | 'variational-mean') =>
      tf
        .grad(
          (x: tf.Tensor) =>
            OBJECTIVES[id].term({
              t: 0,
              T: 1,
              params: [],
              next: [],
              batch: { x: zero, y: zero } as never,
              loss: () => zero,
              lossValue: zero,
              aux: { logVar: x },
            }) as tf.Scalar,
        )(lv)
        .dataSync();
    const mean = termGrad('variational-mean');
    const sum = termGrad('variational');
    const lvs = lv.dataSync();
    for (const i of [0, 137, 250, 499]) {
      const want = (1e-4 * 0.5 * (Math.exp(lvs[i]) - 1)) / n;
      expect(mean[i]).toBeCloseTo(want, 10);
      expect(sum[i]).toBeCloseTo(want * n, 8);
    }
    expect(OBJECTIVES['variational-mean'].id).toBe('variational-mean');
    tf.dispose([lv, zero]);
  });

  it("an h-only VarBlock gives every coordinate nearly the same σ²; 'h+x' spreads it", () => {
    // Same seed ⇒ same in/LSTM/var weights; only var/kernelX is added.
    const h = initLearned(VHADAM_DEFAULT, 3) as VhAdamOptimizer;
    const hx = initLearned(HX, 3) as VhAdamOptimizer;
    const w = tf.tensor2d([0.1, 0.1], [2, 1]); // w_x at the init's σ (the draw itself is random)
    hx.weights.get('var/kernelX').assign(w);
    w.dispose();
    const sH = spread(logVarAfter(h, 2000, 5));
    const sHX = spread(logVarAfter(hx, 2000, 5));
    // Measured: 5–95% spread of log σ² 'h' 0.012 (h's column spread over 2000 coordinates is
    // small: the LSTM reads column-normalised inputs), 'h+x' (w_x = [0.1, 0.1]) 0.23.
    expect(sH).toBeLessThan(0.03);
    expect(sHX).toBeGreaterThan(0.1);
    h.dispose();
    hx.dispose();
  });

  it("old files (no varInputs) parse as the authors' VarBlock; 'h+x' adds var/kernelX; bad values are named", () => {
    const old = vhAdamArchitectureSchema.safeParse({ ...VHADAM_DEFAULT });
    expect(old.success && old.data.varInputs).toBeUndefined();
    expect(paramCountOf(DEFAULT_ARCHITECTURES.vhadam)).toBe(5421);
    expect(paramCountOf(HX)).toBe(5423);
    const bad = vhAdamArchitectureSchema.safeParse({ ...VHADAM_DEFAULT, varInputs: 'x' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path).toEqual(['varInputs']);
    expect(bad.error?.issues[0].message).toBe('must be one of h, h+x');
  });

  it('withVarInputsX keeps every tensor and μ, adds var/kernelX, and refuses twice', () => {
    const old = initLearned(VHADAM_DEFAULT, 9) as VhAdamOptimizer;
    const hx = withVarInputsX(old, 1);
    expect((hx.architecture as VhAdamArchitecture).varInputs).toBe('h+x');
    for (const v of old.weights.list()) {
      const name = v.name.replace(/^learned[^/]*\//, '');
      expect(Array.from(hx.weights.get(name).dataSync())).toEqual(Array.from(v.dataSync()));
    }
    expect(hx.weights.get('var/kernelX').shape).toEqual([2, 1]);
    const g = tf.tensor2d([0.3, -2, 1e-3, 5], [4, 1]);
    const s0 = old.initState(4);
    const s1 = hx.initState(4);
    const a = old.step(g, s0, 1, 0.001, { sample: 0 });
    const b = hx.step(g, s1, 1, 0.001, { sample: 0 });
    expect(Array.from(b.aux.mean.dataSync())).toEqual(Array.from(a.aux.mean.dataSync()));
    expect(Array.from(b.aux.logVar.dataSync())).not.toEqual(Array.from(a.aux.logVar.dataSync()));
    expect(() => withVarInputsX(hx, 1)).toThrow(/already/);
    tf.dispose([g, a.delta, b.delta, ...Object.values(a.aux), ...Object.values(b.aux)]);
    tf.dispose([...Object.values(a.probes ?? {}), ...Object.values(b.probes ?? {})]);
    tf.dispose([...Object.values(s0).flat(), ...Object.values(s1).flat()]);
    tf.dispose([...Object.values(a.state).flat(), ...Object.values(b.state).flat()]);
    old.dispose();
    hx.dispose();
  });

  // Same check and tolerance as test/meta/metaGradFd.test.ts (see its header for why).
  it.each([
    ['variational', VHADAM_DEFAULT],
    ['variational-mean', HX],
  ] as const)(
    "the σ² head's meta-gradient is nonzero and = finite differences (%s)",
    async (objective, arch) => {
      const f = await fixture('vhadam', 4, 11, { architecture: arch, objective });
      const base = replayLoss(f, null);
      const ad = bptt(f, 'autodiff');
      const lean = bptt(f, 'lean');
      const rng = makeRng(29);
      const names = f.opt.weights
        .list()
        .map((v) => v.name)
        .filter((n) => /var\/(kernel|bias|kernelX)$/.test(n));
      expect(names.length).toBe(arch.varInputs === 'h+x' ? 3 : 2);
      for (const name of names) {
        const v = f.opt.weights.list().find((x) => x.name === name) as tf.Variable;
        const g = ad.grads[name];
        const gNorm = Math.sqrt(g.reduce((s, x) => s + x * x, 0));
        expect(gNorm, `${name}: a zero σ² gradient`).toBeGreaterThan(1e-6);
        const u = Float32Array.from({ length: v.size }, () => rng.normal());
        const uNorm = Math.sqrt(u.reduce((s, x) => s + x * x, 0));
        for (let i = 0; i < u.length; i++) u[i] /= uNorm;
        const orig = v.clone();
        const at = (sign: number) => {
          v.assign(tf.tidy(() => tf.add(orig, tf.mul(tf.tensor(u, v.shape), tf.scalar(sign * 1e-3)))));
          return replayLoss(f, base.gs).loss;
        };
        const fd = (at(1) - at(-1)) / 2e-3;
        v.assign(orig);
        orig.dispose();
        const dir = (gr: Float32Array) => gr.reduce((s, x, i) => s + x * u[i], 0);
        const tol = 0.02 * gNorm + 2e-4 * Math.max(1, Math.abs(base.loss));
        expect(Math.abs(dir(g) - fd), `${name}: BPTT ${dir(g)} vs FD ${fd}`).toBeLessThanOrEqual(tol);
        expect(Math.abs(dir(lean.grads[name]) - fd), `${name} (lean)`).toBeLessThanOrEqual(tol);
      }
      tf.dispose(base.gs.flat());
      f.dispose();
    },
  );
});
