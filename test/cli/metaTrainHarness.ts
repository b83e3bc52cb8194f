/**
 * Shared setup of the meta-train CLI tests: the smallest real run (DMOptimizer on two DM
 * quadratics, 10 steps, unroll 5), a temporary folder per test file, and `main` called in
 * process with stdout/stderr captured.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, vi } from 'vitest';
import { main } from '../../src/cli/metaTrain';

/** The problem flags of the smallest run (no kind, no backend). */
export const TINY_PROBLEM = ['--task', 'dm-quadratic', '--problems', '2', '--steps', '10', '--unroll', '5'];
/** `--kind dmoptimizer` + TINY_PROBLEM: slice(0, 4) is kind + task, slice(0, 6) adds problems. */
export const TINY = ['--kind', 'dmoptimizer', ...TINY_PROBLEM];

/** A temporary folder made before the file's tests and removed after them; read `.path`. */
export function tempDirForFile(prefix: string): { readonly path: string } {
  const state = { path: '' };
  beforeAll(async () => {
    state.path = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (state.path) await rm(state.path, { recursive: true, force: true });
  });
  return state;
}

/** Runs `meta-train <args>` in process; returns the exit code and what it wrote. */
export async function runMetaTrain(args: string[]): Promise<{ code: number; err: string; out: string }> {
  let err = '';
  let out = '';
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  try {
    return { code: await main(args), err, out };
  } finally {
    e.mockRestore();
    o.mockRestore();
  }
}
