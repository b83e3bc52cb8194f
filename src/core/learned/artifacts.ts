/**
 * Save / load learned optimizers in tfjs's weight format: tf.io ModelArtifacts whose
 * `weightSpecs` + `weightData` come from tf.io.encodeWeights, with a JSON header in
 * `modelTopology`:
 *   { kind, version, architecture, recipe, metaIterations, finalMetaLoss, paramCount, … }
 * On disk (public/pretrained/, `downloads://` exports) it is the usual tfjs pair:
 *   <name>.json  { format: 'learned-optimizer', generatedBy, modelTopology: header,
 *                  weightsManifest: [{ paths: ['<name>.bin'], weights: specs }] }
 *   <name>.bin   little-endian float32 weights in spec order
 * Loading validates everything (format, kind, version, architecture, every weight's name,
 * shape and dtype, the byte size, finiteness) and throws LearnedFileError naming the problem.
 */
import type { io, NamedTensorMap, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { migrateRecipe, parseRecipe } from '../meta/recipe';
import type { Recipe } from '../meta/trainers/catalog';
import { type Architecture, countOf, sizeOf } from './descriptor';
import { learnedFromTensors } from './factory';
import { learnedKindOf } from './kindRegistry';
import { LEARNED_KIND_IDS } from './kinds';
import type { LearnedOptimizer } from './types';
import { assertManifest, assertWeightSet } from './verifyWeights';

type LearnedId = string;

export const ARTIFACT_FORMAT = 'learned-optimizer';
export const ARTIFACT_VERSION = 1;

export interface LearnedHeader {
  kind: LearnedId;
  version: typeof ARTIFACT_VERSION;
  architecture: Architecture;
  /** How the weights were trained (null for untrained φ₀). */
  recipe: Recipe | null;
  metaIterations: number;
  finalMetaLoss: number | null;
  paramCount: number;
  /** Free-form provenance (backend, seconds, command…). */
  notes?: Record<string, string | number>;
}

export class LearnedFileError extends Error {
  constructor(where: string, problem: string) {
    super(`learned-optimizer file${where ? ` '${where}'` : ''}: ${problem}`);
    this.name = 'LearnedFileError';
  }
}

export function makeHeader(
  opt: LearnedOptimizer,
  info: {
    recipe?: Recipe | null;
    metaIterations?: number;
    finalMetaLoss?: number | null;
    notes?: LearnedHeader['notes'];
  },
): LearnedHeader {
  return {
    kind: opt.kind,
    version: ARTIFACT_VERSION,
    architecture: opt.architecture,
    recipe: info.recipe ?? null,
    metaIterations: info.metaIterations ?? 0,
    finalMetaLoss: info.finalMetaLoss ?? null,
    paramCount: opt.weights.count(),
    ...(info.notes ? { notes: info.notes } : {}),
  };
}

/** φ and its header as tf.io ModelArtifacts (for indexeddb://, downloads://, files). */
export async function toArtifacts(opt: LearnedOptimizer, header: LearnedHeader): Promise<io.ModelArtifacts> {
  const { data, specs } = await tf.io.encodeWeights(opt.weights.named());
  return {
    format: ARTIFACT_FORMAT,
    generatedBy: 'optimizer-playground',
    modelTopology: header as unknown as object,
    weightSpecs: specs,
    weightData: data,
  };
}

function parseHeader(raw: unknown, where: string): LearnedHeader {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new LearnedFileError(where, 'missing header (modelTopology must be an object)');
  }
  const h = raw as Record<string, unknown>;
  if (typeof h.kind !== 'string' || !LEARNED_KIND_IDS.includes(h.kind)) {
    throw new LearnedFileError(
      where,
      `header.kind: must be one of ${LEARNED_KIND_IDS.join(', ')}; got ${JSON.stringify(h.kind)}`,
    );
  }
  const kind = learnedKindOf(h.kind);
  if (h.version !== ARTIFACT_VERSION) {
    throw new LearnedFileError(
      where,
      `header.version: unsupported ${JSON.stringify(h.version)}; this app reads ${ARTIFACT_VERSION}`,
    );
  }
  const archKind = (h.architecture as { kind?: unknown } | null)?.kind;
  if (typeof archKind === 'string' && archKind !== h.kind && LEARNED_KIND_IDS.includes(archKind)) {
    throw new LearnedFileError(
      where,
      `header.architecture.kind '${archKind}' differs from header.kind '${h.kind}'`,
    );
  }
  const arch = kind.architectureSchema.safeParse(h.architecture);
  if (!arch.success) {
    const i = arch.error.issues[0];
    throw new LearnedFileError(where, `header.architecture.${i.path.join('.')}: ${i.message}`);
  }
  const expectedCount = countOf(kind.weightDefs(arch.data));
  if (h.paramCount !== expectedCount) {
    throw new LearnedFileError(
      where,
      `header.paramCount: ${JSON.stringify(h.paramCount)}, but the architecture has ${expectedCount}`,
    );
  }
  let recipe: Recipe | null = null;
  if (h.recipe !== null && h.recipe !== undefined) {
    // Recipes saved before outer trainers existed have no `trainer` (they are BPTT).
    const r = parseRecipe(migrateRecipe(h.recipe));
    if (!r.ok) throw new LearnedFileError(where, `header.${r.errors[0]}`);
    recipe = r.value;
  }
  const it = h.metaIterations;
  if (typeof it !== 'number' || !Number.isInteger(it) || it < 0) {
    throw new LearnedFileError(
      where,
      `header.metaIterations: must be an integer ≥ 0; got ${JSON.stringify(it)}`,
    );
  }
  const fl = h.finalMetaLoss;
  if (fl !== null && typeof fl !== 'number') {
    throw new LearnedFileError(
      where,
      `header.finalMetaLoss: must be a number or null; got ${JSON.stringify(fl)}`,
    );
  }
  return {
    kind: h.kind,
    version: ARTIFACT_VERSION,
    architecture: arch.data as Architecture,
    recipe,
    metaIterations: it,
    finalMetaLoss: fl as number | null,
    paramCount: expectedCount,
    ...(typeof h.notes === 'object' && h.notes !== null ? { notes: h.notes as LearnedHeader['notes'] } : {}),
  };
}

