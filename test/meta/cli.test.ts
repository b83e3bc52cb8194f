/**
 * The meta-train CLI: flag validation names the flag and the allowed values; a tiny run on
 * the DM quadratic writes model.json + .bin that load back through the Node weight source.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { main, nodeLearnedSource, recipeFromFlags } from '../../src/cli/metaTrain';
import { loadLearnedOptimizer } from '../../src/core/learned/registry';

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('meta-train CLI', () => {
  it('builds recipes from flags and rejects bad ones with the field named', () => {
    const r = recipeFromFlags({ kind: 'rnnprop', 'meta-lr': '0.001', convex: 'off', 'random-scaling': '0' });
    expect(r).toMatchObject({
      kind: 'rnnprop',
      metaLr: 0.001,
      objective: 'last-step',
      steps: 100,
      unroll: 20,
    });
    expect(r.tricks).toEqual({ randomScaling: 0, convexCombination: false });
    expect(() => recipeFromFlags({ kind: 'lstm' })).toThrow(/--kind: must be one of dmoptimizer, rnnprop/);
    expect(() => recipeFromFlags({ kind: 'rnnprop', unroll: '30' })).toThrow(/recipe\.unroll: must divide/);
    expect(() => recipeFromFlags({ kind: 'rnnprop', 'meta-lr': '5' })).toThrow(/recipe\.metaLr/);
    expect(() => recipeFromFlags({ kind: 'rnnprop', 'meta-lr': 'x' })).toThrow(/--meta-lr: must be a number/);
    expect(() => recipeFromFlags({ kind: 'dmoptimizer', convex: 'yes' })).toThrow(
      /--convex: must be on or off/,
    );
  });

  it('--init adam: HyperAdam only, fresh runs only, named values', () => {
    expect(recipeFromFlags({ kind: 'hyperadam', init: 'adam' }).init).toBe('adam');
    expect(recipeFromFlags({ kind: 'hyperadam', set: ['init=adam'] }).init).toBe('adam');
    expect(recipeFromFlags({ kind: 'hyperadam' }).init).toBeUndefined();
    expect(() => recipeFromFlags({ kind: 'rnnprop', init: 'adam' })).toThrow(
      /recipe\.init: 'adam' is allowed for hyperadam; 'rnnprop' starts from the paper's φ₀ only/,
    );
    expect(() => recipeFromFlags({ kind: 'hyperadam', init: 'sgd' })).toThrow(
      /recipe\.init: must be one of paper, adam, adam-spread, adam-clock/,
    );
    expect(recipeFromFlags({ kind: 'hyperadam', init: 'adam-spread' }).init).toBe('adam-spread');
    expect(recipeFromFlags({ kind: 'hyperadam', init: 'adam-clock' }).init).toBe('adam-clock');
    expect(() => recipeFromFlags({ kind: 'vhadam', init: 'adam-spread' })).toThrow(
      /recipe\.init: 'adam-spread' is allowed for hyperadam; 'vhadam' starts from the paper's φ₀ only/,
    );
    const saved = recipeFromFlags({ kind: 'hyperadam' });
    expect(() => recipeFromFlags({ init: 'adam' }, saved)).toThrow(/--init: only for a fresh run/);
  });

  it('--lr-scale name=x,…: per-tensor metaLr multipliers, checked names and numbers', () => {
    const r = recipeFromFlags({ kind: 'hyperadam', 'lr-scale': 'pre/kernel=100, adam/kernel=1e2' });
    expect(r.lrScale).toEqual({ 'pre/kernel': 100, 'adam/kernel': 100 });
    expect(() => recipeFromFlags({ kind: 'hyperadam', 'lr-scale': 'pre/kernel' })).toThrow(
      /--lr-scale: expected name=number, got 'pre\/kernel'/,
    );
    expect(() => recipeFromFlags({ kind: 'hyperadam', 'lr-scale': 'pre/kernel=x' })).toThrow(
      /--lr-scale: expected name=number/,
    );
    expect(() => recipeFromFlags({ kind: 'hyperadam', 'lr-scale': 'pre/kernel=2,pre/kernel=3' })).toThrow(
      /--lr-scale: 'pre\/kernel' given twice/,
    );
    expect(() => recipeFromFlags({ kind: 'rnnprop', 'lr-scale': 'pre/kernel=2' })).toThrow(
      /recipe\.lrScale: 'pre\/kernel' is not a meta-parameter of rnnprop/,
    );
    expect(() => recipeFromFlags({ kind: 'hyperadam', 'lr-scale': 'pre/kernel=1e6' })).toThrow(
      /recipe\.lrScale/,
    );
  });

  it('trains a few iterations on the DM quadratic and writes loadable weights', async () => {
    dir = await mkdtemp(join(tmpdir(), 'meta-cli-'));
    const out = join(dir, 'tiny');
    const code = await main([
      '--kind',
      'dmoptimizer',
      '--task',
      'dm-quadratic',
      '--problems',
      '2',
      '--steps',
      '10',
      '--unroll',
      '5',
      '--iterations',
      '4',
      '--backend',
      'cpu',
      '--log-every',
      '2',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(await readFile(`${out}.json`, 'utf8'));
    expect(json.modelTopology).toMatchObject({ kind: 'dmoptimizer', metaIterations: 4, paramCount: 5141 });
    expect(json.weightsManifest[0].paths).toEqual(['tiny.bin']);
    expect(Number.isFinite(json.modelTopology.finalMetaLoss)).toBe(true);
    const { opt, header } = await loadLearnedOptimizer(
      'dmoptimizer',
      'pretrained:tiny',
      nodeLearnedSource(dir),
    );
    expect(header.recipe?.task).toEqual({ id: 'dm-quadratic', options: { problems: 2 } });
    expect(opt.weights.count()).toBe(5141);
    expect(opt.weights.list().map((v) => v.shape)).toContainEqual([22, 80]);
    expect(opt.weights.list().every((v) => tf.all(tf.isFinite(v)).dataSync()[0] === 1)).toBe(true);
    expect(await main(['--kind', 'nope'])).toBe(2);
  });
});
