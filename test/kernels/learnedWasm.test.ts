/**
 * The fused wasm inference of the four coordinatewise learned optimizers
 * (kernels/learnedWasm.ts, generated WebAssembly) against their tfjs-ops UpdateRule
 * (learned/rule.ts learnedRule) on the same wasm backend: seeded φ₀, seeded gradients whose
 * scale changes between steps (1e-6 exercises LogAndSign's second branch, 20 the saturating
 * gates), 25 steps over three tensors from θ_0 = 0 (so θ_t is the sum of the updates). At every
 * step θ and every probe agree within 1e-5 relative (to the largest entry); VHAdam samples d = μ + σξ with the same
 * ξ (one seeded stream per instance), and with sample = 0 uses μ. A larger run (5 000
 * coordinates: strided probe samples) checks the probes' sampling; tensors stay flat. Every case
 * runs twice: plain SIMD, and with relaxed SIMD's multiply-add in the dense layers (as in
 * Chromium; Node 20 has it behind a V8 flag, switched on here).
 */
import v8 from 'node:v8';
import '@tensorflow/tfjs-backend-wasm';
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRng, normalArray } from '../../src/core/experiment/rng';
import { learnedWasmLayoutOf, learnedWasmRule, setLearnedWasmFma } from '../../src/core/kernels/learnedWasm';
import { relaxedSimdSupported } from '../../src/core/kernels/wasmAsm';
import { type Architecture, DEFAULT_ARCHITECTURES } from '../../src/core/learned/catalog';
import { initLearned } from '../../src/core/learned/factory';
import { learnedRule } from '../../src/core/learned/rule';
import type { LearnedOptimizer } from '../../src/core/learned/types';
import { applyStep, disposeState } from '../../src/core/optim/registry';
import type { UpdateRule } from '../../src/core/optim/types';
import { relDiff } from '../relError';

const SHAPES = [[20, 30], [7], [1]];
const BIG = [[50, 100], [3]];
const REL = 1e-5;
const sizeOf = (s: number[]) => s.reduce((a, b) => a * b, 1);

beforeAll(async () => {
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd'); // before the first feature check
  tf.env().set('PROD', true);
  expect(await tf.setBackend('wasm')).toBe(true);
  await tf.ready();
});

interface Trace {
  params: Float32Array[][];
  probes: Record<string, Float32Array>[];
}

async function run(
  rule: UpdateRule,
  hp: Record<string, number>,
  shapes: number[][],
  steps: number,
): Promise<Trace> {
  // θ_0 = 0, so θ_t = Δ_1 + … + Δ_t: comparing θ_t relative to its largest entry compares the
  // updates themselves (an O(1) θ would hide them below its own float32 rounding).
  let params: Tensor[] = shapes.map((s) => tf.zeros(s));
  let state = rule.init(params, hp);
  const gr = makeRng(4);
  const out: Trace = { params: [], probes: [] };
  for (let t = 1; t <= steps; t++) {
    const scale = t % 4 === 0 ? 1e-6 : t % 3 === 0 ? 20 : 0.3;
    const g = shapes.map((s) => tf.tensor(normalArray(gr, sizeOf(s), scale), s));
    const res = applyStep(rule, params, g, state, hp);
    tf.dispose(g);
    params = res.params;
    state = res.state;
    out.params.push(await Promise.all(params.map(async (p) => (await p.data()) as Float32Array)));
    const probes: Record<string, Float32Array> = {};
    for (const [k, v] of Object.entries(res.probes)) probes[k] = (await v.data()) as Float32Array;
    out.probes.push(probes);
    tf.dispose(Object.values(res.probes));
  }
  tf.dispose(params);
  disposeState(state);
  return out;
}

const flat = (ts: Float32Array[]) => Float32Array.from(ts.flatMap((t) => Array.from(t)));

/**
 * θ over all coordinates and every probe within REL of the reference's largest entry. rhoMean
 * is a mean of N values of both signs: tfjs sums them in float32, the kernel in float64, so it
 * is compared relative to the values' own scale (the larger of |q05|, |q95| of ρ).
 */
function expectSame(label: string, fus: Trace, ref: Trace) {
  ref.params.forEach((ps, t) => {
    expect(relDiff(flat(fus.params[t]), flat(ps)), `${label} step ${t + 1} θ`).toBeLessThanOrEqual(REL);
    expect(Object.keys(fus.probes[t]).sort()).toEqual(Object.keys(ref.probes[t]).sort());
    for (const [k, v] of Object.entries(ref.probes[t])) {
      const got = fus.probes[t][k];
      expect(got).toHaveLength(v.length);
      if (k === 'rhoMean') {
        const q = ref.probes[t].rhoQuantiles;
        const scale = Math.max(Math.abs(q[0]), Math.abs(q[2]));
        v.forEach((x, j) => {
          expect(Math.abs(got[j] - x), `${label} step ${t + 1} rhoMean[${j}]`).toBeLessThanOrEqual(
            REL * scale,
          );
        });
      } else {
        expect(relDiff(got, v), `${label} step ${t + 1} ${k}`).toBeLessThanOrEqual(REL);
      }
    }
  });
}

/** b_ad = 40 on β of candidates 0–4 and γ of 5–12: σ = 1 in float32, so only RATE_CAP bounds them. */
function saturate(opt: LearnedOptimizer): void {
  const w = opt.weights.get('adam/bias');
  const b = w.dataSync().slice() as Float32Array;
  const J = b.length / 2;
  for (let j = 0; j < 5; j++) b[j] = 40;
  for (let j = 5; j < 13; j++) b[J + j] = 40;
  const t = tf.tensor(b);
  w.assign(t);
  t.dispose();
}