function joinWeightData(data: io.WeightData): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  if (Array.isArray(data)) return tf.io.CompositeArrayBuffer.join(data);
  throw new Error('weightData must be an ArrayBuffer');
}

/** Validate artifacts; returns the header and the decoded weights (caller disposes them). */
export function decodeArtifacts(
  art: io.ModelArtifacts,
  where = '',
  expectKind?: LearnedId,
): { header: LearnedHeader; named: NamedTensorMap } {
  if (art.format !== ARTIFACT_FORMAT) {
    throw new LearnedFileError(
      where,
      `not a learned-optimizer file (format ${JSON.stringify(art.format)}, expected '${ARTIFACT_FORMAT}')`,
    );
  }
  const header = parseHeader(art.modelTopology, where);
  assertWeightSet(art, header, (p) => new LearnedFileError(where, p)); // verifyWeights.ts
  if (expectKind && header.kind !== expectKind) {
    throw new LearnedFileError(where, `holds '${header.kind}' weights, not '${expectKind}'`);
  }
  const defs = learnedKindOf(header.kind).weightDefs(header.architecture);
  const specs = art.weightSpecs;
  if (!Array.isArray(specs)) throw new LearnedFileError(where, 'missing weight specs');
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const s of specs) {
    if (!defs.some((d) => d.name === s.name)) {
      throw new LearnedFileError(
        where,
        `unexpected weight '${s.name}'; expected ${defs.map((d) => d.name).join(', ')}`,
      );
    }
  }
  for (const d of defs) {
    const s = byName.get(d.name);
    if (!s) throw new LearnedFileError(where, `missing weight '${d.name}'`);
    if (s.dtype !== 'float32')
      throw new LearnedFileError(where, `weight '${d.name}': dtype ${s.dtype}, expected float32`);
    if (s.quantization)
      throw new LearnedFileError(where, `weight '${d.name}': quantized weights are not supported`);
    if (s.shape.length !== d.shape.length || s.shape.some((v, i) => v !== d.shape[i])) {
      throw new LearnedFileError(where, `weight '${d.name}': shape [${s.shape}], expected [${d.shape}]`);
    }
  }
  if (art.weightData === undefined) throw new LearnedFileError(where, 'missing weight data');
  const buf = joinWeightData(art.weightData);
  const expectedBytes = specs.reduce((n, s) => n + sizeOf(s.shape) * 4, 0);
  if (buf.byteLength !== expectedBytes) {
    throw new LearnedFileError(
      where,
      `weight data is ${buf.byteLength} bytes, expected ${expectedBytes} (truncated or corrupt)`,
    );
  }
  const values = new Float32Array(buf);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]))
      throw new LearnedFileError(where, `weight data holds a non-finite value at float ${i}`);
  }
  return { header, named: tf.io.decodeWeights(buf, specs) };
}

