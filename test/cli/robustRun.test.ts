/**
 * `cli run` refuses what it used to accept silently (issue 16): empty or non-http(s) specs,
 * JSON that is not an object, devices, FIFOs and oversized files, hex numbers and prototype
 * keys; and a closed output pipe ends the run quietly.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/run';
import { MAX_SPEC_FILE_BYTES } from '../../src/core/io/limits';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-robust-'));
  await writeFile(join(dir, 'empty.txt'), '  \n');
  await writeFile(join(dir, 'null.json'), 'null\n');
  await writeFile(join(dir, 'array.json'), '[{"v":1}]');
  await writeFile(join(dir, 'big.json'), '');
  await truncate(join(dir, 'big.json'), MAX_SPEC_FILE_BYTES + 1); // sparse
  execFileSync('mkfifo', [join(dir, 'fifo')]);
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main([...args, '--backend', 'cpu'], { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('cli run refuses instead of running the default experiment', () => {
  it.each([
    [
      ['--spec', '@empty.txt'],
      /^run: --spec: file '.*empty\.txt' is empty; expected a link, a query or JSON$/,
    ],
    [
      ['--spec', 'file:///etc/passwd'],
      /^run: --spec: the argument: only http\(s\) playground links are read; got a 'file:' URL$/,
    ],
    [['--spec', 'http://127.0.0.1:5173/'], /^run: --spec: the argument: the link has no query/],
    [
      ['--spec', 'null'],
      /^run: --spec: the argument: JSON must be an object \(a spec or an export document\); got null$/,
    ],
    [['--spec', '@null.json'], /^run: --spec: file '.*null\.json': JSON must be an object .*; got null$/],
    [
      ['--spec', '@array.json'],
      /^run: --spec: file '.*array\.json': JSON must be an object .*; got an array$/,
    ],
    [['--spec', '/dev/zero'], /^run: --spec: '\/dev\/zero' is a device; expected a regular file$/],
    [['--spec', '@fifo'], /^run: --spec: '.*fifo' is a FIFO \(named pipe\); expected a regular file$/],
    [['--spec', '@big.json'], /^run: --spec: '.*big\.json' is 64\.0 MiB; the limit is 64 MiB$/],
    [['--spec', '@'], /^run: --spec: '.*' is a directory; expected a regular file$/],
    [['--spec', 'nothing-here'], /^run: --spec: cannot read 'nothing-here' \(no such file\)/],
    [['--steps', '0x10'], /^run: --steps: must be a decimal integer; got '0x10'$/],
    [['--seed', '1e3x'], /^run: --seed: must be a decimal integer; got '1e3x'$/],
    [['--steps', '0'], /^run: steps: must be ≥ 1 \(allowed \[1, 100000\]\)$/],
    [['--every', '0'], /^run: --every: must be an integer ≥ 1 \(allowed \[1, 100000\]\), got '0'$/],
    [['--option', '__proto__=1'], /^run: --option: '__proto__' is not a valid name/],
    [['--option', 'constructor=1'], /^run: --option: 'constructor' is not a valid name/],
    [['--opt', 'adam:__proto__=1'], /^run: --opt adam: '__proto__' is not a valid name/],
    [
      ['--opt', 'adam:lr=0x10'],
      /^run: optimizers\[0\]\.hyper\.adam\.lr: must be a number; allowed range is \[1e-7, 10\]$/,
    ],
  ])('%j → exit 2, one line', async (args, re) => {
    const r = await run(args.map((a) => (a.startsWith('@') ? join(dir, a.slice(1)) : a)));
    expect(r.out).toBe('');
    expect(r.code).toBe(2);
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(re);
  });

  it('still reads a spec file, a query file and a link', async () => {
    await writeFile(join(dir, 'q.txt'), 'v=1&task=beale&opt=sgd(lr=0.001)&steps=3\n');
    await writeFile(join(dir, 's.json'), JSON.stringify({ v: 1, task: { id: 'beale' }, steps: 2 }));
    for (const spec of [join(dir, 'q.txt'), join(dir, 's.json'), 'https://x.test/?v=1&task=beale&steps=4']) {
      const r = await run(['--spec', spec, '--json']);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out).task.id).toBe('beale');
    }
  });
});

describe('cli run output', () => {
  it.each(['wasm', 'cpu'])('run --json | head -c 20 exits quietly (%s)', (backend) => {
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${TSX}" src/cli/main.ts run --json --steps 1500 --opt adam --opt sgd --every 1500 --backend ${backend} | head -c 20; echo " rc=\${PIPESTATUS[0]}"`,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^\{"backend":"\w+",".{0,8} rc=0\n$/);
  });
});

describe('cli run --json tensor accounting', () => {
  it('counts the learned-weights cache apart: start = end, cached = the weights kept', async () => {
    const r = await run([
      '--task',
      'quadratic',
      '--opt',
      'rnnprop',
      '--opt',
      'adam',
      '--steps',
      '3',
      '--json',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const t = JSON.parse(r.out).tensors;
    expect(t.end).toBe(t.start);
    expect(t.cached).toBeGreaterThan(0);
    // A second run reuses the cache: nothing new is held and nothing leaks.
    const again = JSON.parse(
      (await run(['--task', 'quadratic', '--opt', 'rnnprop', '--steps', '3', '--json'])).out,
    ).tensors;
    expect(again).toEqual({ start: t.end, end: t.end, cached: t.cached });
  });
});
