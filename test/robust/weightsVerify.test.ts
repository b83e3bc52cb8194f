/**
 * Weights files are not trusted (issue 16, verifyWeights.ts): duplicate entries (no tensor
 * leaked), swapped entries and bit flips (CRC-32), absurd header values, manifest paths that
 * leave the folder, null entries and missing shapes are refused with a message naming the
 * field; a sharded (two-file) set imports in the browser's session.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { io } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeLearnedSource } from '../../src/cli/weightsFiles';
import {
  artifactsFromModelJson,
  learnedFromArtifacts,
  makeHeader,
  toArtifacts,
  toModelJson,
} from '../../src/core/learned/artifacts';
import { DEFAULT_ARCHITECTURES } from '../../src/core/learned/catalog';
import { initLearned } from '../../src/core/learned/factory';
import { loadLearnedOptimizer } from '../../src/core/learned/registry';
import { crc32, weightsDigest } from '../../src/core/learned/verifyWeights';
import { MetaSession } from '../../src/core/meta/session';
import { NO_DATA_ENV } from '../../src/core/tasks/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Json = ReturnType<typeof toModelJson> & Record<string, unknown>;
let art: io.ModelArtifacts;
let bin: ArrayBuffer;
const fresh = (): Json => JSON.parse(JSON.stringify(toModelJson(art, 'w.bin')));
const stamped = (): Json => {
  const j = fresh();
  (j.modelTopology as unknown as Record<string, unknown>).weightsCrc32 = weightsDigest(
    art.weightSpecs ?? [],
    bin,
  );
  return j;
};
const load = async (j: unknown, data: ArrayBuffer | Record<string, ArrayBuffer> = bin) => {
  const a = await artifactsFromModelJson(
    JSON.stringify(j),
    async (p) => (data instanceof ArrayBuffer ? data : data[p]),
    'w.json',
  );
  const { opt } = learnedFromArtifacts(a, 'w.json');
  opt.dispose();
};

beforeAll(async () => {
  const opt = initLearned(DEFAULT_ARCHITECTURES.rnnprop, 3);
  art = await toArtifacts(opt, makeHeader(opt, { metaIterations: 5, finalMetaLoss: 0.4 }));
  bin = art.weightData as ArrayBuffer;
  opt.dispose();
});

describe('CRC-32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789')).toString(16)).toBe('cbf43926');
  });
});

describe('verifyWeights', () => {
  it('loads the untouched file and the stamped one', async () => {
    await load(fresh());
    await load(stamped());
  });

  it('refuses a duplicated manifest entry without leaking a tensor', async () => {
    const before = tf.memory().numTensors;
    const j = fresh();
    const w = j.weightsManifest[0].weights;
    w.push({ ...w[0] });
    await expect(load(j, bin.slice(0))).rejects.toThrow(
      /'w\.json': weightsManifest\[0\]\.weights\[8\]\.name: 'fc\/kernel' is listed twice|listed twice/,
    );
    // The same through artifacts that skip the manifest (IndexedDB): checked again.
    const dup = { ...art, weightSpecs: [...(art.weightSpecs ?? []), { ...(art.weightSpecs ?? [])[0] }] };
    expect(() => learnedFromArtifacts(dup, 'db')).toThrow(/weights\[8\]\.name: '.*' is listed twice/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses swapped entries and a finite bit flip when the file carries its CRC-32', async () => {
    const j = stamped();
    const w = j.weightsManifest[0].weights;
    [w[0], w[2]] = [w[2], w[0]];
    await expect(load(j)).rejects.toThrow(/header\.weightsCrc32: the weights do not match/);
    const flipped = bin.slice(0);
    new Uint8Array(flipped)[100] ^= 0x01; // a finite value, slightly changed
    await expect(load(stamped(), flipped)).rejects.toThrow(/header\.weightsCrc32: the weights do not match/);
    const j2 = stamped();
    (j2.modelTopology as unknown as Record<string, unknown>).weightsCrc32 = 'zz';
    await expect(load(j2)).rejects.toThrow(/header\.weightsCrc32: must be 8 hex digits; got 'zz'/);
  });

  it.each([
    [{ outputScale: 1e308 }, /header\.architecture\.outputScale: 1e\+308 is out of range; allowed \(0, 10\]/],
    [{ beta1: 1, beta2: 1 }, /header\.architecture\.beta1: 1 is out of range; allowed \[0, 1\)/],
    [{ eps: 5 }, /header\.architecture\.eps: 5 is out of range; allowed \(0, 1\]/],
  ])('refuses absurd header values %j', async (patch, re) => {
    const j = fresh();
    Object.assign(j.modelTopology.architecture, patch);
    await expect(load(j)).rejects.toThrow(re);
  });

  it.each([
    ['../w.bin'],
    ['/etc/passwd'],
    ['sub/w.bin'],
    ['..'],
    ['https://evil.test/w.bin'],
    ['C:\\w.bin'],
    [''],
  ])('refuses the manifest path %j before reading anything', async (path) => {
    const j = fresh();
    j.weightsManifest[0].paths = [path];
    let reads = 0;
    const a = artifactsFromModelJson(
      JSON.stringify(j),
      async () => {
        reads++;
        return bin;
      },
      'w.json',
    );
    await expect(a).rejects.toThrow(/weightsManifest\[0\]\.paths\[0\]: .* is not a plain file name/);
    expect(reads).toBe(0);
  });

  it.each([
    [
      (j: Json) => ((j as Record<string, unknown>).weightsManifest = [null]),
      /weightsManifest\[0\]: must be an object; got null/,
    ],
    [
      (j: Json) => (j.weightsManifest[0].weights[1] = null as never),
      /weightsManifest\[0\]\.weights\[1\]: must be an object; got null/,
    ],
    [
      (j: Json) => delete (j.weightsManifest[0].weights[2] as Partial<io.WeightsManifestEntry>).shape,
      /weightsManifest\[0\]\.weights\[2\]\.shape: must be an array of at most 8 integers; got undefined/,
    ],
    [(j: Json) => (j.weightsManifest[0].weights[0].shape = [2.5]), /weights\[0\]\.shape: must hold integers/],
    [
      (j: Json) => (j.weightsManifest[0].weights[0].name = 7 as never),
      /weights\[0\]\.name: must be a non-empty string; got 7/,
    ],
    [
      (j: Json) => (j.weightsManifest[0].paths = null as never),
      /weightsManifest\[0\]\.paths: must be a non-empty array/,
    ],
    [
      (j: Json) => (j.weightsManifest[0].weights[0].name = 'lstm9/kernel'),
      /unexpected weight 'lstm9\/kernel'; expected exactly/,
    ],
  ])('names the field instead of a TypeError (%#)', async (mutate, re) => {
    const j = fresh();
    mutate(j);
    const err = await load(j).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('LearnedFileError');
    expect((err as Error).message).toMatch(re);
  });

  it('imports a sharded (two-file) set in the session; a single buffer for it is refused', async () => {
    const j = fresh();
    const specs = j.weightsManifest[0].weights;
    const firstBytes = specs.slice(0, 3).reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
    j.weightsManifest = [
      { paths: ['w-1.bin'], weights: specs.slice(0, 3) },
      { paths: ['w-2.bin'], weights: specs.slice(3) },
    ];
    const files = { 'w-1.bin': bin.slice(0, firstBytes), 'w-2.bin': bin.slice(firstBytes) };
    const s = new MetaSession(NO_DATA_ENV, () => undefined);
    const info = await s.importFiles(JSON.stringify(j), files);
    expect(info).toMatchObject({ kind: 'rnnprop', metaIterations: 5 });
    const again = await s.exportFiles('x');
    expect(new Float32Array(again.bin)).toEqual(new Float32Array(bin));
    await expect(s.importFiles(JSON.stringify(j), bin)).rejects.toThrow(
      /several weight files .*choose all of them/,
    );
    await expect(s.importFiles(JSON.stringify(j), { 'w-1.bin': files['w-1.bin'] })).rejects.toThrow(
      /weight file 'w-2\.bin' is named by the manifest but was not chosen/,
    );
  });

  it('the shipped pretrained weights all pass', async () => {
    for (const k of ['dmoptimizer', 'rnnprop', 'hyperadam', 'vhadam'] as const) {
      const { header } = await loadLearnedOptimizer(k, `pretrained:${k}-mnist`, nodeLearnedSource());
      expect(header.kind).toBe(k);
    }
  });
});
