/**
 * The previous checkpoint generation (src/cli/prevGeneration.ts): a kill at any point of a
 * checkpoint write leaves a consistent pair on disk, and --resume finds it. The kill points
 * are simulated by a write layer whose Nth rename "dies" (the four renames of a write over an
 * existing pair: prev .bin, prev .json, new .bin, new .json).
 */
import { readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWeightsFile } from '../../src/cli/metaTrain';
import { readCheckpoint } from '../../src/cli/prevGeneration';
import { writeWeightsAtomic } from '../../src/cli/weightsFiles';
import { toArtifacts } from '../../src/core/learned/artifacts';
import { runMetaTrain, TINY, tempDirForFile } from './metaTrainHarness';

const tmp = tempDirForFile('prev-gen-');

const tiny = TINY;

/** A write layer that dies (throws, doing nothing more) at its `killAt`-th rename. */
function dyingFs(killAt: number) {
  let renames = 0;
  return {
    writeFile: (p: string, d: Uint8Array) => writeFile(p, d),
    async rename(a: string, b: string) {
      if (++renames === killAt) throw new Error('SIGKILL');
      await rename(a, b);
    },
  };
}

/** Write the weights at `from`, changed, as iteration `it` over `out` with the given write layer. */
async function writeIteration(from: string, out: string, it: number, fs?: ReturnType<typeof dyingFs>) {
  const { opt, header } = await readWeightsFile(from);
  try {
    const art = await toArtifacts(opt, { ...header, metaIterations: it });
    new Float32Array(art.weightData as ArrayBuffer)[0] += it; // each iteration's weights differ
    await writeWeightsAtomic(out, art, fs);
  } finally {
    opt.dispose();
  }
}

const iterationOf = async (prefix: string) => {
  const { opt, header } = await readWeightsFile(prefix);
  opt.dispose();
  return header.metaIterations;
};

describe('checkpoint generations', () => {
  it('a write keeps the previous consistent pair as <out>.prev', async () => {
    const out = join(tmp.path, 'gen');
    expect((await runMetaTrain([...tiny, '--iterations', '1', '--backend', 'cpu', '--out', out])).code).toBe(
      0,
    );
    expect((await readdir(tmp.path)).filter((f) => f.startsWith('gen.prev'))).toEqual([]);
    await writeIteration(out, out, 2);
    expect(await iterationOf(out)).toBe(2);
    expect(await iterationOf(`${out}.prev`)).toBe(1);
    await writeIteration(out, out, 3);
    expect([await iterationOf(out), await iterationOf(`${out}.prev`)]).toEqual([3, 2]);
  });

  it('killed between the new pair’s renames: the current pair is refused, --resume falls back to .prev', async () => {
    const out = join(tmp.path, 'kill4');
    expect((await runMetaTrain([...tiny, '--iterations', '1', '--backend', 'cpu', '--out', out])).code).toBe(
      0,
    );
    await writeIteration(out, out, 2);
    await expect(writeIteration(out, out, 3, dyingFs(4))).rejects.toThrow('SIGKILL');
    // The new .bin beside the old .json: detected.
    await expect(readWeightsFile(out)).rejects.toThrow(/weightsCrc32: the weights do not match/);
    expect(await iterationOf(`${out}.prev`)).toBe(2);
    const lines: string[] = [];
    const got = await readCheckpoint(
      out,
      (p) => readWeightsFile(p),
      (l) => lines.push(l),
    );
    expect([got.path, got.header.metaIterations]).toEqual([`${out}.prev`, 2]);
    got.opt.dispose();
    expect(lines.join('')).toMatch(
      /^--resume: .*kill4\.json is not a usable checkpoint \(.*weightsCrc32.*\); resuming from the previous generation .*kill4\.prev\.json \(meta-iteration 2\)\n$/,
    );
    const r = await runMetaTrain(['--resume', out, '--iterations', '1', '--backend', 'cpu', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('resuming from the previous generation');
    expect(await iterationOf(out)).toBe(3);
    expect((await readdir(tmp.path)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('killed while the previous generation is replaced: the current pair is intact and used', async () => {
    const out = join(tmp.path, 'kill2');
    expect((await runMetaTrain([...tiny, '--iterations', '1', '--backend', 'cpu', '--out', out])).code).toBe(
      0,
    );
    await writeIteration(out, out, 2);
    await expect(writeIteration(out, out, 3, dyingFs(2))).rejects.toThrow('SIGKILL');
    expect(await iterationOf(out)).toBe(2);
    // .prev.bin is iteration 2's, .prev.json iteration 1's: inconsistent, and not needed.
    await expect(readWeightsFile(`${out}.prev`)).rejects.toThrow(/weightsCrc32/);
    const lines: string[] = [];
    const got = await readCheckpoint(
      out,
      (p) => readWeightsFile(p),
      (l) => lines.push(l),
    );
    expect([got.path, got.header.metaIterations, lines]).toEqual([out, 2, []]);
    got.opt.dispose();
    // The next complete write repairs the previous generation.
    await writeIteration(out, out, 3);
    expect([await iterationOf(out), await iterationOf(`${out}.prev`)]).toEqual([3, 2]);
  });

  it('a broken current pair never replaces a good previous generation; neither loading names both', async () => {
    const out = join(tmp.path, 'both');
    expect((await runMetaTrain([...tiny, '--iterations', '1', '--backend', 'cpu', '--out', out])).code).toBe(
      0,
    );
    await writeIteration(out, out, 2);
    await expect(writeIteration(out, out, 3, dyingFs(4))).rejects.toThrow('SIGKILL');
    await writeIteration(`${out}.prev`, out, 4); // current pair is broken: .prev (2) is kept
    expect([await iterationOf(out), await iterationOf(`${out}.prev`)]).toEqual([4, 2]);
    await writeFile(`${out}.json`, '{');
    await writeFile(`${out}.prev.json`, '[]');
    await expect(readCheckpoint(out, (p) => readWeightsFile(p))).rejects.toThrow(
      /^--resume: .*not valid JSON.*; the previous generation .*both\.prev\.json does not load either/,
    );
  });
});
