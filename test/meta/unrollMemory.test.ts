/**
 * The unroll's memory guard (src/core/meta/unrollMemory.ts): an unroll measures its tensor
 * growth over its first steps and, when all its steps would pass the backend's budget, stops
 * there — before the wasm heap aborts — with a message naming recipe.unroll and the longest
 * unroll that fits, nothing kept and the run's minibatch stream rewound.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initLearned } from '../../src/core/learned/factory';
import { learnedMetaOf } from '../../src/core/learned/kinds';
import { withPath } from '../../src/core/meta/lean/wrap';
import {
  closeRun,
  disposeSharedTask,
  newSharedTask,
  openRun,
  type UnrollContext,
  type UnrollOutcome,
  unrollContext,
  unrollOnce,
} from '../../src/core/meta/runs';
import type { BpttRecipe } from '../../src/core/meta/trainers/bpttRecipe';
import {
  HEAP_FACTOR,
  isOutOfMemory,
  memoryGuardOf,
  projectUnroll,
  size,
} from '../../src/core/meta/unrollMemory';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';
import { tinyDmRecipe } from './tinyRecipe';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const MiB = 2 ** 20;

const disposeOutcome = (o: UnrollOutcome) =>
  tf.dispose([o.metaLoss, o.losses, ...o.grads, ...o.params, ...Object.values(o.state.slots).flat()]);

describe('projectUnroll', () => {
  it('projects all steps from the growth of the second step; the longest fit keeps the heap margin', () => {
    const guard = { budget: 3600 * MiB };
    // 110 MiB after step 1, 150 after step 2: 40 MiB per step, 70 MiB before the first step.
    const p = projectUnroll(110 * MiB, 150 * MiB, 100, guard);
    expect(p.bytesPerStep).toBe(40 * MiB);
    expect(p.tensorBytes).toBe((70 + 40 * 100) * MiB); // 4,070 MiB
    expect(HEAP_FACTOR).toBe(1.2);
    expect(p.maxSteps).toBe(73); // ⌊(3600 − 70) / 48⌋ = ⌊73.5⌋
    // An unroll whose steps allocate nothing fits at any length.
    expect(projectUnroll(5 * MiB, 5 * MiB, 200, { budget: 10 * MiB })).toMatchObject({
      bytesPerStep: 0,
      maxSteps: 200,
    });
  });

  it('the wasm numbers measured on the MNIST MLP: HyperAdam runs 20 autodiff steps and 78 lean ones', () => {
    const wasm = memoryGuardOf('wasm')!;
    // Tracked tensors: autodiff +188 MiB per step from ~60, lean +42 from ~14.
    const auto20 = projectUnroll(248 * MiB, 436 * MiB, 20, wasm);
    expect(auto20.tensorBytes).toBeLessThan(wasm.budget); // runs (its heap peaked at 3,886 MiB)
    expect(auto20.maxSteps).toBe(17); // the margin's answer, should it run out
    const lean = projectUnroll(56 * MiB, 98 * MiB, 100, wasm);
    expect(lean.tensorBytes).toBeGreaterThan(wasm.budget); // 100 lean steps: refused (they abort)
    expect(lean.maxSteps).toBe(78); // 78 ran (heap ≈ 3.9 GiB)
  });

  it('sizes read in GiB, MiB or KiB; the out-of-memory messages of wasm and V8 are recognised', () => {
    expect(size(3.6 * 2 ** 30)).toBe('3.6 GiB');
    expect(size(42.4 * MiB)).toBe('42 MiB');
    expect(size(5000)).toBe('5 KiB');
    expect(isOutOfMemory(new Error('memory access out of bounds'))).toBe(true);
    expect(isOutOfMemory(new Error('Aborted(). Build with -sASSERTIONS for more info.'))).toBe(true);
    expect(isOutOfMemory(new RangeError('Array buffer allocation failed'))).toBe(true);
    expect(isOutOfMemory(new Error('Shapes 3 and 4 must match'))).toBe(false);
  });

  it('only the wasm backend has a budget (its heap ends at 4 GiB)', () => {
    expect(memoryGuardOf('wasm')).toEqual({ budget: 3968 * MiB });
    expect(memoryGuardOf('cpu')).toBeUndefined();
    expect(memoryGuardOf('webgpu')).toBeUndefined();
  });
});

describe('an unroll past its memory budget', () => {
  const recipe = tinyDmRecipe({ steps: 40, unroll: 40 }) as BpttRecipe;

  async function setup() {
    const arch = learnedMetaOf('dmoptimizer')!.defaultArchitecture;
    const opt = initLearned(arch, recipe.seed);
    const stepOpt = withPath(opt, recipe.path);
    const shared = newSharedTask();
    const ctx = unrollContext(recipe, opt, stepOpt);
    return { opt, shared, ctx, open: () => openRun(recipe, NO_DATA_ENV, stepOpt, 0, shared) };
  }

  const first = async (ctx: UnrollContext, open: () => ReturnType<typeof openRun>) => {
    const run = await open();
    const res = unrollOnce(run, ctx);
    const out = {
      metaLoss: res.metaLoss.dataSync()[0],
      grads: res.grads.map((g) => Array.from(g.dataSync())),
    };
    disposeOutcome(res);
    closeRun(run);
    return out;
  };

  it('stops after two steps with recipe.unroll and the longest that fits; nothing kept, the run rewound', async () => {
    const { opt, shared, ctx, open } = await setup();
    expect(ctx.memory).toBeUndefined(); // cpu: no budget
    const want = await first(ctx, open);

    const run = await open();
    const rngAt = run.rng.getState();
    const tensors = tf.memory().numTensors;
    const budget = tf.memory().numBytes + 2 * MiB; // ~10 steps of this tiny problem (~190 KiB each)
    const attempt = (unroll: number): Error | null => {
      try {
        const r = unrollOnce(run, { ...ctx, recipe: { ...recipe, unroll }, memory: { budget } });
        disposeOutcome(r);
        run.rng.setState(rngAt);
        return null;
      } catch (e) {
        return e as Error;
      }
    };
    const err = attempt(40);
    expect(err?.message).toMatch(
      /^recipe\.unroll \(steps per unroll\): an unroll of 40 steps of dmoptimizer on this task needs over \d+ MiB on cpu \(\d+ KiB of tensors per step\), which allows \d+ MiB; allowed here: 1–\d+( \(\d+ divides steps = 40\))?, or recipe\.segments ≥ \d+ to keep unroll 40$/,
    );
    const maxSteps = Number(/allowed here: 1–(\d+)/.exec(err?.message ?? '')?.[1]);
    expect(maxSteps).toBeGreaterThan(2);
    expect(maxSteps).toBeLessThan(40);
    const divides = /(\d+) divides steps/.exec(err?.message ?? '')?.[1];
    if (divides) expect(40 % Number(divides)).toBe(0);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(run.rng.getState()).toEqual(rngAt);
    expect(run.unroll).toBe(0);
    // The longest unroll it names runs under the same budget.
    expect(attempt(maxSteps)).toBeNull();
    expect(tf.memory().numTensors).toBe(tensors);
    // The same run, unrolled with room to spare, is exactly an unguarded run's first unroll.
    const res = unrollOnce(run, { ...ctx, memory: { budget: 2 ** 40 } });
    expect(res.metaLoss.dataSync()[0]).toBe(want.metaLoss);
    expect(res.grads.map((g) => Array.from(g.dataSync()))).toEqual(want.grads);
    disposeOutcome(res);
    closeRun(run);
    disposeSharedTask(shared);
    opt.dispose();
  });

  it('a heap that runs out later (a wasm abort) is reported as recipe.unroll with the longest that fits', async () => {
    const { opt, shared, ctx, open } = await setup();
    const run = await open();
    const inner = run.problem;
    let calls = 0;
    run.problem = {
      ...inner,
      loss: (ps, b) => {
        if (++calls === 6) throw new Error('memory access out of bounds');
        return inner.loss(ps, b);
      },
    };
    const err = (() => {
      try {
        unrollOnce(run, { ...ctx, memory: { budget: 2 ** 40 } });
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(err?.message).toMatch(
      /^recipe\.unroll \(steps per unroll\): cpu ran out of memory during an unroll of 40 steps of dmoptimizer on this task \(\d+ KiB of tensors per step\); allowed here: 1–39 \(20 divides steps = 40\), or recipe\.segments ≥ 2 to keep unroll 40$/,
    );
    // Without a guard (cpu, webgpu) the error passes through as it was.
    calls = 0;
    expect(() => unrollOnce(run, { ...ctx, memory: undefined })).toThrow(/^memory access out of bounds$/);
    run.problem = inner;
    closeRun(run);
    disposeSharedTask(shared);
    opt.dispose();
  });
});
