/**
 * `meta-train --resume <prefix>`: continues saved weights with their recipe (flags override),
 * the header's meta-iterations accumulate, runs continue past the ones already used, and the
 * recorded command lists every segment. Tiny DM-quadratic runs on the cpu backend.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { main, readWeightsFile } from '../../src/cli/metaTrain';
import { nodeTaskEnv } from '../../src/cli/nodeBackend';
import { MetaTrainer } from '../../src/core/meta/trainer';
import { TINY_PROBLEM, tempDirForFile } from '../cli/metaTrainHarness';

const tmp = tempDirForFile('meta-resume-');

const tiny = [...TINY_PROBLEM, '--backend', 'cpu'];
const flat = (ts: tf.Tensor[]) => tf.tidy(() => tf.concat(ts.map((t) => tf.reshape(t, [-1]))).dataSync());

describe('meta-train --resume', () => {
  it('continues saved weights: iterations accumulate, the recipe and commands carry over', async () => {
    const a = join(tmp.path, 'a');
    const b = join(tmp.path, 'b');
    const log = ['--log-every', '100'];
    expect(
      await main([
        '--kind',
        'dmoptimizer',
        ...tiny,
        '--iterations',
        '4',
        '--meta-lr',
        '0.002',
        ...log,
        '--out',
        a,
      ]),
    ).toBe(0);
    // Resume with one more iteration at another meta-lr; task flags come from the saved recipe.
    expect(
      await main([
        '--resume',
        a,
        '--iterations',
        '1',
        '--meta-lr',
        '0.01',
        '--backend',
        'cpu',
        ...log,
        '--out',
        b,
      ]),
    ).toBe(0);
    const ja = JSON.parse(await readFile(`${a}.json`, 'utf8')).modelTopology;
    const jb = JSON.parse(await readFile(`${b}.json`, 'utf8')).modelTopology;
    expect(ja.metaIterations).toBe(4);
    expect(jb.metaIterations).toBe(5);
    expect(jb.recipe).toMatchObject({
      kind: 'dmoptimizer',
      task: { id: 'dm-quadratic', options: { problems: 2 } },
      steps: 10,
      unroll: 5,
      iterations: 5,
      metaLr: 0.01,
    });
    expect(jb.notes.command).toBe(
      `${ja.notes.command} && npm run cli -- meta-train --resume ${a} --iterations 1 --meta-lr 0.01 --backend cpu --log-every 100 --out ${b}`,
    );

    // One resumed iteration = one fresh-Adam step on φ: every coordinate with a non-zero
    // meta-gradient moves by metaLr (|m̂/√v̂| = 1 at Adam's first step), none by more.
    const wa = await readWeightsFile(a);
    const wb = await readWeightsFile(b);
    const before = flat(wa.opt.weights.list());
    const after = flat(wb.opt.weights.list());
    expect(after.length).toBe(5141);
    let moved = 0;
    let maxDelta = 0;
    for (let i = 0; i < before.length; i++) {
      const d = Math.abs(after[i] - before[i]);
      maxDelta = Math.max(maxDelta, d);
      if (d > 0.005) moved++;
    }
    expect(maxDelta).toBeCloseTo(0.01, 4);
    expect(moved).toBeGreaterThan(1000);
    wa.opt.dispose();
    wb.opt.dispose();
  });

  it('continues the run sequence after the runs already used', async () => {
    const w = await readWeightsFile(join(tmp.path, 'a'));
    const recipe = { ...(w.header.recipe as NonNullable<typeof w.header.recipe>), iterations: 6 };
    const n0 = tf.memory().numTensors;
    const tr = await MetaTrainer.create(recipe, nodeTaskEnv(), w.opt, w.opt.architecture, 4);
    expect(tr.done).toBe(false);
    const r5 = await tr.iterate();
    const r6 = await tr.iterate();
    // 4 iterations = runs 0 and 1 (2 unrolls each): the resumed session starts run 2.
    expect([r5.iteration, r5.run, r5.unroll]).toEqual([5, 2, 0]);
    expect([r6.iteration, r6.run, r6.unroll]).toEqual([6, 2, 1]);
    expect(Number.isFinite(r5.metaLoss) && Number.isFinite(r6.metaLoss)).toBe(true);
    expect(tr.done).toBe(true);
    tr.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(n0);
  });

  it('rejects a missing file or a kind that does not match, naming the flag', async () => {
    const err: string[] = [];
    const spy = process.stderr.write;
    process.stderr.write = ((s: string) => {
      err.push(String(s));
      return true;
    }) as typeof process.stderr.write;
    try {
      expect(await main(['--resume', join(tmp.path, 'nope'), '--backend', 'cpu'])).toBe(2);
      expect(await main(['--resume', join(tmp.path, 'a'), '--kind', 'rnnprop', '--backend', 'cpu'])).toBe(2);
    } finally {
      process.stderr.write = spy;
    }
    expect(err.join('')).toMatch(/--resume: cannot read '.*nope\.json'/);
    expect(err.join('')).toMatch(/--kind: the weights to resume are 'dmoptimizer'; got 'rnnprop'/);
  });
});
