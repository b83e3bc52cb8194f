/**
 * The runner on wasm with spec.fused: the learned optimizers (shipped weights) run their
 * generated WebAssembly step (kernels/learnedWasm.ts), the runner reports the fused path, and
 * the losses match the tfjs-ops path (spec.fused = false) within 1e-5 relative, VHAdam's
 * sampled updates included (the same ξ: from the run's seed and the step).
 *
 * Over 12 steps: the two paths round differently in float32 (≤ 2.5e-7 relative per step), and
 * the trained optimizers amplify that difference chaotically later on the DM quadratic
 * (measured: the 5,740-iteration RNNprop goes 2.5e-7 → 1.2e-5 → 2e-4 at steps 16–19, the
 * 4,065-iteration file 2.7e-7 → 1.6e-5 at steps 24–27; DMOptimizer likewise), so agreement over a
 * longer horizon tests the weights' sensitivity, not the kernels. A wrong kernel differs from
 * step 1 by far more than 1e-5.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeLearnedSource } from '../../src/cli/weightsFiles';
import { defaultSpec, type ExperimentSpec } from '../../src/core/experiment/schema';
import { defaultLearnedSource, setLearnedSource } from '../../src/core/learned/registry';
import { Runner } from '../../src/core/run/runner';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  await tf.ready();
  setLearnedSource(nodeLearnedSource());
});
afterAll(() => {
  setLearnedSource(defaultLearnedSource);
});

async function losses(spec: ExperimentSpec): Promise<{ path: string; losses: number[][] }> {
  const runner = await Runner.create(spec, NO_DATA_ENV);
  const out: number[][] = spec.optimizers.map(() => []);
  while (!runner.done) {
    const frame = await runner.advance(10);
    for (const r of frame.runs) out[r.index].push(...r.losses);
  }
  const path = runner.kernels.path;
  runner.dispose();
  return { path, losses: out };
}

describe('runner on wasm with fused learned optimizers', () => {
  it('reports the fused path and matches the tfjs-ops losses (4 learned kinds, 12 steps)', async () => {
    const spec: ExperimentSpec = {
      ...defaultSpec(),
      task: { id: 'dm-quadratic', options: { problems: 16 } },
      optimizers: [{ id: 'dmoptimizer' }, { id: 'rnnprop' }, { id: 'hyperadam' }, { id: 'vhadam' }].map(
        (o) => ({
          ...o,
          hyper: {},
        }),
      ),
      steps: 12,
      backend: 'wasm',
    };
    // The loaded VHAdam instance is cached and shared by both runs; its ξ depends on the run's
    // seed and the step only (no rewinding needed), so the two paths draw the same ξ.
    const fused = await losses({ ...spec, fused: true });
    const plain = await losses({ ...spec, fused: false });
    expect(fused.path).toBe('fused');
    expect(plain.path).toBe('ops');
    for (let i = 0; i < 4; i++) {
      expect(fused.losses[i]).toHaveLength(13);
      fused.losses[i].forEach((l, k) => {
        expect(Math.abs(l - plain.losses[i][k]), `run ${i} step ${k}`).toBeLessThanOrEqual(
          1e-5 * Math.abs(plain.losses[i][k]),
        );
      });
    }
  });
});
