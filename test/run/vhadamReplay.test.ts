/**
 * VHAdam's sampled noise in the race is a function of the run (spec.seed) and the step
 * (learned/vhadam/index.ts, StepContext.seed), not of the cached, shared optimizer instance:
 * on cpu the same spec run twice, one seed of a 2-seed run, a run resumed from a checkpoint
 * and Continue +N all give bit-identical losses.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeLearnedSource } from '../../src/cli/weightsFiles';
import { defaultSpec, type ExperimentSpec } from '../../src/core/experiment/schema';
import { defaultLearnedSource, setLearnedSource } from '../../src/core/learned/registry';
import { SeedRunner } from '../../src/core/run/seeds';
import type { Frame } from '../../src/core/run/types';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
  setLearnedSource(nodeLearnedSource());
});
afterAll(() => {
  setLearnedSource(defaultLearnedSource);
});

function spec(over: Partial<ExperimentSpec> = {}): ExperimentSpec {
  return {
    ...defaultSpec(),
    task: { id: 'dm-quadratic', options: { problems: 8 } },
    optimizers: [
      { id: 'vhadam', hyper: {} },
      { id: 'adam', hyper: { lr: 0.01 } },
      { id: 'vhadam', hyper: { lr: 0.002 } },
    ],
    steps: 16,
    seed: 3,
    backend: 'cpu',
    fused: false,
    ...over,
  };
}

/** losses[run] (step order) and, with several seeds, seedLosses[run][seed]. */
function collect(frames: Frame[]) {
  return frames[0].runs.map((_, i) => ({
    losses: frames.flatMap((f) => Array.from(f.runs[i].losses)),
    seeds: frames[0].runs[i].seedLosses
      ? frames[0].runs[i].seedLosses!.map((_, s) =>
          frames.flatMap((f) => Array.from(f.runs[i].seedLosses![s])),
        )
      : [],
  }));
}

async function frames(r: SeedRunner, every: number): Promise<Frame[]> {
  const out: Frame[] = [];
  while (!r.done) out.push(await r.advance(every));
  return out;
}

async function run(s: ExperimentSpec, every = 5) {
  const r = await SeedRunner.create(s, NO_DATA_ENV);
  const out = collect(await frames(r, every));
  r.dispose();
  return out;
}

describe('VHAdam noise replays per run and step', () => {
  it('the same spec twice gives bit-identical losses (the instance is cached and shared)', async () => {
    const a = await run(spec());
    const b = await run(spec(), 3);
    expect(b).toEqual(a);
    expect(a[0].losses).toHaveLength(17);
    // Sampling is on: the two VHAdam entries (other lr) differ, and differ from the mean.
    expect(a[2].losses).not.toEqual(a[0].losses);
    const useMean = { sample: 0 } as ExperimentSpec['optimizers'][number]['hyper'];
    const mean = await run(spec({ optimizers: [{ id: 'vhadam', hyper: useMean }] }));
    expect(mean[0].losses).not.toEqual(a[0].losses);
  });

  it('each seed of a 2-seed run equals that seed run alone', async () => {
    const both = await run(spec({ seeds: 2 }));
    const s3 = await run(spec({ seed: 3 }));
    const s4 = await run(spec({ seed: 4 }));
    for (const i of [0, 2]) {
      expect(both[i].seeds[0]).toEqual(s3[i].losses);
      expect(both[i].seeds[1]).toEqual(s4[i].losses);
    }
    expect(s3[0].losses).not.toEqual(s4[0].losses);
  });

  it('a checkpoint resume continues bit-identically', async () => {
    const s = spec({ seeds: 2 });
    const whole = await run(s, 4);
    const first = await SeedRunner.create(s, NO_DATA_ENV);
    await first.advance(4);
    await first.advance(4);
    const ck = await first.checkpoint();
    await first.advance(5); // lost in the "crash"
    first.dispose();
    const second = await SeedRunner.create(s, NO_DATA_ENV);
    second.restore(structuredClone(ck));
    const rest = collect(await frames(second, 4));
    second.dispose();
    rest.forEach((r, i) => {
      expect(r.losses).toEqual(whole[i].losses.slice(8));
      r.seeds.forEach((l, k) => {
        expect(l).toEqual(whole[i].seeds[k].slice(8));
      });
    });
  });

  it('Continue +N equals the grown spec', async () => {
    const grown = await run(spec({ steps: 24 }));
    const r = await SeedRunner.create(spec(), NO_DATA_ENV);
    const head = await frames(r, 5);
    r.extend(8);
    const tail = await frames(r, 5);
    r.dispose();
    expect(collect([...head, ...tail])).toEqual(grown);
  });
});