const CASES: [string, Architecture, Record<string, number>, ((o: LearnedOptimizer) => void)?][] = [
  ['dmoptimizer', DEFAULT_ARCHITECTURES.dmoptimizer, {}],
  ['dmoptimizer (p = 0, 1 layer)', { ...DEFAULT_ARCHITECTURES.dmoptimizer, preprocessP: 0, layers: 1 }, {}],
  ['rnnprop', DEFAULT_ARCHITECTURES.rnnprop, {}],
  ['rnnprop (3 layers × 8)', { ...DEFAULT_ARCHITECTURES.rnnprop, layers: 3, hidden: 8 }, {}],
  ['hyperadam', DEFAULT_ARCHITECTURES.hyperadam, {}],
  ['hyperadam (β, γ at the cap on some candidates)', DEFAULT_ARCHITECTURES.hyperadam, {}, saturate],
  ['vhadam (β, γ at the cap on some candidates)', DEFAULT_ARCHITECTURES.vhadam, { sample: 1 }, saturate],
  ['vhadam (sampled)', DEFAULT_ARCHITECTURES.vhadam, { sample: 1 }],
  ['vhadam (mean, sample = 0)', DEFAULT_ARCHITECTURES.vhadam, { sample: 0 }],
  [
    'vhadam (VarBlock reads |x|, sampled)',
    { ...DEFAULT_ARCHITECTURES.vhadam, varInputs: 'h+x' } as Architecture,
    { sample: 1 },
  ],
];

for (const fma of [false, true]) {
  describe(`fused wasm learned optimizers match their tfjs-ops rule on wasm${fma ? ' (relaxed-SIMD multiply-add)' : ''}`, () => {
    beforeAll(() => {
      setLearnedWasmFma(fma);
    });
    it('the engine has relaxed SIMD once the flag is on (so both variants run)', () => {
      expect(relaxedSimdSupported()).toBe(true);
    });
    for (const [label, arch, extra, tweak] of CASES) {
      it(`${label}: 25 steps, θ and probes within 1e-5 relative; tensors flat`, async () => {
        const before = tf.memory().numTensors;
        const ref = initLearned(arch, 5);
        const fused = initLearned(arch, 5);
        tweak?.(ref);
        tweak?.(fused);
        const rule = learnedWasmRule(fused);
        expect(rule).toBeDefined();
        expect(learnedWasmLayoutOf(fused)?.fma).toBe(fma);
        const hp = { lr: arch.outputScale, ...extra };
        const a = await run(learnedRule(ref), hp, SHAPES, 25);
        const b = await run(rule as UpdateRule, hp, SHAPES, 25);
        expectSame(label, b, a);
        ref.dispose();
        fused.dispose();
        expect(tf.memory().numTensors).toBe(before);
      });
    }

    for (const kind of ['hyperadam', 'vhadam'] as const) {
      it(`${kind}: 5 003 coordinates (strided probe samples), 4 steps`, async () => {
        const arch = DEFAULT_ARCHITECTURES[kind];
        const ref = initLearned(arch, 7);
        const fused = initLearned(arch, 7);
        const hp = { lr: arch.outputScale, sample: 1 };
        const a = await run(learnedRule(ref), hp, BIG, 4);
        const b = await run(learnedWasmRule(fused) as UpdateRule, hp, BIG, 4);
        expectSame(kind, b, a);
        ref.dispose();
        fused.dispose();
      });
    }
  });
}

describe('fused wasm learned optimizers: memory and refusals', () => {
  it('memory stays flat over 40 steps (state replaced, nothing leaks)', async () => {
    const arch = DEFAULT_ARCHITECTURES.vhadam;
    const opt = initLearned(arch, 1);
    const rule = learnedWasmRule(opt) as UpdateRule;
    const hp = { lr: arch.outputScale, sample: 1 };
    let params: Tensor[] = SHAPES.map((s) => tf.ones(s));
    let state = rule.init(params, hp);
    const counts: number[] = [];
    for (let t = 0; t < 40; t++) {
      const g = SHAPES.map((s) => tf.randomNormal(s, 0, 1, 'float32', t));
      const res = applyStep(rule, params, g, state, hp);
      tf.dispose([...g, ...Object.values(res.probes)]);
      params = res.params;
      state = res.state;
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts).size).toBe(1);
    tf.dispose(params);
    disposeState(state);
    opt.dispose();
  });

  it('has no fused step where the SIMD lanes do not fit (width not a multiple of 4), or for LHOPT', () => {
    const odd = initLearned({ ...DEFAULT_ARCHITECTURES.rnnprop, hidden: 6 } as Architecture, 1);
    expect(learnedWasmLayoutOf(odd)).toBeNull();
    expect(learnedWasmRule(odd)).toBeUndefined();
    odd.dispose();
    const lhopt = initLearned(DEFAULT_ARCHITECTURES.lhopt, 1);
    expect(learnedWasmRule(lhopt)).toBeUndefined();
    lhopt.dispose();
  });

  it('refuses a state it did not make, naming the expected shape', () => {
    const arch = DEFAULT_ARCHITECTURES.rnnprop;
    const opt = initLearned(arch, 1);
    const rule = learnedWasmRule(opt) as UpdateRule;
    const p = [tf.ones([5])];
    const wrong = learnedRule(opt).init(p, {});
    expect(() => applyStep(rule, p, p, wrong, { lr: 0.1 })).toThrow(
      /state is not this rule's \[n, 84\] state/,
    );
    disposeState(wrong);
    tf.dispose(p);
    opt.dispose();
  });
});
