/**
 * The runner on WebGPU with spec.fused: it compiles the fused pipelines before the first step,
 * reports the fused path, and its losses match the plain-ops path (spec.fused = false) on the
 * same backend within float32 rounding.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSpec, type ExperimentSpec } from '../../src/core/experiment/schema';
import { Runner } from '../../src/core/run/runner';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';
import { type GpuEnv, useWebGpu } from './webgpu';

let gpu: GpuEnv;
beforeAll(async () => {
  gpu = await useWebGpu();
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

describe('runner with fused kernels', () => {
  it('warms up, reports the fused path, and matches plain ops', async ({ skip }) => {
    if (!gpu.ok) skip();
    const spec: ExperimentSpec = {
      ...defaultSpec(),
      task: { id: 'rosenbrock', options: { x0: -1.5, y0: 2, noise: 0 } },
      optimizers: [
        { id: 'adam', hyper: { lr: 0.01 } },
        { id: 'adamod', hyper: { lr: 0.01 } },
        { id: 'rmsprop', hyper: { lr: 0.001 } },
      ],
      steps: 30,
      backend: 'webgpu',
    };
    const fused = await losses({ ...spec, fused: true });
    const plain = await losses({ ...spec, fused: false });
    expect(fused.path).toBe('fused');
    expect(plain.path).toBe('ops');
    for (let i = 0; i < 3; i++) {
      expect(fused.losses[i]).toHaveLength(31);
      fused.losses[i].forEach((l, k) => {
        expect(Math.abs(l - plain.losses[i][k])).toBeLessThanOrEqual(
          1e-5 * Math.abs(plain.losses[i][k]) + 1e-6,
        );
      });
    }
    expect(fused.losses[0][30]).toBeLessThan(fused.losses[0][0]);
  });

  it('races the shipped RNNprop and DMOptimizer with the fused learned step, matching plain ops', async ({
    skip,
  }) => {
    if (!gpu.ok) skip();
    const spec: ExperimentSpec = {
      ...defaultSpec(),
      task: { id: 'quadratic', options: { dim: 50, condition: 10, noise: 0 } },
      optimizers: [
        { id: 'rnnprop', hyper: {} },
        { id: 'dmoptimizer', hyper: {} },
      ],
      steps: 12,
      backend: 'webgpu',
    };
    const fused = await losses({ ...spec, fused: true });
    const plain = await losses({ ...spec, fused: false });
    expect(fused.path).toBe('fused');
    for (let i = 0; i < 2; i++) {
      expect(fused.losses[i]).toHaveLength(13);
      fused.losses[i].forEach((l, k) => {
        expect(Math.abs(l - plain.losses[i][k])).toBeLessThanOrEqual(
          1e-4 * Math.abs(plain.losses[i][k]) + 1e-5,
        );
      });
    }
  });
});
