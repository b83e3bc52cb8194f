/**
 * DMOptimizer and RNNprop: preprocessing hand values, parameter counts, the update-rule
 * adapter, save → load round trips and rejection of corrupt weight files.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { io, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/core/experiment/schema';
import {
  artifactsFromModelJson,
  learnedFromArtifacts,
  makeHeader,
  toArtifacts,
  toModelJson,
} from '../../src/core/learned/artifacts';
import {
  DEFAULT_ARCHITECTURES,
  LEARNED,
  LEARNED_IDS,
  paramCountOf,
  parseLearnedHyper,
} from '../../src/core/learned/catalog';
import { initLearned } from '../../src/core/learned/factory';
import { logAndSign, relativeGradient } from '../../src/core/learned/preprocess';
import { type LearnedSource, loadLearnedRule } from '../../src/core/learned/registry';
import { learnedRule } from '../../src/core/learned/rule';
import type { LearnedOptimizer } from '../../src/core/learned/types';
import { applyStep, disposeState } from '../../src/core/optim/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const KINDS = ['dmoptimizer', 'rnnprop'] as const;
const read = (t: Tensor) => Array.from(t.dataSync());

describe('preprocessing', () => {
  it('LogAndSign (p = 10) matches docs/algorithms.md §2.2', () => {
    const out = tf.tidy(() => logAndSign(tf.tensor2d([1e-3, 1e-6, -1e-3, -1e-6, 0, 5], [6, 1]), 10));
    const v = read(out);
    out.dispose();
    const expected = [
      [-0.6907755, 1],
      [-1, 0.0220265],
      [-0.6907755, -1],
      [-1, -0.0220265],
      [-1, 0],
      [Math.log(5) / 10, 1],
    ];
    expected.forEach(([a, b], i) => {
      expect(v[2 * i]).toBeCloseTo(a, 6);
      expect(v[2 * i + 1]).toBeCloseTo(b, 6);
    });
  });

  it('RNNprop first-step inputs are ≈ ±1 (m̂₁ = g, v̂₁ = g²), whatever the gradient scale', () => {
    const g = [3e-4, -2.5, 0.07, -1e-3, 12];
    const x = tf.tidy(() => {
      const gt = tf.tensor2d(g, [5, 1]);
      const z = tf.zeros([5, 1]);
      return relativeGradient(gt, z, z, 1, 0.95, 0.95, 1e-8).x;
    });
    const v = read(x);
    x.dispose();
    g.forEach((gi, i) => {
      expect(v[2 * i]).toBeCloseTo(Math.sign(gi), 4);
      expect(v[2 * i + 1]).toBeCloseTo(Math.sign(gi), 4);
    });
  });
});

describe('architectures', () => {
  it('have the papers’ parameter counts: DMOptimizer 5141, RNNprop 6641', () => {
    expect(paramCountOf(DEFAULT_ARCHITECTURES.dmoptimizer)).toBe(5141);
    expect(paramCountOf(DEFAULT_ARCHITECTURES.rnnprop)).toBe(6641);
    for (const k of KINDS) {
      const opt = initLearned(DEFAULT_ARCHITECTURES[k], 1);
      expect(opt.weights.count()).toBe(LEARNED[k].paramCount);
      opt.dispose();
    }
    expect(LEARNED.dmoptimizer.paramCount).toBe(5141);
    expect(LEARNED.rnnprop.paramCount).toBe(6641);
  });

  it('the catalog ids validate in specs, with the output scale as lr', () => {
    expect(LEARNED_IDS).toEqual(expect.arrayContaining(['dmoptimizer', 'rnnprop']));
    expect(parseLearnedHyper('rnnprop', {})).toEqual({ ok: true, value: { lr: 0.1 } });
    const bad = parseLearnedHyper('dmoptimizer', { lr: -1 });
    expect(bad.ok).toBe(false);
    const r = parseSpec({
      optimizers: [{ id: 'rnnprop', hyper: { beta9: 1 }, weights: 'pretrained:rnnprop-mnist' }],
    });
    expect(r.errors.join()).toMatch(/beta9/);
  });

  it('RNNprop steps are bounded by α and scale-invariant in the gradient', () => {
    const opt = initLearned(DEFAULT_ARCHITECTURES.rnnprop, 3);
    const rule = learnedRule(opt);
    const p = [tf.tensor1d([0.5, -0.2, 0.1, 0])];
    const run = (scale: number) => {
      const st = rule.init(p, { lr: 0.1 });
      const g = [tf.mul(tf.tensor1d([0.3, -0.01, 2, 1e-3]), scale)];
      const out = applyStep(rule, [tf.clone(p[0])], g, st, { lr: 0.1 });
      const d = read(tf.sub(out.params[0], p[0]));
      tf.dispose([...g, ...out.params, ...Object.values(out.probes)]);
      disposeState(out.state);
      return d;
    };
    const a = run(1);
    const b = run(1000);
    for (let i = 0; i < 4; i++) {
      expect(Math.abs(a[i])).toBeLessThanOrEqual(0.1 + 1e-7);
      expect(b[i]).toBeCloseTo(a[i], 5);
    }
    tf.dispose(p);
    opt.dispose();
  });
});

/** Run `steps` steps of a rule from fixed params/grads; returns every params value read back. */
function trace(opt: LearnedOptimizer, steps: number): number[][] {
  const rule = learnedRule(opt);
  let params: Tensor[] = [tf.tensor2d([0.1, -0.3, 0.2, 0.05, 0.7, -1], [2, 3]), tf.tensor1d([0.01, -0.02])];
  let state = rule.init(params, { lr: 0.1 });
  const out: number[][] = [];
  for (let t = 0; t < steps; t++) {
    const grads = tf.tidy(() =>
      params.map((p) => tf.add(tf.mul(p, tf.scalar(2)), tf.scalar(0.01 * (t + 1)))),
    );
    const r = applyStep(rule, params, grads, state, { lr: 0.1 });
    tf.dispose([...grads, ...Object.values(r.probes)]);
    params = r.params;
    state = r.state;
    out.push([...read(params[0]), ...read(params[1])]);
  }
  tf.dispose(params);
  disposeState(state);
  return out;
}

