/**
 * The PPO trainer's resumable state (saved beside the policy as <out>.state.json): everything
 * besides the policy weights that the next iteration depends on — the counters, the input
 * normaliser in float64 (the weights file keeps it in float32), and the host Adam's step count
 * and moments (hostAdam.ts). Episodes are functions of (seed, episode index) (rollout.ts), so
 * the counters are the RNG state. JSON numbers round-trip float64 exactly.
 */
import type { NormStats } from '../../learned/lhopt/normalizer';
import type { AdamState } from '../parallel/adam';

export const PPO_STATE_FORMAT = 'lhopt-ppo-state';

export interface PpoState {
  iteration: number;
  episodes: number;
  seed: number;
  norm: NormStats;
  adam: AdamState;
}

export function ppoStateToJson(s: PpoState): string {
  return `${JSON.stringify({
    format: PPO_STATE_FORMAT,
    version: 1,
    ...s,
    adam: { t: s.adam.t, m: s.adam.m.map((a) => Array.from(a)), v: s.adam.v.map((a) => Array.from(a)) },
  })}\n`;
}

/** Parse a saved state; throws naming the problem. */
export function ppoStateFromJson(text: string, where: string): PpoState {
  const bad = (what: string) => new Error(`ppo state '${where}': ${what}`);
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text);
  } catch {
    throw bad('not JSON');
  }
  if (o.format !== PPO_STATE_FORMAT || o.version !== 1) throw bad(`not a ${PPO_STATE_FORMAT} v1 file`);
  for (const k of ['iteration', 'episodes', 'seed'] as const)
    if (!Number.isInteger(o[k]) || (o[k] as number) < 0) throw bad(`${k} must be an integer ≥ 0`);
  const n = o.norm as NormStats | undefined;
  if (!n || !Array.isArray(n.mean) || !Array.isArray(n.sq) || typeof n.count !== 'number')
    throw bad('norm: missing');
  const a = o.adam as { t: number; m: number[][]; v: number[][] } | undefined;
  if (!a || !Number.isInteger(a.t) || !Array.isArray(a.m) || !Array.isArray(a.v)) throw bad('adam: missing');
  return {
    iteration: o.iteration as number,
    episodes: o.episodes as number,
    seed: o.seed as number,
    norm: { mean: n.mean, sq: n.sq, count: n.count },
    adam: { t: a.t, m: a.m.map((x) => Float64Array.from(x)), v: a.v.map((x) => Float64Array.from(x)) },
  };
}
