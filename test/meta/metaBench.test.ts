/**
 * `npm run bench -- --meta` options: defaults (wasm; all four kinds; autodiff and lean; 1 and 2
 * workers; unroll 20), composition with --backends/--learned/--workers/--paths/--unroll, and bad
 * values named.
 */
import { describe, expect, it } from 'vitest';
import { MetaBenchUsage, parseMetaBenchArgs } from '../../src/cli/bench/metaBench';

describe('bench --meta options', () => {
  it('defaults and composes', () => {
    expect(parseMetaBenchArgs(['--meta'])).toEqual({
      backends: ['wasm'],
      learned: ['dmoptimizer', 'rnnprop', 'hyperadam', 'vhadam'],
      paths: ['autodiff', 'lean'],
      workers: [1, 2],
      unrolls: 2,
      unroll: 20,
      out: 'bench-results',
    });
    const o = parseMetaBenchArgs([
      '--meta',
      '--backends',
      'cpu,wasm',
      '--learned=rnnprop',
      '--workers',
      '1,2,4',
      '--paths',
      'lean,fused',
      '--unrolls',
      '3',
      '--unroll=10',
    ]);
    expect(o).toMatchObject({
      backends: ['cpu', 'wasm'],
      learned: ['rnnprop'],
      workers: [1, 2, 4],
      paths: ['lean', 'fused'],
      unrolls: 3,
      unroll: 10,
    });
  });

  it('names the bad option and the valid values', () => {
    expect(() => parseMetaBenchArgs(['--meta', '--learned', 'adam'])).toThrow(MetaBenchUsage);
    expect(() => parseMetaBenchArgs(['--meta', '--learned', 'adam'])).toThrow(
      /--learned: 'adam' is not one of dmoptimizer, rnnprop, hyperadam, vhadam/,
    );
    expect(() => parseMetaBenchArgs(['--meta', '--workers', '0'])).toThrow(
      /--workers: integers in \[1, 16\]; got '0'/,
    );
    expect(() => parseMetaBenchArgs(['--meta', '--backends', 'webgl'])).toThrow(
      /--backends: 'webgl' is not one of cpu, wasm, webgpu/,
    );
    expect(() => parseMetaBenchArgs(['--meta', '--sizes', '1e4'])).toThrow(/unknown option '--sizes'/);
    expect(() => parseMetaBenchArgs(['--meta', '--unrolls'])).toThrow(/--unrolls: missing value/);
  });
});
