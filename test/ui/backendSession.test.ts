/**
 * Worker-side code in Node (cpu backend): adapter inspection, backend selection with
 * fallback, and the TrainSession loop (frames in order, pause, step, setHyper).
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { inspectWebGpuAdapter } from '../../src/core/backend/adapter';
import { selectBackend } from '../../src/core/backend/select';
import { defaultSpec } from '../../src/core/experiment/schema';
import type { Runner as RunnerType } from '../../src/core/run/runner';
import type { Frame } from '../../src/core/run/types';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';
import type { WorkerEvent } from '../../src/core/worker/protocol';
import { TrainSession } from '../../src/core/worker/session';

const g = globalThis as unknown as { navigator?: unknown };
const realNavigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
function setGpu(gpu: unknown): void {
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
}
afterEach(() => {
  if (realNavigator) Object.defineProperty(globalThis, 'navigator', realNavigator);
  else delete g.navigator;
});

describe('inspectWebGpuAdapter', () => {
  it('reports a missing navigator.gpu', async () => {
    setGpu(undefined);
    expect(await inspectWebGpuAdapter()).toMatchObject({ available: false, why: 'navigator.gpu is missing' });
  });
  it('flags SwiftShader (isFallbackAdapter or by name) as software', async () => {
    setGpu({
      requestAdapter: async () => ({
        isFallbackAdapter: true,
        info: { vendor: 'google', architecture: 'swiftshader' },
      }),
    });
    expect(await inspectWebGpuAdapter()).toMatchObject({ available: true, software: true });
    setGpu({ requestAdapter: async () => ({ info: { vendor: 'google', architecture: 'swiftshader' } }) });
    expect((await inspectWebGpuAdapter()).software).toBe(true);
    setGpu({
      requestAdapter: async () => ({
        info: { vendor: 'nvidia', architecture: 'ada', isFallbackAdapter: false },
      }),
    });
    expect(await inspectWebGpuAdapter()).toMatchObject({
      available: true,
      software: false,
      description: 'nvidia ada',
    });
  });
});

describe('selectBackend', () => {
  it('auto on a software adapter skips webgpu and falls back to a working backend (cpu here)', async () => {
    setGpu({
      requestAdapter: async () => ({
        isFallbackAdapter: true,
        info: { vendor: 'google', architecture: 'swiftshader' },
      }),
    });
    const info = await selectBackend('auto');
    expect(info.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(info.rejected.map((r) => r.name)).toEqual(['webgpu', 'wasm', 'webgl']);
    expect(info.rejected[0].why).toMatch(/software/);
    expect(info.rejected[1].why).toMatch(/not registered/);
  });
  it('a forced backend that is missing falls back and says so', async () => {
    setGpu(undefined);
    const info = await selectBackend('webgl');
    expect(info.name).toBe('cpu');
    expect(info.reason).toMatch(/fell back to cpu/);
  });
});

describe('TrainSession', () => {
  it('steps, then streams in-order frames to the end without leaking tensors', async () => {
    await tf.setBackend('cpu');
    const events: WorkerEvent[] = [];
    const session = new TrainSession(NO_DATA_ENV, (ev) => events.push(ev));
    const spec = { ...defaultSpec(), steps: 40 };
    await session.load(spec);
    await session.stepOnce(5);
    const frames = () =>
      events.filter((e): e is { type: 'frame'; frame: Frame } => e.type === 'frame').map((e) => e.frame);
    expect(frames().reduce((n, f) => n + f.count, 0)).toBe(5);
    await session.setHyper(0, { lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
    const before = tf.memory().numTensors;
    await session.play();
    for (let k = 0; k < 400 && !events.some((e) => e.type === 'status' && e.state === 'done'); k++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(events.some((e) => e.type === 'status' && e.state === 'done')).toBe(true);
    let next = 0;
    for (const f of frames()) {
      expect(f.fromStep).toBe(next);
      next += f.count;
    }
    expect(next).toBe(41); // θ_0 … θ_40
    const losses0 = frames().flatMap((f) => Array.from(f.runs[0].losses));
    expect(losses0[40]).toBeLessThan(losses0[0]);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 2);
    await session.load(spec); // disposes the old runner
  });
});

describe('TrainSession backend failure', () => {
  it('falls back to the next backend mid-run, replays, and keeps the step sequence', async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    setGpu(undefined);
    const { Runner } = await import('../../src/core/run/runner');
    const events: WorkerEvent[] = [];
    const session = new TrainSession(NO_DATA_ENV, (ev) => events.push(ev));
    const info = await session.setBackend('wasm');
    expect(info.name).toBe('wasm');
    await session.load({ ...defaultSpec(), steps: 30 });
    await session.stepOnce(5);
    const original = Runner.prototype.advance;
    let thrown = false;
    Runner.prototype.advance = function (this: RunnerType, n: number) {
      if (!thrown) {
        thrown = true;
        return Promise.reject(new Error('GPU device was lost (simulated)'));
      }
      return original.call(this, n);
    };
    try {
      await session.stepOnce(5);
    } finally {
      Runner.prototype.advance = original;
    }
    // The order is webgpu → webgl → wasm → cpu, so wasm falls back to cpu; the note says what happened.
    const note = events.find((e) => e.type === 'backend' && e.note);
    expect(note).toMatchObject({ type: 'backend', info: { name: 'cpu' } });
    const text = note?.type === 'backend' ? (note.note ?? '') : '';
    expect(text).toContain('failed at step 5');
    expect(text).toContain('device was lost');
    expect(text).toContain('replaying 5 steps');
    expect(note?.type === 'backend' && note.info.rejected.map((r) => r.name)).toEqual(['wasm']);
    const frames = events
      .filter((e): e is { type: 'frame'; frame: Frame } => e.type === 'frame')
      .map((e) => e.frame);
    expect(frames.map((f) => [f.fromStep, f.count])).toEqual([
      [0, 5],
      [5, 5],
    ]);
    expect(tf.getBackend()).toBe('cpu');
    await session.load({ ...defaultSpec(), steps: 30 });
  });
});
