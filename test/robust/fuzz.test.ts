/**
 * Fuzzing as tests (issue 16): 1,200 generated learned-optimizer weight files and 1,200
 * export documents, mutated from valid ones with a seeded RNG (deleted and retyped fields,
 * null entries, duplicates, prototype keys, absurd numbers, escaping paths, truncated or
 * extended weight data, bit flips, broken JSON). Nothing crashes (no TypeError, no leaked
 * tensor); every rejection names the file and the field.
 */
import '@tensorflow/tfjs-backend-cpu';
import type { io } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportDocumentJson, parseExportDocument } from '../../src/core/experiment/exportFormats';
import { makeRng, type Rng } from '../../src/core/experiment/rng';
import { defaultSpec } from '../../src/core/experiment/schema';
import {
  artifactsFromModelJson,
  learnedFromArtifacts,
  makeHeader,
  toArtifacts,
  toModelJson,
} from '../../src/core/learned/artifacts';
import { DEFAULT_ARCHITECTURES, LEARNED_KINDS } from '../../src/core/learned/catalog';
import { initLearned } from '../../src/core/learned/factory';
import { weightsDigest } from '../../src/core/learned/verifyWeights';

const N = 1200;

const WEIRD: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  '',
  'x',
  '../../etc/passwd',
  '/dev/zero',
  'https://evil.test/a.bin',
  '\u202Eevil',
  true,
  [],
  [null],
  [1, 2, 3],
  {},
  { __proto__: { polluted: 1 } },
  JSON.parse('{"__proto__":{"polluted":1}}'),
  'a'.repeat(5000),
  [[[[[[[[]]]]]]]],
];

type Node = Record<string, unknown> | unknown[];

/** Every (container, key) pair in a JSON value, for picking a place to mutate. */
function places(v: unknown, out: [Node, string | number][] = []): [Node, string | number][] {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push([v, i]);
      places(x, out);
    });
  } else if (typeof v === 'object' && v !== null) {
    for (const k of Object.keys(v)) {
      out.push([v as Record<string, unknown>, k]);
      places((v as Record<string, unknown>)[k], out);
    }
  }
  return out;
}

function mutateJson(doc: unknown, rng: Rng): void {
  const ps = places(doc);
  const n = 1 + rng.int(3);
  for (let m = 0; m < n && ps.length > 0; m++) {
    const [obj, key] = ps[rng.int(ps.length)];
    const o = obj as Record<string | number, unknown>;
    switch (rng.int(5)) {
      case 0:
        if (Array.isArray(obj)) obj.splice(Number(key), 1);
        else delete o[key];
        break;
      case 1:
        o[key] = WEIRD[rng.int(WEIRD.length)];
        break;
      case 2:
        if (Array.isArray(obj)) obj.push(structuredClone(obj[Number(key)]));
        else o[`${String(key)}2`] = structuredClone(o[key]);
        break;
      case 3:
        if (typeof o[key] === 'number') o[key] = (o[key] as number) * (rng.next() < 0.5 ? -1 : 1e300);
        else o[key] = WEIRD[rng.int(WEIRD.length)];
        break;
      default:
        if (!Array.isArray(obj))
          Object.defineProperty(o, '__proto__', {
            value: { injected: true },
            enumerable: true,
            writable: true,
          });
        else obj.reverse();
    }
  }
}

