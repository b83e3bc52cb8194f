/**
 * The LHOPT policy's shape and weight definitions (pure: the descriptor, meta.ts, reads them;
 * the network is policy.ts). See policy.ts for the math.
 */
import type { Rng } from '../../experiment/rng';
import type { WeightDef } from '../descriptor';
import { HEAD_SIZES, NOOP } from './actions';
import { OBS_SIZE } from './observation';

export interface PolicyShape {
  /** Observation size D. */
  obs: number;
  /** Hidden units H (LSTM and input layer). */
  hidden: number;
  /** Categorical head sizes. */
  heads: number[];
  /** Value-only inputs. */
  valueExtra: number;
  /** Index of each head's no-op (bias +1 at init), or -1. */
  noop: number[];
}

const gauss = (rng: Rng, n: number, std: number) =>
  Float32Array.from({ length: n }, () => std * rng.normal());

export function policyWeightDefs(s: PolicyShape): WeightDef[] {
  const A = s.heads.reduce((a, b) => a + b, 0);
  const H = s.hidden;
  return [
    { name: 'in/kernel', shape: [s.obs, H], init: (r) => gauss(r, s.obs * H, 1 / Math.sqrt(s.obs)) },
    { name: 'in/bias', shape: [H], init: () => new Float32Array(H) },
    { name: 'lstm/kernel', shape: [2 * H, 4 * H], init: (r) => gauss(r, 8 * H * H, 1 / Math.sqrt(2 * H)) },
    { name: 'lstm/bias', shape: [4 * H], init: () => new Float32Array(4 * H) },
    { name: 'heads/kernel', shape: [H, A], init: (r) => gauss(r, H * A, 0.01) },
    {
      name: 'heads/bias',
      shape: [A],
      init: () => {
        const b = new Float32Array(A);
        let off = 0;
        s.heads.forEach((n, i) => {
          if (s.noop[i] >= 0) b[off + s.noop[i]] = 1;
          off += n;
        });
        return b;
      },
    },
    { name: 'value/kernel', shape: [H + s.valueExtra, 1], init: () => new Float32Array(H + s.valueExtra) },
    { name: 'value/bias', shape: [1], init: () => new Float32Array(1) },
    // The input normaliser's statistics (normalizer.ts): saved with the weights, not trained.
    { name: 'norm/mean', shape: [s.obs], init: () => new Float32Array(s.obs) },
    { name: 'norm/sq', shape: [s.obs], init: () => new Float32Array(s.obs) },
    { name: 'norm/count', shape: [1], init: () => new Float32Array(1) },
  ];
}

export const isNormWeight = (name: string) => name.startsWith('norm/');

/** The LHOPT policy's shape for a hidden size (value-only inputs: the 6 initial-value noises). */
export function lhoptPolicyShape(hidden: number): PolicyShape {
  return { obs: OBS_SIZE, hidden, heads: [...HEAD_SIZES], valueExtra: HEAD_SIZES.length, noop: [...NOOP] };
}
