/**
 * Instant mode's fast path (src/core/instant/trajectory.ts) gives the tfjs runner's numbers:
 * losses and θ_k bit for bit against the runner on cpu and wasm, fused kernels and plain ops;
 * probes bit for bit against the fused kernels (plain ops reduce the update norm in float32,
 * so there to 1e-6 relative). Every landscape, all twelve rules, recorded edits (including
 * RMSprop gaining its momentum slot), gradient noise, two seeds and a diverging run.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import type { ExperimentSpec } from '../../src/core/experiment/schema';
import { fastPathWhyNot, instantFrame } from '../../src/core/instant/trajectory';
import { SeedRunner } from '../../src/core/run/seeds';
import type { Frame } from '../../src/core/run/types';
import type { TaskId, TaskOptions } from '../../src/core/tasks/catalog';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';
import { specFor } from '../run/specFor';

const spec = (
  task: TaskId,
  optimizers: ExperimentSpec['optimizers'],
  steps: number,
  options: Partial<TaskOptions> = {},
  extra: Partial<ExperimentSpec> = {},
): ExperimentSpec => specFor(task, optimizers, steps, options, { seed: 3, ...extra });

async function tfjsFrame(s: ExperimentSpec, backend: 'cpu' | 'wasm', fused: boolean): Promise<Frame> {
  await tf.setBackend(backend);
  const r = await SeedRunner.create({ ...s, backend, fused }, NO_DATA_ENV);
  try {
    expect(r.kernels.path).toBe(fused ? 'fused' : 'ops');
    return await r.advance(s.steps);
  } finally {
    r.dispose();
  }
}

const CASES: [string, ExperimentSpec][] = [
  [
    'rosenbrock, the e2e race',
    spec(
      'rosenbrock',
      [
        { id: 'adam', hyper: { lr: 0.01 } },
        { id: 'adamod', hyper: { lr: 0.01 } },
        { id: 'sgd', hyper: { lr: 0.001 } },
        { id: 'momentum', hyper: { lr: 0.001 } },
      ],
      300,
    ),
  ],
  [
    'beale, every other rule, with edits',
    spec(
      'beale',
      [
        { id: 'nesterov', hyper: { lr: 0.001 } },
        { id: 'adagrad', hyper: { lr: 0.1 }, schedule: [{ step: 40, hyper: { lr: 0.02 } }] },
        { id: 'adadelta', hyper: { lr: 1 } },
        { id: 'rmsprop', hyper: { lr: 0.003 }, schedule: [{ step: 25, hyper: { momentum: 0.9 } }] },
        { id: 'adamw', hyper: { lr: 0.01, weightDecay: 0.01 } },
        { id: 'amsgrad', hyper: { lr: 0.01 } },
        { id: 'adamax', hyper: { lr: 0.01 } },
        { id: 'adabound', hyper: { lr: 0.01 } },
      ],
      120,
      { x0: 1.2, y0: 1.7 },
    ),
  ],
  [
    'himmelblau with gradient noise, two seeds',
    spec(
      'himmelblau',
      [
        { id: 'adam', hyper: { lr: 0.05 } },
        { id: 'sgd', hyper: { lr: 0.002, weightDecay: 0.1 } },
      ],
      150,
      { noise: 0.7 },
      { seeds: 2 },
    ),
  ],
  [
    'ill-quadratic (κ = 37) with an edit',
    spec(
      'ill-quadratic',
      [
        { id: 'momentum', hyper: { lr: 0.02, momentum: 0.8 } },
        { id: 'adamod', hyper: { lr: 0.05 }, schedule: [{ step: 10, hyper: { lr: 0.001 } }] },
      ],
      100,
      { kappa: 37, x0: -2.1, y0: 0.7 },
    ),
  ],
  [
    'saddle, and a run that diverges',
    spec(
      'saddle',
      [
        { id: 'sgd', hyper: { lr: 0.3 } },
        { id: 'adam', hyper: { lr: 0.1 } },
      ],
      200,
    ),
  ],
];

const bits = (a: Float32Array | undefined) => Array.from(new Uint32Array(Float32Array.from(a ?? []).buffer));

describe('instant fast path = the tfjs runner', () => {
  it('covers 2-D landscapes with hand-designed rules only', () => {
    expect(fastPathWhyNot(CASES[0][1])).toBeNull();
    expect(fastPathWhyNot({ ...CASES[0][1], optimizers: [{ id: 'rnnprop', hyper: {} }] })).toMatch(/learned/);
    expect(fastPathWhyNot(spec('quadratic', [{ id: 'adam', hyper: {} }], 10))).toMatch(/not a 2-D landscape/);
  });

  for (const [name, s] of CASES) {
    for (const backend of ['cpu', 'wasm'] as const) {
      it(`${name}: ${backend}`, async () => {
        const fast = instantFrame(s);
        const fused = await tfjsFrame(s, backend, true);
        const plain = await tfjsFrame(s, backend, false);
        expect(fast.count).toBe(s.steps + 1);
        for (const [i, ref] of fused.runs.entries()) {
          const f = fast.runs[i];
          const what = `${name} #${i} ${s.optimizers[i].id}`;
          // Bit patterns: NaN rows and −0 must agree too.
          expect(bits(f.losses), what).toEqual(bits(ref.losses));
          expect(bits(f.losses), `${what} (plain)`).toEqual(bits(plain.runs[i].losses));
          expect(bits(f.trajectory), what).toEqual(bits(ref.trajectory));
          expect(bits(f.trajectory), `${what} (plain)`).toEqual(bits(plain.runs[i].trajectory));
          if (s.seeds) expect(f.seedLosses?.map(bits), what).toEqual(ref.seedLosses?.map(bits));
          expect(f.divergedAt, what).toBe(ref.divergedAt);
          expect(Object.keys(f.probes).sort(), what).toEqual(Object.keys(ref.probes).sort());
          for (const [probe, v] of Object.entries(ref.probes)) {
            expect(f.probes[probe].width, `${what} ${probe}`).toBe(v.width);
            expect(bits(f.probes[probe].values), `${what} ${probe}`).toEqual(bits(v.values));
            const p = plain.runs[i].probes[probe];
            if (!p) continue;
            v.values.forEach((_, k) => {
              const [a, b] = [f.probes[probe].values[k], p.values[k]];
              if (Number.isNaN(b)) expect(a).toBeNaN();
              else
                expect(Math.abs(a - b), `${what} ${probe}[${k}]`).toBeLessThanOrEqual(
                  1e-6 * Math.abs(b) + 1e-30,
                );
            });
          }
        }
      });
    }
  }

  it('the cases are not trivial: curves move, the saddle run diverges, noise and edits change curves', () => {
    const [, rosen] = CASES[0];
    const f = instantFrame(rosen);
    for (const r of f.runs) expect(r.losses[rosen.steps]).toBeLessThan(r.losses[0]);
    const saddle = instantFrame(CASES[4][1]);
    expect(saddle.runs.some((r) => r.divergedAt !== undefined)).toBe(true);
    const [, noisy] = CASES[2];
    const quiet = instantFrame({
      ...noisy,
      task: { ...noisy.task, options: { ...noisy.task.options, noise: 0 } },
    });
    expect(bits(instantFrame(noisy).runs[0].losses)).not.toEqual(bits(quiet.runs[0].losses));
    const [, beale] = CASES[1];
    const unedited = instantFrame({ ...beale, optimizers: beale.optimizers.map(({ schedule, ...o }) => o) });
    expect(bits(instantFrame(beale).runs[3].losses)).not.toEqual(bits(unedited.runs[3].losses));
  });
});