function mutateText(text: string, rng: Rng): string {
  const r = rng.int(4);
  if (r === 0) return text.slice(0, rng.int(text.length));
  if (r === 1) return `${text}${'}'.repeat(rng.int(3))}`;
  if (r === 2) return text.replace(/"/, '');
  return text;
}

function mutateBin(bin: ArrayBuffer, rng: Rng): ArrayBuffer | Record<string, never> {
  const r = rng.int(6);
  if (r === 0) return bin.slice(0, rng.int(bin.byteLength));
  if (r === 1) {
    const b = new Uint8Array(bin.byteLength + 4 * (1 + rng.int(8)));
    b.set(new Uint8Array(bin));
    return b.buffer;
  }
  const out = bin.slice(0);
  const bytes = new Uint8Array(out);
  if (r === 2) bytes[rng.int(bytes.length)] ^= 1 << rng.int(8);
  if (r === 3) new Float32Array(out)[rng.int(out.byteLength / 4)] = rng.next() < 0.5 ? Number.NaN : Infinity;
  return out;
}

/** A file name and a field: '<kind> file '<name>': <field path or problem>'. */
const NAMES_FILE_AND_FIELD =
  /^learned-optimizer file 'fuzz-\d+\.json': (not valid JSON|not a learned-optimizer file|must be a JSON object|missing [a-zA-Z ]+|unexpected weight|missing weight|header\.[\w.]+|weights(Manifest)?(\[\d+\])?[\w.[\]]*: |weight '[^']+': |weight data )/;

describe('fuzzing', () => {
  const bases: { json: string; bin: ArrayBuffer }[] = [];
  beforeAll(async () => {
    await tf.setBackend('cpu');
    for (const k of LEARNED_KINDS) {
      const opt = initLearned(DEFAULT_ARCHITECTURES[k], 5);
      const art = await toArtifacts(opt, makeHeader(opt, { metaIterations: 3, finalMetaLoss: 0.5 }));
      opt.dispose();
      const bin = art.weightData as ArrayBuffer;
      const j = toModelJson(art, 'w.bin') as unknown as { modelTopology: Record<string, unknown> };
      if (bases.length % 2 === 1)
        j.modelTopology.weightsCrc32 = weightsDigest(art.weightSpecs as io.WeightsManifestEntry[], bin);
      bases.push({ json: JSON.stringify(j), bin });
    }
  });

  it(`${N} generated weight files: no crash, no leak, every rejection names the file and field`, async () => {
    const rng = makeRng(16);
    const before = tf.memory().numTensors;
    const outcomes = { loaded: 0, rejected: 0 };
    const unexpected: string[] = [];
    for (let i = 0; i < N; i++) {
      const base = bases[i % bases.length];
      const doc = JSON.parse(base.json) as unknown;
      const what = rng.int(3);
      if (what !== 1) mutateJson(doc, rng);
      let text = JSON.stringify(doc) ?? 'undefined';
      if (rng.int(8) === 0) text = mutateText(text, rng);
      const bin = what !== 0 ? mutateBin(base.bin, rng) : base.bin;
      const where = `fuzz-${i}.json`;
      try {
        const art = await artifactsFromModelJson(
          text,
          async (p) => {
            if (p !== 'w.bin' && p !== './w.bin') throw new Error(`weights file '${p}': no such file`);
            return bin as ArrayBuffer;
          },
          where,
        );
        const { opt } = learnedFromArtifacts(art, where);
        opt.dispose();
        outcomes.loaded++;
      } catch (e) {
        outcomes.rejected++;
        const msg = e instanceof Error ? e.message : String(e);
        const ok =
          e instanceof Error &&
          ((e.name === 'LearnedFileError' && NAMES_FILE_AND_FIELD.test(msg)) ||
            /^weights file '[^']*': no such file$/.test(msg)); // a manifest naming another (plain) file
        if (!ok) unexpected.push(`#${i} ${e instanceof Error ? e.name : typeof e}: ${msg.slice(0, 200)}`);
      }
    }
    expect(unexpected).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
    expect(outcomes.rejected).toBeGreaterThan(N / 2);
    expect(outcomes.loaded).toBeGreaterThan(0); // untouched structure with benign data still loads
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it(`${N} generated export documents: no crash, every rejection names the field`, () => {
    const rng = makeRng(61);
    const spec = defaultSpec();
    const base = exportDocumentJson({
      spec,
      backend: 'wasm',
      appVersion: '0.1.0',
      runs: spec.optimizers.map((o, r) => ({
        label: o.id,
        losses: Float32Array.from({ length: 6 }, (_, k) => 10 / (k + 1 + r)),
        probes: { updateNorm: { width: 1, values: Float32Array.from({ length: 5 }, (_, k) => 0.1 * k) } },
      })),
    });
    expect(parseExportDocument(base).ok).toBe(true);
    const unexpected: string[] = [];
    let rejected = 0;
    for (let i = 0; i < N; i++) {
      const doc = JSON.parse(base) as unknown;
      mutateJson(doc, rng);
      let text = JSON.stringify(doc) ?? 'undefined';
      if (rng.int(6) === 0) text = mutateText(text, rng);
      let r: ReturnType<typeof parseExportDocument>;
      try {
        r = parseExportDocument(text);
      } catch (e) {
        unexpected.push(`#${i} threw ${String(e).slice(0, 200)}`);
        continue;
      }
      if (r.ok) continue;
      rejected++;
      for (const line of r.errors) {
        // A field path (file, kind, version, spec.…, runs[2].losses[4], …) or the summary line.
        const field = /^[A-Za-z_$][\w$]*(\[\d+\]|\.[^\s:]+)*: \S/;
        if (!field.test(line) && !/^… and \d+ more/.test(line))
          unexpected.push(`#${i} ${line.slice(0, 200)}`);
      }
    }
    expect(unexpected).toEqual([]);
    expect(rejected).toBeGreaterThan(N / 3);
    expect(({} as Record<string, unknown>).injected).toBeUndefined();
  });
});