describe('update rule', () => {
  it.each(KINDS)('%s: numTensors stays flat over steps and the update norm probe is reported', (k) => {
    const opt = initLearned(DEFAULT_ARCHITECTURES[k], 2);
    trace(opt, 2);
    const before = tf.memory().numTensors;
    const tr = trace(opt, 6);
    expect(tf.memory().numTensors).toBe(before);
    expect(tr.every((row) => row.every(Number.isFinite))).toBe(true);
    expect(tr[5]).not.toEqual(tr[0]);
    const rule = learnedRule(opt);
    const p = [tf.tensor1d([1, 2])];
    const st = rule.init(p, { lr: 0.1 });
    const g = [tf.tensor1d([0.5, -0.5])];
    const r = tf.tidy(() => rule.step(g, st, p, { lr: 0.1 }) as never) as unknown as ReturnType<
      typeof rule.step
    >;
    const norm = r.probes.updateNorm.dataSync()[0];
    const diff = read(tf.sub(r.params[0], p[0]));
    expect(norm).toBeCloseTo(Math.hypot(...diff), 6);
    tf.dispose([...p, ...g, ...r.params, ...Object.values(r.probes)]);
    disposeState(st);
    disposeState(r.state);
    opt.dispose();
  });
});

async function artifactsOf(opt: LearnedOptimizer): Promise<io.ModelArtifacts> {
  return toArtifacts(opt, makeHeader(opt, { metaIterations: 7, finalMetaLoss: 0.5 }));
}

