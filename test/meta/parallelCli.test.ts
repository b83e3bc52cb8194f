/**
 * `meta-train --workers 2` (two worker_threads, cpu backend): an interrupted run resumed from its
 * checkpoint (<out>.json/.bin + <out>.state.json) ends with the same weight bytes as an
 * uninterrupted one; a state from another K is refused with the flag named, and continued with
 * --change-workers (meta-Adam moments kept, the problem sequence moved past every problem seen).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/metaTrain';

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const base = [
  '--kind',
  'dmoptimizer',
  '--task',
  'dm-quadratic',
  '--problems',
  '2',
  '--steps',
  '4',
  '--unroll',
  '2',
];
const common = ['--workers', '2', '--backend', 'cpu', '--log-every', '100'];

describe('meta-train --workers (worker_threads)', () => {
  it('resumes exactly: 2 + 2 iterations = 4 iterations, byte for byte', async () => {
    dir = await mkdtemp(join(tmpdir(), 'meta-par-'));
    const p = (n: string) => join(dir, n);
    expect(await main([...base, ...common, '--iterations', '4', '--out', p('straight')])).toBe(0);
    expect(await main([...base, ...common, '--iterations', '2', '--out', p('first')])).toBe(0);
    const state = JSON.parse(await readFile(`${p('first')}.state.json`, 'utf8'));
    expect(state).toMatchObject({ format: 'meta-train-state', iteration: 2, run: 1, workers: 2, unrolls: 4 });
    expect(await main(['--resume', p('first'), ...common, '--iterations', '2', '--out', p('resumed')])).toBe(
      0,
    );
    const [a, b, first] = await Promise.all(
      [p('straight'), p('resumed'), p('first')].map((f) => readFile(`${f}.bin`)),
    );
    expect(b.equals(a)).toBe(true);
    expect(first.equals(a)).toBe(false); // the last two iterations did change φ
    const resumedJson = JSON.parse(await readFile(`${p('resumed')}.json`, 'utf8'));
    expect(resumedJson.modelTopology.metaIterations).toBe(4);
    expect(resumedJson.modelTopology.notes.unrolls).toBe(8);
    const code = await main([
      '--resume',
      p('first'),
      '--workers',
      '1',
      '--backend',
      'cpu',
      '--iterations',
      '1',
    ]);
    expect(code).toBe(2);
    const one = ['--workers', '1', '--backend', 'cpu', '--log-every', '100', '--iterations', '2'];
    expect(await main(['--resume', p('first'), ...one, '--change-workers', '--out', p('one')])).toBe(0);
    const regrouped = JSON.parse(await readFile(`${p('one')}.state.json`, 'utf8'));
    // 2 workers × 1 run drew problems 0 and 1; with 1 worker the next run is 2, then 3 after a run
    // of 2 unrolls. adam.t = 4: the moments carried on (a fresh meta-Adam would be at 2).
    expect(regrouped).toMatchObject({ iteration: 4, run: 3, workers: 1, unrolls: 6 });
    expect(regrouped.adam.t).toBe(4);
    expect(await main([...base, '--change-workers', '--workers', '1', '--iterations', '1'])).toBe(2);
  }, 600_000);

  it('counts unrolls across segments when the first resume has no saved state (a shipped file)', async () => {
    const d = await mkdtemp(join(tmpdir(), 'meta-unrolls-'));
    try {
      const p = (n: string) => join(d, n);
      const one = ['--workers', '1', '--backend', 'cpu', '--log-every', '100', '--iterations', '2'];
      expect(await main([...base, ...one, '--out', p('a')])).toBe(0);
      await rm(`${p('a')}.state.json`); // shipped weights carry no trainer state
      expect(await main(['--resume', p('a'), ...one, '--out', p('b')])).toBe(0);
      expect(await main(['--resume', p('b'), ...one, '--out', p('c')])).toBe(0);
      const topology = async (n: string) => JSON.parse(await readFile(`${p(n)}.json`, 'utf8')).modelTopology;
      expect((await topology('b')).notes.unrolls).toBe(4);
      const c = await topology('c');
      expect(c.metaIterations).toBe(6);
      expect(c.notes.unrolls).toBe(6); // was 4: the state's count had started at the stateless resume
      expect(JSON.parse(await readFile(`${p('c')}.state.json`, 'utf8')).unrolls).toBe(6);
    } finally {
      await rm(d, { recursive: true, force: true });
    }
  }, 600_000);
});
