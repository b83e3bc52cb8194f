/**
 * LHOPT's held-out loss features (learned/lhopt/evalFeatures.ts; docs/algorithms.md §5.2)
 * against hand values (CDF features worked out from cdf.ts's formulas: L^e = 2 at progress 0.5,
 * then L^e = 1 at progress 1 → log L^e falls by ln 2, r^e = −ln 2, tanh r^e = −0.6), their
 * place at the end of the observation, old (v1) policy files read with zero weights for them,
 * and the runner supplying ctx.evalLoss to LHOPT on the last step of each outer step only.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/experiment/rng';
import { defaultSpec, type ExperimentSpec } from '../../src/core/experiment/schema';
import { lhoptPolicyShape } from '../../src/core/learned/lhopt/controller';
import { evalFeatures, initialEvalMemory, N_EVAL_FEATURES } from '../../src/core/learned/lhopt/evalFeatures';
import { decodePolicyFile, encodePolicyFile } from '../../src/core/learned/lhopt/files';
import { INITIAL_HYPER } from '../../src/core/learned/lhopt/hyper';
import { ACC_LOSS, ACC_SIZE } from '../../src/core/learned/lhopt/inner';
import { emptyNorm } from '../../src/core/learned/lhopt/normalizer';
import { initialMemory, OBS_SIZE, OBS_SIZE_V1, observe } from '../../src/core/learned/lhopt/observation';
import { Policy } from '../../src/core/learned/lhopt/policy';
import { type LhoptState, lhoptRule, outerLength } from '../../src/core/learned/lhopt/rule';
import type { StepContext, UpdateRule } from '../../src/core/optim/types';
import { Runner } from '../../src/core/run/runner';
import { defaultTaskOptions, type TaskOptions } from '../../src/core/tasks/catalog';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const CDF_DROP = [0.0712039, 0.1182321, 0.1482997, 0.1578931, 0.3820212];
const closeAll = (a: number[], b: number[], digits = 6) => {
  expect(a).toHaveLength(b.length);
  for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], digits);
};

describe('held-out loss features', () => {
  it('hand values: first measurement neutral, then a halving', () => {
    const a = evalFeatures(initialEvalMemory(), 2, 0.5);
    expect(a.out).toHaveLength(N_EVAL_FEATURES);
    closeAll(a.out, [1, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5]);
    const b = evalFeatures(a.mem, 1, 1);
    expect(b.out.slice(0, 3)).toEqual([1, 0, 0]);
    closeAll(b.out.slice(3, 8), CDF_DROP);
    expect(b.out[8]).toBe(0);
    expect(b.out[9]).toBeCloseTo(-0.6, 12);
    closeAll(b.out.slice(10), CDF_DROP);
    // Scale-free: ×1000 on the held-out loss changes nothing.
    const c = evalFeatures(evalFeatures(initialEvalMemory(), 2000, 0.5).mem, 1000, 1);
    closeAll(c.out, b.out, 9);
  });

  it('no measurement: neutral and the memory unchanged; zero loss: the is-inf flag', () => {
    const a = evalFeatures(initialEvalMemory(), 2, 0.5);
    const none = evalFeatures(a.mem, null, 0.75);
    expect(none.out).toEqual([0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(none.mem).toBe(a.mem);
    const zero = evalFeatures(a.mem, 0, 1);
    expect(zero.out.slice(0, 3)).toEqual([1, 0, 1]);
    expect(zero.out[9]).toBe(-1); // tanh(−∞)
    expect(zero.mem.prev).toBe(2);
    const nan = evalFeatures(a.mem, Number.NaN, 1);
    expect([nan.out[1], nan.out[8]]).toEqual([1, 1]);
  });

  it('sit at the end of the observation', () => {
    expect(OBS_SIZE).toBe(OBS_SIZE_V1 + 15);
    const acc = new Float64Array(ACC_SIZE);
    acc[ACC_LOSS] = 8;
    const r = { acc, featureSteps: 2, innerSteps: 8, progress: 0.5 };
    const m0 = initialMemory(INITIAL_HYPER);
    const without = observe(m0, r);
    const first = observe(m0, { ...r, evalLoss: 2 });
    expect(first.obs).toHaveLength(OBS_SIZE);
    expect(first.obs.slice(0, OBS_SIZE_V1)).toEqual(without.obs.slice(0, OBS_SIZE_V1));
    const second = observe(first.mem, { ...r, progress: 1, evalLoss: 1 });
    closeAll(second.obs.slice(OBS_SIZE_V1 + 3, OBS_SIZE_V1 + 8), CDF_DROP);
  });

  it('a v1 policy file (before these features) reads with zero input weights for them', async () => {
    const p = Policy.init(lhoptPolicyShape(4), makeRng(3));
    const { json, bin } = await encodePolicyFile(
      p,
      {
        kind: 'lhopt',
        version: 1,
        architecture: { kind: 'lhopt', outputScale: 1e-3, hidden: 4 },
        recipe: null,
        metaIterations: 0,
        finalMetaLoss: null,
      },
      'x.bin',
    );
    // Cut the file down to the v1 layout: in/kernel rows, norm/mean and norm/sq entries.
    const named = tf.io.decodeWeights(bin, json.weightsManifest[0].weights);
    const cut: tf.NamedTensorMap = {};
    for (const [k, t] of Object.entries(named))
      cut[k] = ['in/kernel', 'norm/mean', 'norm/sq'].includes(k) ? tf.slice(t, 0, OBS_SIZE_V1) : t;
    const v1 = await tf.io.encodeWeights(cut);
    const back = decodePolicyFile(
      { ...json, weightsManifest: [{ paths: ['x.bin'], weights: v1.specs }] },
      v1.data,
      'v1',
    );
    const k = back.policy.weights.get('in/kernel');
    expect(k.shape).toEqual([OBS_SIZE, 4]);
    const kv = k.dataSync();
    const orig = p.weights.get('in/kernel').dataSync();
    expect(Array.from(kv.slice(0, OBS_SIZE_V1 * 4))).toEqual(Array.from(orig.slice(0, OBS_SIZE_V1 * 4)));
    expect(Array.from(kv.slice(OBS_SIZE_V1 * 4)).every((x) => x === 0)).toBe(true);
    expect(back.policy.readNorm().mean).toHaveLength(OBS_SIZE);
    tf.dispose([...Object.values(named), ...Object.values(cut)]);
    p.dispose();
    back.policy.dispose();
  });

  it('the runner gives LHOPT ctx.evalLoss on the last step of each outer step, Adam never', async () => {
    const policy = Policy.init(lhoptPolicyShape(4), makeRng(1));
    const seen: Record<string, number[]> = { lhopt: [], adam: [] };
    let last: LhoptState | null = null;
    const spy = (id: string, rule: UpdateRule): UpdateRule => ({
      ...rule,
      step(g, s, p, hp, ctx?: StepContext) {
        if (ctx?.evalLoss) seen[id].push(ctx.t);
        const out = rule.step(g, s, p, hp, ctx);
        if (id === 'lhopt') last = out.state as LhoptState;
        return out;
      },
    });
    const steps = 24;
    const spec: ExperimentSpec = {
      ...defaultSpec(),
      task: { id: 'spirals', options: defaultTaskOptions('spirals') as TaskOptions },
      optimizers: [
        { id: 'lhopt', hyper: { outerSteps: 3 } as ExperimentSpec['optimizers'][number]['hyper'] },
        { id: 'adam', hyper: {} },
      ],
      steps,
      seed: 1,
      backend: 'cpu',
    };
    const { getRule } = await import('../../src/core/optim/registry');
    const runner = await Runner.create(spec, NO_DATA_ENV, {
      resolveRule: async (e) =>
        e.id === 'lhopt'
          ? spy('lhopt', lhoptRule(policy, emptyNorm(OBS_SIZE)))
          : spy('adam', getRule('adam')),
    });
    while (!runner.done) await runner.advance(8);
    const K = outerLength(steps, 3);
    expect(K).toBe(8);
    expect(seen.lhopt).toEqual([8, 16, 24]);
    expect(seen.adam).toEqual([]);
    const mem = (last as LhoptState | null)?.mem;
    expect(mem?.evalMem.prev).toBeGreaterThan(0);
    expect(mem?.evalMem.progress).toBe(1);
    runner.dispose();
    policy.dispose();
  });
});
