/**
 * LHOPT policy files in the project's learned-optimizer format (tfjs weights + JSON header,
 * as learned/artifacts.ts): <name>.json { format: 'learned-optimizer', generatedBy,
 * modelTopology: header, weightsManifest } + <name>.bin. The header records the kind, the
 * architecture (hidden size), the PPO recipe, the meta-iterations and episodes done and free
 * provenance notes (backend, wall time, hardware, command). Reading validates every weight's
 * name and shape against the architecture. A file from before the held-out loss features
 * (observation size OBS_SIZE_V1) is read with zero input weights and zero normaliser statistics
 * for the new features, so it acts exactly as before (docs/lhopt.md).
 */
import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { sizeOf } from '../descriptor';
import { MetaParams } from '../metaParams';
import type { LhoptArchitecture } from './meta';
import { OBS_SIZE, OBS_SIZE_V1 } from './observation';
import { Policy } from './policy';
import { lhoptPolicyShape, policyWeightDefs } from './policyDefs';

export interface LhoptHeader {
  kind: 'lhopt';
  version: 1;
  architecture: LhoptArchitecture;
  recipe: Record<string, unknown> | null;
  metaIterations: number;
  finalMetaLoss: number | null;
  paramCount: number;
  notes?: Record<string, string | number>;
}

export interface LhoptModelJson {
  format: 'learned-optimizer';
  generatedBy: string;
  modelTopology: LhoptHeader;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

export const lhoptWeightDefs = (a: LhoptArchitecture) => policyWeightDefs(lhoptPolicyShape(a.hidden));

/** The JSON and the weight bytes of a policy (call policy.writeNorm first). */
export async function encodePolicyFile(
  policy: Policy,
  header: Omit<LhoptHeader, 'paramCount'>,
  binName: string,
): Promise<{ json: LhoptModelJson; bin: ArrayBuffer }> {
  const named: NamedTensorMap = policy.weights.named();
  const { data, specs } = await tf.io.encodeWeights(named);
  const paramCount = policy.weights.count();
  return {
    json: {
      format: 'learned-optimizer',
      generatedBy: 'optimizer-playground',
      modelTopology: { ...header, paramCount },
      weightsManifest: [{ paths: [binName], weights: specs }],
    },
    bin: data,
  };
}

/** Zero rows / entries for the observation's held-out loss features (a v1 file; in place). */
function padInputs(named: NamedTensorMap): void {
  const extra = OBS_SIZE - OBS_SIZE_V1;
  const pad = (name: string) => {
    const t = named[name];
    if (!t || t.shape[0] !== OBS_SIZE_V1) return;
    named[name] = tf.tidy(() => tf.concat([t, tf.zeros([extra, ...t.shape.slice(1)])]));
    t.dispose();
  };
  for (const n of ['in/kernel', 'norm/mean', 'norm/sq']) pad(n);
}

/** Validate and decode a policy file (json text + its weight bytes). */
export function decodePolicyFile(
  json: LhoptModelJson,
  bin: ArrayBuffer,
  where: string,
): { policy: Policy; header: LhoptHeader } {
  const fail = (m: string) => new Error(`lhopt file '${where}': ${m}`);
  if (json?.format !== 'learned-optimizer') throw fail(`format must be 'learned-optimizer'`);
  const h = json.modelTopology;
  if (h?.kind !== 'lhopt') throw fail(`kind must be 'lhopt' (got '${String(h?.kind)}')`);
  const a = h.architecture;
  if (!a || !Number.isInteger(a.hidden) || a.hidden < 1 || a.hidden > 1024)
    throw fail('architecture.hidden must be an integer in [1, 1024]');
  const defs = lhoptWeightDefs(a);
  const specs = json.weightsManifest?.[0]?.weights ?? [];
  const expected = defs.reduce((n, d) => n + sizeOf(d.shape), 0) * 4;
  const v1 = expected - (OBS_SIZE - OBS_SIZE_V1) * (a.hidden + 2) * 4;
  if (bin.byteLength !== expected && bin.byteLength !== v1)
    throw fail(`weights are ${bin.byteLength} bytes; expected ${expected}`);
  const named = tf.io.decodeWeights(bin, specs);
  if (bin.byteLength === v1) padInputs(named);
  for (const d of defs) {
    const t = named[d.name];
    if (!t) throw fail(`missing weight '${d.name}'`);
    if (t.shape.join(',') !== d.shape.join(','))
      throw fail(`weight '${d.name}' has shape [${t.shape}]; expected [${d.shape}]`);
    if (!(t.dataSync() as Float32Array).every(Number.isFinite))
      throw fail(`weight '${d.name}' has non-finite values`);
  }
  const policy = new Policy(lhoptPolicyShape(a.hidden), MetaParams.fromTensors(defs, named));
  tf.dispose(Object.values(named));
  return { policy, header: h };
}