/** Build the learned optimizer from validated artifacts. */
export function learnedFromArtifacts(
  art: io.ModelArtifacts,
  where = '',
  expectKind?: LearnedId,
): { opt: LearnedOptimizer; header: LearnedHeader } {
  const { header, named } = decodeArtifacts(art, where, expectKind);
  try {
    return { opt: learnedFromTensors(header.architecture, named), header };
  } finally {
    tf.dispose(Object.values(named) as Tensor[]);
  }
}

// ---------------------------------------------------------------------------------------------
// The two-file form (tfjs model.json + .bin).

export interface LearnedModelJson {
  format: typeof ARTIFACT_FORMAT;
  generatedBy: string;
  modelTopology: LearnedHeader;
  weightsManifest: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
}

export function toModelJson(art: io.ModelArtifacts, binPath: string): LearnedModelJson {
  return {
    format: ARTIFACT_FORMAT,
    generatedBy: art.generatedBy ?? 'optimizer-playground',
    modelTopology: art.modelTopology as unknown as LearnedHeader,
    weightsManifest: [{ paths: [binPath], weights: art.weightSpecs ?? [] }],
  };
}

/** Parse model.json text and fetch its weight file(s) with `readBin` (path relative to the json). */
export async function artifactsFromModelJson(
  text: string,
  readBin: (path: string) => Promise<ArrayBuffer>,
  where = '',
): Promise<io.ModelArtifacts> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new LearnedFileError(where, `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof json !== 'object' || json === null) throw new LearnedFileError(where, 'must be a JSON object');
  const j = json as Partial<LearnedModelJson>;
  if (j.format !== ARTIFACT_FORMAT) {
    throw new LearnedFileError(
      where,
      `not a learned-optimizer file (format ${JSON.stringify(j.format)}, expected '${ARTIFACT_FORMAT}')`,
    );
  }
  const manifest = j.weightsManifest;
  assertManifest(manifest, (p) => new LearnedFileError(where, p)); // verifyWeights.ts
  if (!Array.isArray(manifest) || manifest.length === 0)
    throw new LearnedFileError(where, 'missing weightsManifest');
  const specs: io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of manifest) {
    if (!Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw new LearnedFileError(where, 'weightsManifest entries need paths and weights');
    }
    specs.push(...group.weights);
    for (const p of group.paths) buffers.push(await readBin(p));
  }
  return {
    format: j.format,
    generatedBy: j.generatedBy,
    modelTopology: j.modelTopology as unknown as object,
    weightSpecs: specs,
    weightData: buffers.length === 1 ? buffers[0] : tf.io.CompositeArrayBuffer.join(buffers),
  };
}
