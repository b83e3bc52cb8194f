/**
 * The Meta-train session's weights in this browser's IndexedDB (tf.io 'indexeddb://learned-<name>',
 * the names learned/registry.ts resolves as local:<name>): save, list, remove; the weights on
 * offer (the trainer's or the imported ones) as tfjs artifacts.
 */
import type { io } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type LearnedHeader, makeHeader, toArtifacts, toModelJson } from '../learned/artifacts';
import { LOCAL_PREFIX } from '../learned/registry';
import type { LearnedOptimizer } from '../learned/types';
import type { OuterTrainer } from './outer';
import type { SavedInfo } from './protocol';
import type { Recipe } from './trainers/catalog';

/** The weights on offer as tfjs artifacts: the trainer's (with its header), else the imported ones. */
export async function artifactsOnOffer(
  tr: OuterTrainer<Recipe> | null,
  imported: { opt: LearnedOptimizer; header: LearnedHeader } | null,
  elapsed: number,
): Promise<io.ModelArtifacts> {
  if (tr) {
    const header = makeHeader(tr.opt, {
      recipe: tr.recipe,
      metaIterations: tr.iteration,
      finalMetaLoss: tr.lastMetaLoss,
      notes: { backend: tf.getBackend(), seconds: Math.round(elapsed) },
    });
    return toArtifacts(tr.opt, header);
  }
  if (imported) return toArtifacts(imported.opt, imported.header);
  throw new Error('nothing to save yet: start meta-training or import weights first');
}

export function infoOf(name: string, h: LearnedHeader): SavedInfo {
  return { name, kind: h.kind, metaIterations: h.metaIterations, finalMetaLoss: h.finalMetaLoss };
}

export async function saveLocalWeights(name: string, art: io.ModelArtifacts): Promise<SavedInfo> {
  const handlers = tf.io.getSaveHandlers(`${LOCAL_PREFIX}${name}`);
  if (handlers.length === 0 || !handlers[0].save) throw new Error('IndexedDB is not available here');
  await handlers[0].save(art);
  return infoOf(name, art.modelTopology as unknown as LearnedHeader);
}

export async function listLocalWeights(): Promise<SavedInfo[]> {
  const all = await tf.io.listModels();
  const out: SavedInfo[] = [];
  for (const url of Object.keys(all)) {
    if (!url.startsWith(LOCAL_PREFIX)) continue;
    const name = url.slice(LOCAL_PREFIX.length);
    const handlers = tf.io.getLoadHandlers(url);
    try {
      const art = await handlers[0].load!();
      out.push(infoOf(name, art.modelTopology as unknown as LearnedHeader));
    } catch {
      out.push({ name, kind: '?', metaIterations: 0, finalMetaLoss: null });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export async function removeLocalWeights(name: string): Promise<void> {
  await tf.io.removeModel(`${LOCAL_PREFIX}${name}`);
}

/** The weights as the two tfjs files (model.json text naming `<name>.bin`, and its bytes). */
export function exportWeights(name: string, art: io.ModelArtifacts): { json: string; bin: ArrayBuffer } {
  return {
    json: JSON.stringify(toModelJson(art, `${name}.bin`), null, 1),
    bin: art.weightData as ArrayBuffer,
  };
}
