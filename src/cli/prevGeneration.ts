/**
 * The previous checkpoint generation (issue 16): before a new `<out>.json`/`.bin` pair is
 * renamed into place, the current pair — if it is consistent (its .bin matches the .json's
 * `weightsCrc32`) — is copied to `<out>.prev.json`/`<out>.prev.bin` (temporary names, then
 * renamed). So at every instant at least one consistent pair exists on disk: while the
 * previous generation is being replaced the current pair is untouched, and while the current
 * pair is being replaced (a SIGKILL between its two renames leaves a .json beside another
 * write's .bin) the previous generation is complete. `--resume <out>` reads the current pair
 * and, when it is missing or inconsistent, falls back to `<out>.prev` with a message naming
 * why (readCheckpoint).
 */
import { access } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MAX_WEIGHTS_BIN_BYTES, MAX_WEIGHTS_JSON_BYTES } from '../core/io/limits';
import type { LearnedHeader } from '../core/learned/artifacts';
import type { LearnedOptimizer } from '../core/learned/types';
import { weightsDigest } from '../core/learned/verifyWeights';
import { UsageError } from './args';
import { readBoundedBuffer, readBoundedText } from './boundedRead';

export interface GenerationFs {
  writeFile(path: string, data: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

/** The prefix of the previous generation of `out`. */
export const prevOf = (out: string): string => `${out}.prev`;

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

/**
 * The current `<out>` pair if it is consistent: its .json (paths rewritten to the .prev.bin)
 * and .bin bytes; null when there is none, or it is not one this CLI wrote, or it is broken.
 */
async function consistentPair(out: string): Promise<{ json: string; bin: Uint8Array } | null> {
  const name = basename(out);
  if (!(await exists(`${out}.json`))) return null;
  try {
    const json = JSON.parse(await readBoundedText(`${out}.json`, MAX_WEIGHTS_JSON_BYTES, '--out'));
    const groups = json?.weightsManifest;
    if (!Array.isArray(groups) || groups.length !== 1) return null;
    const [group] = groups;
    if (!Array.isArray(group?.paths) || group.paths.length !== 1 || group.paths[0] !== `${name}.bin`)
      return null;
    const bin = await readBoundedBuffer(join(dirname(out), `${name}.bin`), MAX_WEIGHTS_BIN_BYTES, '--out');
    if (json.modelTopology?.weightsCrc32 !== weightsDigest(group.weights ?? [], bin)) return null;
    group.paths = [`${name}.prev.bin`];
    return { json: `${JSON.stringify(json, null, 1)}\n`, bin: new Uint8Array(bin) };
  } catch {
    return null;
  }
}

/**
 * Copy the current consistent pair to `<out>.prev.*` (each under a temporary name, then
 * renamed: .bin first, then .json). Nothing happens when the current pair is missing or
 * broken, so a good previous generation is never replaced by a bad one. The caller names the
 * temporary files (and removes them in its cleanup).
 */
export async function keepPreviousGeneration(
  out: string,
  tmp: { bin: string; json: string },
  fs: GenerationFs,
): Promise<void> {
  const pair = await consistentPair(out);
  if (!pair) return;
  await fs.writeFile(tmp.bin, pair.bin);
  await fs.writeFile(tmp.json, new TextEncoder().encode(pair.json));
  await fs.rename(tmp.bin, `${prevOf(out)}.bin`);
  await fs.rename(tmp.json, `${prevOf(out)}.json`);
}

type Loaded = { opt: LearnedOptimizer; header: LearnedHeader };

/**
 * `--resume <prefix>`: the current pair, or — when it is missing or fails verification — the
 * previous generation `<prefix>.prev`, announced on stderr with the reason. `path` is the
 * prefix actually read. When neither loads, the current pair's error names both.
 */
export async function readCheckpoint(
  prefix: string,
  read: (prefix: string) => Promise<Loaded>,
  warn: (line: string) => void = (l) => process.stderr.write(l),
): Promise<Loaded & { path: string }> {
  const base = prefix.replace(/\.json$/, '');
  try {
    return { ...(await read(base)), path: base };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if (!(await exists(`${prevOf(base)}.json`))) throw e;
    let prev: Loaded;
    try {
      prev = await read(prevOf(base));
    } catch (e2) {
      throw new UsageError(
        `--resume: ${why}; the previous generation ${prevOf(base)}.json does not load either (${e2 instanceof Error ? e2.message : String(e2)})`,
      );
    }
    warn(
      `--resume: ${base}.json is not a usable checkpoint (${why}); resuming from the previous generation ${prevOf(base)}.json (meta-iteration ${prev.header.metaIterations})\n`,
    );
    return { ...prev, path: prevOf(base) };
  }
}
