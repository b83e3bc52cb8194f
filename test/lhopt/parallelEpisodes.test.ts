/**
 * PPO episodes in parallel (core/meta/ppo/rollout.ts): two episode sources give the same policy
 * and normaliser as this thread alone (episodes are functions of seed and index); from the CLI,
 * `meta-train --kind lhopt --workers 2` (two worker_threads) interrupted and resumed from its
 * checkpoint (<out>.json/.bin + <out>.state.json) ends with the same weight bytes as one
 * uninterrupted run in one thread; without the state file the resume is not exact.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/lhopt/train';
import { parsePpoRecipe } from '../../src/core/meta/ppo/recipe';
import { chunks, EpisodeRunner } from '../../src/core/meta/ppo/rollout';
import { PpoTrainer } from '../../src/core/meta/ppo/trainer';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';
import { TINY_PPO } from '../meta/sessionHelpers';

const tiny = { ...TINY_PPO, episodesPerIteration: 4 };

let dir = '';
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const weightsOf = (t: PpoTrainer) => t.policy.trainable().map((v) => Array.from(v.dataSync()));

describe('parallel PPO episodes', () => {
  it('splits an iteration into contiguous chunks', () => {
    expect(chunks(8, 5, 2)).toEqual([
      [8, 9, 10],
      [11, 12],
    ]);
    expect(chunks(0, 2, 3)).toEqual([[0], [1], []]);
  });

  it('two sources = one thread: same policy, normaliser and rewards', async () => {
    const r = parsePpoRecipe(tiny);
    if (!r.ok) throw new Error(r.errors.join('; '));
    const one = new PpoTrainer(r.value, NO_DATA_ENV);
    const two = new PpoTrainer(r.value, NO_DATA_ENV);
    const sources = [
      EpisodeRunner.standalone(r.value, NO_DATA_ENV),
      EpisodeRunner.standalone(r.value, NO_DATA_ENV),
    ];
    two.setSources(sources);
    const a1 = await one.iterate();
    const b1 = await two.iterate();
    expect(b1.speedups).toEqual(a1.speedups);
    const a2 = await one.iterate();
    const b2 = await two.iterate();
    expect(b2.speedups).toEqual(a2.speedups);
    expect(two.norm).toEqual(one.norm);
    expect(one.norm.count).toBeGreaterThan(0);
    expect(weightsOf(two)).toEqual(weightsOf(one));
    for (const t of [one, two]) {
      t.dispose();
      t.policy.dispose();
    }
    for (const s of sources) s.dispose();
  });

  it('CLI --workers 2 with a resume = one uninterrupted run in one thread, byte for byte', async () => {
    dir = await mkdtemp(join(tmpdir(), 'lhopt-par-'));
    const p = (n: string) => join(dir, n);
    const rec = ['--recipe', JSON.stringify(tiny), '--backend', 'cpu', '--quiet'];
    expect(await main([...rec, '--iterations', '3', '--out', p('straight')])).toBe(0);
    expect(await main([...rec, '--workers', '2', '--iterations', '2', '--out', p('first')])).toBe(0);
    const state = JSON.parse(await readFile(`${p('first')}.state.json`, 'utf8'));
    expect(state).toMatchObject({ format: 'lhopt-ppo-state', iteration: 2, episodes: 8 });
    expect(state.adam.t).toBe(2 * 2); // 1 epoch × 2 minibatches per iteration
    const resume = ['--resume', `${p('first')}.json`, '--backend', 'cpu', '--quiet', '--iterations', '3'];
    expect(await main([...resume, '--workers', '2', '--out', p('resumed')])).toBe(0);
    const [a, b, first] = await Promise.all(
      [p('straight'), p('resumed'), p('first')].map((f) => readFile(`${f}.bin`)),
    );
    expect(b.equals(a)).toBe(true);
    expect(first.equals(a)).toBe(false);
    const json = JSON.parse(await readFile(`${p('resumed')}.json`, 'utf8'));
    expect(json.modelTopology.metaIterations).toBe(3);
    expect(json.modelTopology.notes).toMatchObject({ episodes: 12, workers: 2 });
    // Without the state: fresh Adam and a float32 normaliser, so not the same bytes.
    await rm(`${p('first')}.state.json`);
    expect(await main([...resume, '--out', p('inexact')])).toBe(0);
    expect((await readFile(`${p('inexact')}.bin`)).equals(a)).toBe(false);
    expect(await main([...rec, '--workers', '17', '--out', p('bad')])).toBe(2);
  }, 240_000);
});
