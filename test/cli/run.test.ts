import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFlags, parsePairs, UsageError } from '../../src/cli/args';
import { main, RUN_FLAGS, rawSpecFromFlags } from '../../src/cli/run';
import { specFromQuery, specToQuery } from '../../src/core/experiment/url';
import { Runner } from '../../src/core/run/runner';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** Run the CLI in a child process exactly as `npm run --silent cli -- run …` does. */
function cli(args: string[]) {
  const r = spawnSync(TSX, ['src/cli/main.ts', 'run', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Run `main` in-process, capturing its output. */
async function inProcess(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('cli run (child process)', () => {
  it('prints one JSON document with steps + 1 losses, trajectories, probes and tensor counts', () => {
    const r = cli([
      '--task',
      'rosenbrock',
      '--start',
      '-1.5,2',
      '--opt',
      'adam:lr=0.01',
      '--opt',
      'adamod:lr=0.01,beta3=0.999',
      '--opt',
      'sgd:lr=10',
      '--steps',
      '40',
      '--seed',
      '1',
      '--backend',
      'cpu',
      '--every',
      '7',
      '--json',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.backend).toBe('cpu');
    expect(doc.task).toEqual({ id: 'rosenbrock', options: { x0: -1.5, y0: 2, noise: 0 } });
    expect(doc.runs.map((x: { optimizer: string }) => x.optimizer)).toEqual(['adam', 'adamod', 'sgd']);
    const [adam, adamod, sgd] = doc.runs;
    expect(adam.hyper).toEqual({ lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
    expect(adamod.hyper.beta3).toBe(0.999);
    for (const run of doc.runs) {
      expect(run.losses).toHaveLength(41);
      expect(run.trajectory).toHaveLength(41);
      expect(run.losses[0]).toBe(12.5);
      expect(run.trajectory[0]).toEqual([-1.5, 2]);
      expect(run.probes.updateNorm).toHaveLength(40);
    }
    // Adam's first step moves each coordinate by lr (sign of the gradient): (−1.49, 2.01).
    expect(adam.trajectory[1][0]).toBeCloseTo(-1.49, 6);
    expect(adam.trajectory[1][1]).toBeCloseTo(2.01, 6);
    expect(adam.diverged).toBe(false);
    expect(adam.losses[40]).toBeLessThan(12.5);
    expect(sgd.diverged).toBe(true);
    expect(sgd.divergedAt).toBeGreaterThan(0);
    expect(sgd.losses[40]).toBeNull(); // NaN → null in JSON
    expect(doc.tensors.end).toBe(doc.tensors.start);
  });

  it('exits 2 with one line naming an unknown optimizer and the valid ones', () => {
    const r = cli(['--opt', 'adamm:lr=0.1', '--backend', 'cpu']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/optimizers\[0\]\.id: unknown optimizer 'adamm'; valid: sgd, momentum, .*adamod/);
  });
});

describe('cli run (in process)', () => {
  it('table output lists each run', async () => {
    const r = await inProcess([
      '--task',
      'ill-quadratic',
      '--opt',
      'sgd:lr=0.02',
      '--opt',
      'sgd',
      '--steps',
      '5',
      '--backend',
      'cpu',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^task ill-quadratic \(x0=2,y0=1,noise=0,kappa=50\), 5 steps, seed 1, backend cpu/);
    expect(r.out).toMatch(/optimizer\s+hyper\s+final loss\s+best loss\s+best at\s+diverged/);
    // SGD on ½(x² + 50y²) from (2, 1): x_k = 2(1 − lr)^k, y_k = (1 − 50·lr)^k.
    const f = (lr: number) => 0.5 * ((2 * (1 - lr) ** 5) ** 2 + 50 * (1 - 50 * lr) ** 10);
    expect(r.out).toContain(`sgd        lr=0.02   ${f(0.02).toPrecision(4)}`); // y_1 = 0 exactly
    expect(r.out).toContain(`sgd        defaults  ${f(0.01).toPrecision(4)}`);
  });

  it.each([
    [
      ['--task', 'rosenbrok'],
      /^run: task: unknown task 'rosenbrok'; valid: rosenbrock, beale, .*, mnist-mlp/,
    ],
    [
      ['--opt', 'adam:lr=0.1,beta3=0.9'],
      /^run: optimizers\[0\]\.hyper\.adam: .*"beta3".*; valid for adam: lr, beta1, beta2, eps, weightDecay$/,
    ],
    [
      ['--opt', 'adam:lr=20'],
      /^run: optimizers\[0\]\.hyper\.adam\.lr: out of range; allowed range is \[1e-7, 10\]$/,
    ],
    [
      ['--opt', 'adam:lr=fast'],
      /^run: optimizers\[0\]\.hyper\.adam\.lr: must be a number; allowed range is \[1e-7, 10\]$/,
    ],
    [
      ['--frobnicate'],
      /^run: unknown flag '--frobnicate'; valid: --task, --option, --start, --opt, .*--json, --help$/,
    ],
    [['--backend', 'webgpu'], /^run: --backend: unknown backend 'webgpu'; valid: cpu, wasm$/],
    [['--steps', '0'], /^run: steps: must be ≥ 1 \(allowed \[1, 100000\]\)$/],
    [['--every', 'x'], /^run: --every: must be an integer ≥ 1 \(allowed \[1, 100000\]\), got 'x'$/],
    [
      ['--task', 'spirals', '--option', 'depth=9'],
      /^run: task\.spirals\.depth: must be ≤ 6 \(allowed \[1, 6\]\)$/,
    ],
    [
      ['--task', 'spirals', '--option', 'size=9'],
      /^run: task\.spirals: .*"size".*; valid for spirals: pointsPerClass, noise, width, depth, activation, batchSize$/,
    ],
    [['--task', 'spirals', '--start', '1,2'], /^run: --start: only for 2-D tasks/],
    [['--start', '1'], /^run: --start: expected x,y/],
    [['--task'], /^run: --task needs a value <id>$/],
    [['extra'], /^run: unexpected argument 'extra'/],
  ])('%j → exit 2 and one line', async (args, re) => {
    const r = await inProcess(args.includes('--backend') ? args : [...args, '--backend', 'cpu']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(re);
  });

  it('--help prints the flags', async () => {
    const r = await inProcess(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--opt <id\[:k=v,...\]>/);
  });
});

describe('cli run --spec / --print-url', () => {
  it('a printed link runs the same experiment again: identical losses', async () => {
    const args = ['--task', 'beale', '--opt', 'adamod:lr=0.05', '--opt', 'sgd:lr=0.001', '--steps', '12'];
    const first = await inProcess([...args, '--backend', 'cpu', '--json', '--print-url']);
    expect(first.code).toBe(0);
    const doc = JSON.parse(first.out);
    expect(doc.url).toBe(
      'http://127.0.0.1:5173/?v=1&task=beale&opt=adamod(lr=0.05)&opt=sgd(lr=0.001)&steps=12&seed=1',
    );
    const again = await inProcess(['--spec', doc.url, '--backend', 'cpu', '--json']);
    expect(again.code).toBe(0);
    const doc2 = JSON.parse(again.out);
    expect(doc2.runs.map((r: { losses: number[] }) => r.losses)).toEqual(
      doc.runs.map((r: { losses: number[] }) => r.losses),
    );
    expect(doc2.runs[0].losses).toHaveLength(13);
  });

  it('a link with recorded edits (edit=) reproduces a live edit at step k exactly', async () => {
    const q = '?v=1&task=beale&opt=adam(lr=0.05)&opt=sgd(lr=0.001)&steps=20&seed=3';
    const live = await Runner.create(specFromQuery(q).spec, NO_DATA_ENV);
    const liveLosses: number[][] = [[], []];
    const add = (f: Awaited<ReturnType<Runner['advance']>>) => {
      for (const r of f.runs) liveLosses[r.index].push(...r.losses);
    };
    add(await live.advance(8));
    live.setHyper(0, { lr: 0.2 });
    add(await live.advance(100));
    const recorded = specToQuery(live.spec);
    live.dispose();
    expect(recorded).toContain('&edit=0@8(lr=0.2)&');
    const r = await inProcess(['--spec', recorded, '--backend', 'cpu', '--json']);
    expect(r.code).toBe(0);
    const cliLosses = JSON.parse(r.out).runs.map((x: { losses: number[] }) => x.losses.map(Math.fround));
    expect(cliLosses).toEqual(liveLosses);
    const plain = JSON.parse((await inProcess(['--spec', q, '--backend', 'cpu', '--json'])).out);
    expect(plain.runs[0].losses[9]).not.toBe(JSON.parse(r.out).runs[0].losses[9]);
  });

  it('flags override the shared spec', async () => {
    const r = await inProcess(['--spec', '?v=1&task=rosenbrock&opt=adam(lr=0.01)&steps=50', '--steps', '3']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/3 steps/);
  });

  it('a broken link exits 2 naming every rejected field', async () => {
    const r = await inProcess(['--spec', '?v=1&task=nope&opt=adam(lr=-1)&steps=abc', '--backend', 'cpu']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--spec: task: unknown task 'nope'; valid: rosenbrock/);
    expect(r.err).toMatch(/optimizers\[0\]\.hyper\.adam\.lr: out of range; allowed range is \[1e-7, 10\]/);
    expect(r.err).toMatch(/steps/);
  });
});

describe('args', () => {
  it('parses --k v, --k=v, repeatable and boolean flags', () => {
    const f = parseFlags(['--task=beale', '--opt', 'sgd', '--opt=adam:lr=1', '--json'], RUN_FLAGS);
    expect(f).toEqual({ task: 'beale', opt: ['sgd', 'adam:lr=1'], json: true });
    expect(() => parseFlags(['--task', 'a', '--task', 'b'], RUN_FLAGS)).toThrow(/--task given twice/);
    expect(() => parseFlags(['--json=1'], RUN_FLAGS)).toThrow(UsageError);
    expect(parsePairs('lr=0.1,beta1=0.8', 'x')).toEqual({ lr: 0.1, beta1: 0.8 });
    expect(() => parsePairs('lr', '--opt sgd')).toThrow(/--opt sgd: expected key=value, got 'lr'/);
  });

  it('builds the raw spec the flags describe', () => {
    const raw = rawSpecFromFlags(
      parseFlags(
        [
          '--task',
          'beale',
          '--start',
          '1,-1',
          '--option',
          'noise=0.5',
          '--opt',
          'sgd:lr=0.1',
          '--steps',
          '9',
        ],
        RUN_FLAGS,
      ),
    );
    expect(raw).toEqual({
      v: 1,
      fused: false,
      task: { id: 'beale', options: { noise: 0.5, x0: 1, y0: -1 } },
      optimizers: [{ id: 'sgd', hyper: { lr: 0.1 } }],
      steps: 9,
    });
  });
});
