/**
 * Pick and activate a tfjs backend. "auto": WebGPU on a real GPU, wasm when the only WebGPU
 * adapter is a software one (or there is none); then fall back webgpu → webgl → wasm → cpu
 * whenever one fails. tf.setBackend resolves false on failure: every result is checked.
 * The caller imports the backend packages (and sets wasm paths) before calling this.
 */
import * as tf from '@tensorflow/tfjs-core';
import { inspectWebGpuAdapter } from './adapter';
import { BACKEND_ORDER, type BackendInfo, type BackendName } from './types';

export type BackendChoice = 'auto' | BackendName;

/** Try one backend; returns null on success or the reason it failed. */
export async function trySetBackend(name: BackendName): Promise<string | null> {
  try {
    if (tf.findBackendFactory(name) === null) return `tfjs backend '${name}' is not registered`;
    const ok = await tf.setBackend(name);
    if (!ok || tf.getBackend() !== name) return `tf.setBackend('${name}') returned false`;
    await tf.ready();
    // A tiny op proves the backend really runs kernels.
    const t = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2))); // the scalars freed too
    const v = (await t.data())[0];
    t.dispose();
    if (v !== 3) return `'${name}' computed 1 + 2 = ${v}`;
    return null;
  } catch (e) {
    return `'${name}' failed: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Activate the preferred backend, falling back in order; throws only if none works. */
export async function selectBackend(pref: BackendChoice): Promise<BackendInfo> {
  const rejected: BackendInfo['rejected'] = [];
  let order: BackendName[];
  let reason: string;
  let adapter: string | undefined;
  if (pref === 'auto') {
    const rep = await inspectWebGpuAdapter();
    adapter = rep.available ? rep.description : undefined;
    if (rep.available && !rep.software) {
      order = [...BACKEND_ORDER];
      reason = `auto: hardware WebGPU adapter (${rep.description})`;
    } else {
      const why = rep.available
        ? `WebGPU adapter is software (${rep.description}), slower than wasm`
        : rep.why;
      rejected.push({ name: 'webgpu', why: why ?? 'unavailable' });
      order = ['wasm', 'webgl', 'cpu'];
      reason = `auto: ${why}`;
    }
  } else {
    order = [pref, ...BACKEND_ORDER.filter((b) => b !== pref)];
    reason = `forced by the backend setting`;
    if (pref === 'webgpu') {
      const rep = await inspectWebGpuAdapter();
      adapter = rep.available ? rep.description : undefined;
    }
  }
  for (const name of order) {
    const err = await trySetBackend(name);
    if (err === null) {
      const fell = rejected.filter((r) => r.name !== 'webgpu' || pref !== 'auto').length > 0;
      return {
        name,
        reason: fell ? `${reason}; fell back to ${name}` : reason,
        rejected,
        adapter,
      };
    }
    rejected.push({ name, why: err });
  }
  throw new Error(`no tfjs backend works here: ${rejected.map((r) => `${r.name}: ${r.why}`).join('; ')}`);
}

/** After a backend failed mid-run: switch to the next one that works. */
export async function fallBackFrom(failed: BackendName, why: string): Promise<BackendInfo> {
  const rejected: BackendInfo['rejected'] = [{ name: failed, why }];
  for (const name of BACKEND_ORDER.slice(BACKEND_ORDER.indexOf(failed) + 1)) {
    const err = await trySetBackend(name);
    if (err === null) return { name, reason: `${failed} failed (${why}); fell back to ${name}`, rejected };
    rejected.push({ name, why: err });
  }
  throw new Error(`no backend left after ${failed} failed: ${why}`);
}
