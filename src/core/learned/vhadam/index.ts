/**
 * Variational HyperAdam (Wang, Yang, Sun, Xu, TPAMI 2022; docs/algorithms.md §4.2; PyTorch code
 * `HyperAdamVar`), coordinatewise over all N coordinates at once:
 *   preprocessing   m ← 0.95m + 0.05g,  v ← 0.95v + 0.05g²,  m̂ = m/(1−0.95^t), v̂ = v/(1−0.95^t)
 *                   x = [g, m̂]/(√v̂ + 1e-8)                   (RNNprop style, preprocess.ts)
 *                   a = ELU(x·W_in + b_in)                    (FC 2 → H)
 *   LSTM            (h_t, c_t) = LSTM(colNorm(a), colNorm(h_{t−1}), c_{t−1})   (1 layer, H)
 *   mean            AdamCell + WeightCell of HyperAdam:  μ = Σ_j ρ^j M^j   (hyperAdamCells.ts)
 *   VarBlock        log σ² = h_t·w_var + b_var                (FC H → 1, one per coordinate)
 *                   [+ |x|·w_x with architecture.varInputs = 'h+x': |x| = [|g|, |m̂|]/(√v̂ + 1e-8),
 *                    the preprocessing's two inputs as magnitudes (σ² even in g, as μ is odd);
 *                    w_x = var/kernelX [2, 1]. Why: the LSTM reads column-normalised inputs
 *                    (entries ~1/√N), so h is nearly the same on every coordinate (MNIST MLP:
 *                    per-column spread over coordinates ≈ 1% of h's size) and an h-only
 *                    VarBlock cannot make σ² differ between coordinates]
 *   sample          d = μ + exp(½ log σ²)⊙ξ,  ξ ~ N(0, I)     (reparameterisation trick)
 *                   or d = μ with the "use mean" switch: hyperparameter `sample` = 0 (the
 *                   rule's hp, validated in catalog.ts), else the instance's `sampling` flag
 *                   (starts at the architecture's `sample`; meta-training always samples)
 *   update          θ ← θ − α·d,  α = 0.001
 * Meta-parameters (H = J = 20): 60 + 3280 + 1640 + 420 + 21 = 5421 (+ 2 with 'h+x').
 * State per coordinate: m, v (2) + LSTM h, c (2H) + m, v, β̂, γ̂ (4J) = 122 floats.
 * aux for the variational meta-loss (meta/variational.ts): logVar [N, 1], mean μ [N, 1].
 *
 * Noise (docs/algorithms.md §4.2): ξ = tf.randomNormal([N, 1], 0, 1, 'float32', seed), explicit seed:
 *   in a run (the host's StepContext carries the run's seed s and the step t; run/stepRun.ts)
 *     seed = mix(mix(noiseSeed, s), t)  — a function of the run and the step only, so a run
 *     replays bit for bit on the shared cached instance (twice, alone or beside other seeds,
 *     resumed from a checkpoint, continued +N);
 *   otherwise (meta-training, hand-driven steps: no ctx.seed)
 *     seed_k = mix(noiseSeed, k),  k = 0, 1, 2, … the instance's draw counter,
 *     so a fresh instance with the same noiseSeed replays the same ξ sequence for the same
 *     calls (resetNoise() rewinds the counter).
 * No RNG state lives on the device.
 * Probes: varQuantiles ([q05, q50, q95] of σ² over coordinates), meanSqQuantiles (the same of μ²,
 * to set σ² against), the HyperAdam cell probes
 * (betaQuantiles, gammaQuantiles, rhoQuantiles, rhoMean), and updateTrace: [μ_i… , d_i…] at
 * the TRACE_COORDS coordinates i = 0, s, 2s, … (s = ⌈N/TRACE_COORDS⌉), first the means, then
 * the applied (sampled) updates, in units of d (before the −α).
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { sampledQuantiles } from '../../optim/probes';
import type { StepContext } from '../../optim/types';
import { adamCell, colNorm, combine, dense, zeroAdamCellState } from '../hyperAdamCells';
import { hyperAdamProbes } from '../hyperadam';
import type { LearnedKind } from '../kind';
import { lstmCell } from '../lstm';
import type { MetaParams } from '../metaParams';
import { relativeGradient } from '../preprocess';
import type { FlatState, LearnedOptimizer } from '../types';
import { type VhAdamArchitecture, vhadamMeta } from './meta';
import { adamCellStateOf, vhAdamState } from './state';

export const TRACE_COORDS = 4;

/** A 32-bit seed from (base, k): two rounds of a splitmix/murmur finaliser. */
export function noiseSeedOf(base: number, k: number): number {
  let z = (Math.imul(base >>> 0, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  return (z ^ (z >>> 16)) >>> 0;
}

export interface VhAdamOptimizer extends LearnedOptimizer {
  /** Sample d = μ + σξ (true) or use μ (false); starts at architecture.sample. */
  sampling: boolean;
  /** Rewind the noise stream (optionally to a new base seed). */
  resetNoise(seed?: number): void;
  /**
   * The seed of the next draw, seed_k = mix(noiseSeed, k), advancing k (the step draws ξ with
   * it; the fused wasm step, kernels/learnedWasm.ts, draws the same ξ from the same stream).
   * Optional: wrappers without it (meta/lean) get no fused wasm step.
   */
  nextNoiseSeed?(): number;
  /**
   * The seed of this step's draw: mix(mix(noiseSeed, ctx.seed), ctx.t) when the host gives the
   * run's seed, else nextNoiseSeed() (see the header). The fused wasm step uses it too.
   */
  noiseSeedFor?(ctx?: Pick<StepContext, 't' | 'seed'>): number;
}

/** The rows 0, s, 2s, … of a column (at most TRACE_COORDS of them). */
function traceRows(x: Tensor): Tensor {
  const n = x.shape[0] as number;
  const s = Math.max(1, Math.ceil(n / TRACE_COORDS));
  return tf.stridedSlice(tf.reshape(x, [n]), [0], [n], [s]);
}

export function createVhAdam(a: VhAdamArchitecture, weights: MetaParams): VhAdamOptimizer {
  const inK = weights.get('in/kernel');
  const inB = weights.get('in/bias');
  const lstm = { kernel: weights.get('lstm0/kernel'), bias: weights.get('lstm0/bias') };
  const adK = weights.get('adam/kernel');
  const adB = weights.get('adam/bias');
  const qK = weights.get('weight/kernel');
  const qB = weights.get('weight/bias');
  const varK = weights.get('var/kernel');
  const varB = weights.get('var/bias');
  const varKX = a.varInputs === 'h+x' ? weights.get('var/kernelX') : null;
  let base = a.noiseSeed;
  let draws = 0;
  const nextNoiseSeed = () => noiseSeedOf(base, draws++);
  const opt: VhAdamOptimizer & { nextNoiseSeed(): number; noiseSeedFor(ctx?: StepContext): number } = {
    kind: 'vhadam',
    nextNoiseSeed,
    noiseSeedFor: (ctx) =>
      ctx?.seed !== undefined ? noiseSeedOf(noiseSeedOf(base, ctx.seed), ctx.t) : nextNoiseSeed(),
    architecture: a,
    weights,
    sampling: a.sample,
    resetNoise(seed) {
      if (seed !== undefined) base = seed >>> 0;
      draws = 0;
    },
    initState(n) {
      const pre = { m: tf.zeros([n, 1]), v: tf.zeros([n, 1]) };
      const lstmState = { h: tf.zeros([n, a.hidden]), c: tf.zeros([n, a.hidden]) };
      return vhAdamState(pre, lstmState, zeroAdamCellState(n, a.candidates));
    },
    step(g, state: FlatState, t, scale, hp, ctx) {
      const rel = relativeGradient(g, state.pm[0], state.pv[0], t, a.beta1, a.beta2, a.eps);
      const inp = tf.elu(dense(rel.x, inK, inB));
      const r = lstmCell(colNorm(inp), colNorm(state.h[0]), state.c[0], lstm);
      const cell = adamCell(g, r.h, adamCellStateOf(state), adK, adB);
      const { rho, d: mu } = combine(r.h, cell.moments, qK, qB);
      const logVarH = dense(r.h, varK, varB);
      const logVar = varKX ? tf.add(logVarH, tf.matMul(tf.abs(rel.x), varKX)) : logVarH;
      const variance = tf.exp(logVar);
      let d = mu;
      if (hp?.sample !== undefined ? hp.sample !== 0 : opt.sampling) {
        const xi = tf.randomNormal(mu.shape, 0, 1, 'float32', opt.noiseSeedFor(ctx));
        d = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, tf.scalar(0.5))), xi));
      }
      return {
        delta: tf.mul(d, tf.scalar(-scale)),
        state: vhAdamState(rel, r, cell),
        aux: { logVar, mean: mu, beta: cell.beta, gamma: cell.gamma, rho },
        probes: {
          varQuantiles: sampledQuantiles([variance]),
          meanSqQuantiles: sampledQuantiles([tf.square(mu)]),
          ...hyperAdamProbes(cell.beta, cell.gamma, rho),
          updateTrace: tf.concat([traceRows(mu), traceRows(d)]),
        },
      };
    },
    dispose: () => weights.dispose(),
  };
  return opt;
}

export const vhadam: LearnedKind<VhAdamArchitecture> = { ...vhadamMeta, build: createVhAdam };