describe('save / load', () => {
  it.each(KINDS)('%s: save → load gives identical updates (memory and model.json + .bin)', async (k) => {
    const opt = initLearned(DEFAULT_ARCHITECTURES[k], 11);
    const art = await artifactsOf(opt);
    const { opt: back, header } = learnedFromArtifacts(art, 'mem', k);
    expect(header.metaIterations).toBe(7);
    expect(header.paramCount).toBe(LEARNED[k].paramCount);
    expect(trace(back, 4)).toEqual(trace(opt, 4));
    // the two-file form, through a LearnedSource, via the runner's entry point
    const json = JSON.stringify(toModelJson(art, `${k}-t.bin`));
    const files: Record<string, ArrayBuffer> = {
      [`${k}-t.json`]: new TextEncoder().encode(json).buffer as ArrayBuffer,
      [`${k}-t.bin`]: art.weightData as ArrayBuffer,
    };
    const src: LearnedSource = {
      readPretrained: async (f) => {
        if (!files[f]) throw new Error(`no file ${f}`);
        return files[f];
      },
      loadLocal: async () => art,
    };
    const rule = await loadLearnedRule({ id: k, hyper: {}, weights: `pretrained:${k}-t` }, src);
    const local = await loadLearnedRule({ id: k, hyper: {}, weights: 'local:mine' }, src);
    expect(rule.id).toBe(k);
    expect(local.id).toBe(k);
    const p = [tf.tensor1d([0.3, -0.1])];
    const g = [tf.tensor1d([0.02, 0.5])];
    const stepWith = (r: typeof rule) => {
      const st = r.init(p, { lr: 0.1 });
      const out = tf.tidy(() => r.step(g, st, p, { lr: 0.1 }).params[0]);
      disposeState(st);
      const v = read(out);
      out.dispose();
      return v;
    };
    expect(stepWith(rule)).toEqual(stepWith(learnedRule(opt)));
    expect(stepWith(local)).toEqual(stepWith(learnedRule(opt)));
    await expect(loadLearnedRule({ id: k, hyper: {}, weights: 'pretrained:absent' }, src)).rejects.toThrow(
      /pretrained\/absent\.json: cannot read/,
    );
    const reread = await artifactsFromModelJson(json, async (p2) => files[p2]);
    expect(learnedFromArtifacts(reread).header.kind).toBe(k);
    tf.dispose([...p, ...g]);
    opt.dispose();
    back.dispose();
  });

  it('rejects corrupt or mismatched files with a message naming the problem', async () => {
    const opt = initLearned(DEFAULT_ARCHITECTURES.dmoptimizer, 1);
    const art = await artifactsOf(opt);
    const data = art.weightData as ArrayBuffer;
    const header = art.modelTopology as Record<string, unknown>;
    const specs = art.weightSpecs ?? [];
    const cases: [io.ModelArtifacts, RegExp][] = [
      [{ ...art, format: 'layers-model' }, /not a learned-optimizer file/],
      [
        { ...art, weightData: data.slice(0, data.byteLength - 8) },
        /bytes, expected 20564 \(truncated or corrupt\)/,
      ],
      [{ ...art, modelTopology: { ...header, version: 9 } }, /header\.version: unsupported 9/],
      [{ ...art, modelTopology: { ...header, kind: 'adam' } }, /header\.kind: must be one of/],
      [
        { ...art, modelTopology: { ...header, paramCount: 5000 } },
        /paramCount: 5000, but the architecture has 5141/,
      ],
      [
        { ...art, weightSpecs: specs.map((s, i) => (i === 0 ? { ...s, shape: [21, 80] } : s)) },
        /weight 'lstm0\/kernel': shape \[21,80\], expected \[22,80\]/,
      ],
      [{ ...art, weightSpecs: specs.slice(1) }, /missing weight 'lstm0\/kernel'/],
      [
        { ...art, weightSpecs: [...specs, { name: 'extra', shape: [1], dtype: 'float32' }] },
        /unexpected weight 'extra'/,
      ],
    ];
    for (const [bad, msg] of cases) expect(() => learnedFromArtifacts(bad, 'x.json')).toThrow(msg);
    const nan = data.slice(0);
    new Float32Array(nan)[3] = Number.NaN;
    expect(() => learnedFromArtifacts({ ...art, weightData: nan })).toThrow(/non-finite value at float 3/);
    expect(() => learnedFromArtifacts(art, 'x', 'rnnprop')).toThrow(
      /holds 'dmoptimizer' weights, not 'rnnprop'/,
    );
    await expect(artifactsFromModelJson('{oops', async () => data, 'f.json')).rejects.toThrow(
      /f\.json.*not valid JSON/,
    );
    opt.dispose();
  });
});

