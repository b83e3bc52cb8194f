/**
 * HyperAdam (Wang, Sun, Xu, AAAI 2019; docs/algorithms.md §4.1; paper Alg. 2 + TF code
 * `AdamLstmAdaWeightOptModel`), coordinatewise over all N coordinates at once:
 *   StateCell    ĝ = g/√(‖g‖₂² + 1e-16)            (global L2 norm over ALL coordinates)
 *                a = ELU(ĝ·w_pre + b_pre)            (FC 1 → H)
 *                (s_t, c_t) = LSTM(a, s_{t−1}, c_{t−1})   (1 layer, H units, forget bias +1;
 *                                                    inputs not normalised, as in the TF code)
 *   AdamCell     [β | γ] = σ([m̄_{t−1}, s̄_t]·W_ad + b_ad);  J candidate Adam moments with the
 *                online bias corrections β̂, γ̂; M_t = m̃/√(ṽ + ε')   (hyperAdamCells.ts)
 *   WeightCell   ρ = ELU(s_t·W_q + b_q)
 *   update       d = Σ_j ρ^j M^j,   θ ← θ − α·d,   α = 0.005
 * Scale invariance: ĝ, m̄ and M are all invariant to g ↦ c·g (c > 0), up to the ε's.
 * Meta-parameters (H = J = 20): 40 + 3280 + 1640 + 420 = 5380. Init: FC σ = 0.1 truncated
 * normal, LSTM and AdamCell kernels Glorot-uniform, biases 0.
 * State per coordinate: LSTM h, c (2H) + m, v, β̂, γ̂ (4J) = 120 floats, all zero at start.
 * Probes: betaQuantiles, gammaQuantiles, rhoQuantiles ([q05, q50, q95] over all N·J values)
 * and rhoMean ([J], the mean combination weight of each candidate).
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { sampledQuantiles } from '../../optim/probes';
import { adamCell, COL_NORM_EPS, combine, dense, zeroAdamCellState } from '../hyperAdamCells';
import type { LearnedKind } from '../kind';
import { lstmCell } from '../lstm';
import type { MetaParams } from '../metaParams';
import type { FlatState, LearnedOptimizer } from '../types';
import { type HyperAdamArchitecture, hyperadamMeta } from './meta';

/** The learned cells' probes (shared with VHAdam). */
export function hyperAdamProbes(beta: Tensor, gamma: Tensor, rho: Tensor): Record<string, Tensor> {
  return {
    betaQuantiles: sampledQuantiles([beta]),
    gammaQuantiles: sampledQuantiles([gamma]),
    rhoQuantiles: sampledQuantiles([rho]),
    rhoMean: tf.mean(rho, 0),
  };
}

export function createHyperAdam(a: HyperAdamArchitecture, weights: MetaParams): LearnedOptimizer {
  const preK = weights.get('pre/kernel');
  const preB = weights.get('pre/bias');
  const lstm = { kernel: weights.get('lstm0/kernel'), bias: weights.get('lstm0/bias') };
  const adK = weights.get('adam/kernel');
  const adB = weights.get('adam/bias');
  const qK = weights.get('weight/kernel');
  const qB = weights.get('weight/bias');
  return {
    kind: 'hyperadam',
    architecture: a,
    weights,
    initState(n) {
      const z = zeroAdamCellState(n, a.candidates);
      return {
        h: [tf.zeros([n, a.hidden])],
        c: [tf.zeros([n, a.hidden])],
        m: [z.m],
        v: [z.v],
        bh: [z.bh],
        gh: [z.gh],
      };
    },
    step(g, state: FlatState, _t, scale) {
      const gHat = tf.mul(g, tf.rsqrt(tf.add(tf.sum(tf.square(g)), tf.scalar(COL_NORM_EPS))));
      const inp = tf.elu(dense(gHat, preK, preB));
      const r = lstmCell(inp, state.h[0], state.c[0], lstm);
      const cell = adamCell(
        g,
        r.h,
        { m: state.m[0], v: state.v[0], bh: state.bh[0], gh: state.gh[0] },
        adK,
        adB,
      );
      const { rho, d } = combine(r.h, cell.moments, qK, qB);
      return {
        delta: tf.mul(d, tf.scalar(-scale)),
        state: { h: [r.h], c: [r.c], m: [cell.m], v: [cell.v], bh: [cell.bh], gh: [cell.gh] },
        aux: { beta: cell.beta, gamma: cell.gamma, rho, moments: cell.moments },
        probes: hyperAdamProbes(cell.beta, cell.gamma, rho),
      };
    },
    dispose: () => weights.dispose(),
  };
}

export const hyperadam: LearnedKind<HyperAdamArchitecture> = { ...hyperadamMeta, build: createHyperAdam };
