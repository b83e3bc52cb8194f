/**
 * `cli meta-train` (issue 16): every flag is checked before any work, with the flag and its
 * allowed range named; checkpoints are written as a consistent pair (a .json is only ever
 * accepted beside its own .bin), a failed write keeps the previous checkpoint, SIGTERM during
 * training leaves a loadable pair; weight files are read with a size and type check.
 */
import { spawn } from 'node:child_process';
import { copyFile, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWeightsFile } from '../../src/cli/metaTrain';
import { writeWeightsAtomic } from '../../src/cli/weightsFiles';
import { toArtifacts } from '../../src/core/learned/artifacts';
import { runMetaTrain, TINY, tempDirForFile } from './metaTrainHarness';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const tmp = tempDirForFile('meta-robust-');

const tiny = [...TINY, '--backend', 'cpu'];

describe('meta-train flag validation (before any work)', () => {
  it.each([
    [['eval', '--runs', '0'], /^meta-train: --runs: must be an integer in \[1, 10000\]; got '0'$/],
    [['eval', '--runs', '-1'], /^meta-train: --runs: must be an integer in \[1, 10000\]; got '-1'$/],
    [['eval', '--runs', '1.5'], /^meta-train: --runs: must be an integer in \[1, 10000\]; got '1.5'$/],
    [['eval', '--steps', '0'], /^meta-train: --steps: must be an integer in \[1, 100000\]; got '0'$/],
    [
      ['eval', '--tune-runs', '0x2'],
      /^meta-train: --tune-runs: must be an integer in \[1, 10000\]; got '0x2'$/,
    ],
    [
      ['eval', '--adam-grid', '0.01,100'],
      /^meta-train: --adam-grid: adam\.lr: out of range; allowed range is \[1e-7, 10\]$/,
    ],
    [['eval', '--checkpoints', '0x5'], /^meta-train: --checkpoints: must be integers in \[1, 100\]/],
    [
      ['eval', '--json', '/etc/passwd/x.json'],
      /^meta-train: --json: cannot write into '\/etc\/passwd' \(\w+\)$/,
    ],
    [
      [...tiny, '--log-every', '0'],
      /^meta-train: --log-every: must be an integer in \[1, 1000000\]; got '0'$/,
    ],
    [[...tiny, '--out', ''], /^meta-train: --out: must be a path prefix; got ''$/],
    [[...tiny, '--out', '/etc/passwd/w'], /^meta-train: --out: cannot write into '\/etc\/passwd' \(\w+\)$/],
    [[...tiny, '--save-every', '2'], /^meta-train: --save-every: needs --out <path>$/],
    [
      [...tiny.slice(0, 4), '--problems', '0'],
      /^meta-train: --problems: must be an integer in \[1, 1024\]; got '0'$/,
    ],
    [[...tiny.slice(0, 6), '--steps', '0x10'], /^meta-train: --steps: must be a number; got '0x10'$/],
    [['--kind', 'rnnprop', '--steps', '0'], /^meta-train: recipe\.steps: must be ≥ 1/],
  ])('%j → exit 2, one line', async (args, re) => {
    const r = await runMetaTrain(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(re);
  });
});

describe('meta-train checkpoints', () => {
  it('writes a digest-stamped pair; a .json beside another write’s .bin is refused on --resume (the previous generation is used)', async () => {
    const out = join(tmp.path, 'ck');
    const r = await runMetaTrain([...tiny, '--iterations', '3', '--save-every', '1', '--out', out]);
    expect(r.code).toBe(0);
    const json = JSON.parse(await readFile(`${out}.json`, 'utf8'));
    expect(json.modelTopology.metaIterations).toBe(3);
    expect(json.modelTopology.weightsCrc32).toMatch(/^[0-9a-f]{8}$/);
    expect((await readdir(tmp.path)).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const good = await readWeightsFile(out);
    expect(good.header.metaIterations).toBe(3);
    good.opt.dispose();
    // Keep iteration 3's json, write iteration 4's bin beside it (a torn pair).
    await copyFile(`${out}.json`, join(tmp.path, 'old.json'));
    const r2 = await runMetaTrain([
      ...tiny.slice(0, 0),
      '--resume',
      out,
      '--iterations',
      '1',
      '--backend',
      'cpu',
      '--out',
      out,
    ]);
    expect(r2.code).toBe(0);
    await copyFile(join(tmp.path, 'old.json'), `${out}.json`);
    await expect(readWeightsFile(out)).rejects.toThrow(
      /header\.weightsCrc32: the weights do not match .*different writes/,
    );
    // --resume refuses the torn pair and falls back to the previous generation (iteration 3).
    const r3 = await runMetaTrain(['--resume', out, '--iterations', '1', '--backend', 'cpu']);
    expect(r3.code).toBe(0);
    expect(r3.err).toMatch(
      /weightsCrc32: the weights do not match.*resuming from the previous generation .*ck\.prev\.json \(meta-iteration 3\)/,
    );
    // Without a previous generation the torn pair is refused.
    await rm(`${out}.prev.json`);
    await expect(runMetaTrain(['--resume', out, '--iterations', '1', '--backend', 'cpu'])).rejects.toThrow(
      /weightsCrc32: the weights do not match/,
    );
  });

  it('a failed write (disk full) keeps the previous pair byte for byte and leaves no temporary files', async () => {
    const out = join(tmp.path, 'keep');
    const r = await runMetaTrain([...tiny, '--iterations', '1', '--out', out]);
    expect(r.code).toBe(0);
    const before = [await readFile(`${out}.json`), await readFile(`${out}.bin`)];
    const { opt, header } = await readWeightsFile(out);
    const art = await toArtifacts(opt, { ...header, metaIterations: 99 });
    let calls = 0;
    const full = {
      async writeFile(path: string, data: Uint8Array) {
        if (++calls === 2)
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        await writeFile(path, data);
      },
      rename: (await import('node:fs/promises')).rename,
    };
    await expect(writeWeightsAtomic(out, art, full)).rejects.toThrow(/ENOSPC/);
    expect([await readFile(`${out}.json`), await readFile(`${out}.bin`)]).toEqual(before);
    expect((await readdir(tmp.path)).filter((f) => f.includes('.tmp-'))).toEqual([]);
    opt.dispose();
  });

  it('SIGTERM mid-training exits 143 and leaves a pair that loads', async () => {
    const out = join(tmp.path, 'sig');
    const child = spawn(
      TSX,
      ['src/cli/main.ts', 'meta-train', ...tiny, '--iterations', '100000', '--save-every', '1', '--out', out],
      {
        cwd: ROOT,
      },
    );
    let text = '';
    child.stdout.on('data', (d) => {
      text += String(d);
    });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setInterval(() => {
        if ((text.match(/checkpoint at/g) ?? []).length >= 4) {
          clearInterval(timer);
          child.kill('SIGTERM');
        }
      }, 7);
      child.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(143);
    const { opt, header } = await readWeightsFile(out);
    expect(header.metaIterations).toBeGreaterThanOrEqual(4);
    opt.dispose();
    expect((await readdir(tmp.path)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

describe('weight files are read with a type and size check', () => {
  it('a manifest path that leaves the folder, or a .bin that is a device, is refused', async () => {
    const out = join(tmp.path, 'src');
    expect((await runMetaTrain([...tiny, '--iterations', '1', '--out', out])).code).toBe(0);
    const json = JSON.parse(await readFile(`${out}.json`, 'utf8'));
    json.weightsManifest[0].paths = ['../../../../dev/zero'];
    await writeFile(join(tmp.path, 'escape.json'), JSON.stringify(json));
    await expect(readWeightsFile(join(tmp.path, 'escape'))).rejects.toThrow(
      /weightsManifest\[0\]\.paths\[0\]: '\.\.\/\.\.\/\.\.\/\.\.\/dev\/zero' is not a plain file name/,
    );
    json.weightsManifest[0].paths = ['zero.bin'];
    await writeFile(join(tmp.path, 'dev.json'), JSON.stringify(json));
    await symlink('/dev/zero', join(tmp.path, 'zero.bin'));
    await expect(readWeightsFile(join(tmp.path, 'dev'))).rejects.toThrow(
      /'.*zero\.bin' is a device; expected a regular file/,
    );
    await expect(readWeightsFile('/dev/zero')).rejects.toThrow(
      /'\/dev\/zero\.json' .*no such file|cannot read/,
    );
  });
});
