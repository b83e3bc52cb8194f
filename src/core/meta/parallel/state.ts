/**
 * The data-parallel trainer's resumable state (saved beside the weights as <out>.state.json):
 * everything besides φ that the next meta-iteration depends on. Checkpoints are taken only at
 * run boundaries, where every worker starts a fresh run; a run's randomness is a function of
 * (seed, run index) (gradWorker.ts), so the run counter IS the RNG state and nothing of the
 * optimizee (θ, optimizer state) needs saving. With the meta-Adam moments saved exactly
 * (adam.ts), a resumed run continues bit-identically on a deterministic backend (cpu).
 */
import type { AdamState } from './adam';

export const STATE_FORMAT = 'meta-train-state';
export const STATE_VERSION = 1;

export interface TrainerState {
  /** Meta-iterations (meta-updates) done. */
  iteration: number;
  /** Workers' runs started so far: the next run is `run` (global index run·K + w). */
  run: number;
  workers: number;
  seed: number;
  skipped: number;
  unrolls: number;
  lastMetaLoss: number | null;
  adam: AdamState;
}

/**
 * The same state continued with K workers instead of `st.workers` (`meta-train --change-workers`):
 * φ's meta-Adam moments, counters and skips carry on; the run counter moves to the first run
 * whose global indices run·K + w are all past every problem already drawn (old run·K_old), so
 * no problem repeats. Deterministic, but bit-identical to neither an all-K_old nor an all-K run.
 */
export function regroup(st: TrainerState, workers: number): TrainerState {
  return { ...st, workers, run: Math.ceil((st.run * st.workers) / workers) };
}

/** Base64 of the array's bytes (btoa/atob: in browsers and Node alike). */
function b64(a: Float64Array): string {
  const u = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let s = '';
  for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode(...u.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromB64(s: string): Float64Array {
  const bin = atob(s);
  const u = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) u[i] = bin.charCodeAt(i);
  return new Float64Array(u.buffer);
}

export function stateToJson(s: TrainerState): string {
  return `${JSON.stringify({
    format: STATE_FORMAT,
    version: STATE_VERSION,
    ...s,
    adam: { t: s.adam.t, m: s.adam.m.map(b64), v: s.adam.v.map(b64) },
  })}\n`;
}

/** Parse and check a saved state against the φ tensor sizes; throws naming the problem. */
export function stateFromJson(text: string, sizes: number[], where: string): TrainerState {
  const bad = (what: string) => new Error(`trainer state '${where}': ${what}`);
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text);
  } catch {
    throw bad('not JSON');
  }
  if (o.format !== STATE_FORMAT || o.version !== STATE_VERSION)
    throw bad(`not a ${STATE_FORMAT} v${STATE_VERSION} file`);
  for (const k of ['iteration', 'run', 'workers', 'seed', 'skipped', 'unrolls'] as const)
    if (!Number.isInteger(o[k]) || (o[k] as number) < 0) throw bad(`${k} must be an integer ≥ 0`);
  const a = o.adam as { t: number; m: string[]; v: string[] } | undefined;
  if (!a || !Number.isInteger(a.t) || !Array.isArray(a.m) || !Array.isArray(a.v)) throw bad('adam: missing');
  const m = a.m.map(fromB64);
  const v = a.v.map(fromB64);
  if (
    m.length !== sizes.length ||
    v.length !== sizes.length ||
    sizes.some((n, i) => m[i].length !== n || v[i].length !== n)
  )
    throw bad('adam moments do not match the weights');
  return {
    iteration: o.iteration as number,
    run: o.run as number,
    workers: o.workers as number,
    seed: o.seed as number,
    skipped: o.skipped as number,
    unrolls: o.unrolls as number,
    lastMetaLoss: typeof o.lastMetaLoss === 'number' ? o.lastMetaLoss : null,
    adam: { t: a.t, m, v },
  };
}
