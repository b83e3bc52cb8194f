/**
 * Recipe path 'fused' off webgpu (src/core/meta/unrollPath.ts, fused/path.ts): it runs the lean
 * path — bit-identical meta-loss and meta-gradient on cpu — and says so (pathInUse's note, the
 * label the tab and the CLI print); on webgpu it is itself. The recipe accepts the three paths
 * and names them when the value is bad. The Meta-train session's progress names the path that
 * runs (the tab's status line shows it).
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultRecipe, parseRecipe } from '../../src/core/learned/catalog';
import type { MetaEvent } from '../../src/core/meta/protocol';
import { MetaSession } from '../../src/core/meta/session';
import { pathInUse, pathLabel } from '../../src/core/meta/unrollPath';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';
import { bptt, fixture } from './metaGradHelpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('unroll path fused', () => {
  it('falls back to lean off webgpu and says so', () => {
    const off = pathInUse('fused', 'wasm');
    expect(off).toEqual({
      requested: 'fused',
      running: 'lean',
      note: 'path fused needs the webgpu backend (active: wasm): running the lean path',
    });
    expect(pathLabel(off)).toBe('lean (fused needs WebGPU)');
    expect(pathInUse('fused', 'webgpu')).toEqual({ requested: 'fused', running: 'fused', note: null });
    expect(pathLabel(pathInUse('fused', 'webgpu'))).toBe('fused (WGSL)');
    expect(pathLabel(pathInUse('autodiff', 'webgpu'))).toBe('autodiff');
  });

  it('recipe: accepts fused, names the allowed values', () => {
    expect(parseRecipe({ ...defaultRecipe('rnnprop'), path: 'fused' }).ok).toBe(true);
    const bad = parseRecipe({ ...defaultRecipe('rnnprop'), path: 'gpu' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.join('; ')).toMatch(/path.*must be autodiff, lean or fused/);
  });

  it('on cpu, fused = lean bit for bit (DMOptimizer, 3 steps)', async () => {
    const f = await fixture('dmoptimizer', 3);
    const lean = bptt(f, 'lean');
    const fused = bptt(f, 'fused');
    expect(fused.loss).toBe(lean.loss);
    for (const k of Object.keys(lean.grads))
      expect(Array.from(fused.grads[k]), k).toEqual(Array.from(lean.grads[k]));
    f.dispose();
  });
});

describe('the tab says which path runs', () => {
  it("a session on cpu with path 'fused' reports 'lean (fused needs WebGPU)'; autodiff reports itself", async () => {
    for (const [path, label] of [
      ['fused', 'lean (fused needs WebGPU)'],
      ['autodiff', 'autodiff'],
    ] as const) {
      const r = parseRecipe({
        kind: 'dmoptimizer',
        task: { id: 'dm-quadratic', options: { problems: 2 } },
        steps: 4,
        unroll: 2,
        iterations: 1,
        seed: 2,
        path,
      });
      if (!r.ok) throw new Error(r.errors.join());
      const events: MetaEvent[] = [];
      const s = new MetaSession(NO_DATA_ENV, (e) => events.push(e));
      await s.start({ recipe: r.value, evalEvery: 0, evalRuns: 1, adamLr: 0.01 });
      const t0 = Date.now();
      const last = () => events.filter((e) => e.type === 'progress').at(-1);
      while (!(last()?.type === 'progress' && last()?.progress.state === 'done') && Date.now() - t0 < 60_000)
        await new Promise((res) => setTimeout(res, 5));
      const p = last();
      expect(p?.type === 'progress' && p.progress.state).toBe('done');
      expect(p?.type === 'progress' && p.progress.path).toBe(label);
      await s.stop();
    }
  }, 120_000);
});