describe('runner integration', () => {
  it('the runner runs a learned optimizer from its weights like any rule', async () => {
    const { Runner } = await import('../../src/core/run/runner');
    const { defaultSpec } = await import('../../src/core/experiment/schema');
    const { NO_DATA_ENV } = await import('../../src/core/tasks/registry');
    const { setLearnedSource, defaultLearnedSource } = await import('../../src/core/learned/registry');
    const opt = initLearned(DEFAULT_ARCHITECTURES.rnnprop, 5);
    const art = await artifactsOf(opt);
    setLearnedSource({ readPretrained: () => Promise.reject(new Error('none')), loadLocal: async () => art });
    try {
      const spec = {
        ...defaultSpec(),
        task: { id: 'dm-quadratic' as const, options: { problems: 2 } },
        optimizers: [
          { id: 'rnnprop', hyper: {}, weights: 'local:rnn' },
          { id: 'adam', hyper: { lr: 0.01 } },
        ],
        steps: 10,
      };
      const runner = await Runner.create(spec, NO_DATA_ENV);
      const frame = await runner.advance(10);
      const rnn = frame.runs[0];
      expect(rnn.losses.length).toBe(11);
      expect(Array.from(rnn.losses).every(Number.isFinite)).toBe(true);
      const norms = Array.from(rnn.probes.updateNorm.values).slice(0, 10);
      expect(norms.every((x) => x > 0 && x <= 0.1 * Math.sqrt(20) + 1e-6)).toBe(true);
      runner.dispose();
    } finally {
      setLearnedSource(defaultLearnedSource);
      opt.dispose();
    }
  });
});

describe('float64 reference', () => {
  it.each(KINDS)(
    '%s: three steps of the batched network match a per-coordinate float64 reference',
    async (k) => {
      const { dmStep64, rnnpropStep64, zeroCoord } = await import('./reference64');
      const opt = initLearned(DEFAULT_ARCHITECTURES[k], 21);
      const w: Record<string, { shape: number[]; values: Float64Array }> = {};
      for (const v of opt.weights.list()) {
        const name = v.name.slice(v.name.indexOf('/') + 1);
        w[name] = { shape: v.shape, values: Float64Array.from(v.dataSync()) };
      }
      const g0 = [0.3, -2e-3, 5e-6, -0.8, 0];
      const rule = learnedRule(opt);
      let params: Tensor[] = [tf.zeros([5])];
      let state = rule.init(params, { lr: 0.1 });
      const ref = g0.map(() => zeroCoord(2, 20));
      for (let t = 1; t <= 3; t++) {
        const gs = g0.map((g) => g * (1 + 0.5 * t) * (t === 2 ? -1 : 1));
        const grads = [tf.tensor1d(gs)];
        const before = read(params[0]);
        const out = applyStep(rule, params, grads, state, { lr: 0.1 });
        tf.dispose([...grads, ...Object.values(out.probes)]);
        params = out.params;
        state = out.state;
        const got = read(params[0]).map((x, i) => x - before[i]);
        gs.forEach((g, i) => {
          const r =
            k === 'dmoptimizer' ? dmStep64(g, ref[i], w, 10, 0.1) : rnnpropStep64(g, ref[i], w, t, 0.1);
          ref[i] = r.s;
          expect(got[i]).toBeCloseTo(r.delta, 6);
          expect(Math.abs(got[i] - r.delta)).toBeLessThanOrEqual(1e-5 * Math.abs(r.delta) + 1e-7);
        });
      }
      tf.dispose(params);
      disposeState(state);
      opt.dispose();
    },
  );
});
