/**
 * Variational HyperAdam's meta-loss (docs/algorithms.md §4.2; PyTorch train_optimizer.py and
 * HyperAdamVar.forward), one term per step s = 0..T−1 of an unroll:
 *   ℓ_s  = f(θ_{s+1}; B_s)                               loss AFTER the sampled update, same batch
 *   KL_s = Σ_i [ −½ log σ²_{s,i} + ½ σ²_{s,i} − ½ ]        = KL(N(μ, σ²) ‖ N(μ, 1)), summed over coords
 *   L    = (1/T)·Σ_s (ℓ_s + 1e-4·KL_s)
 * The prior is centred at the posterior's own mean μ (the authors' active code), so the KL has
 * NO mean term: it only pulls σ² towards 1 and gives μ no gradient. (The trap: a prior N(0, 1)
 * would add ½μ², and the commented-out Adam-centred prior ½(μ − m̂/(√v̂+ε))²; neither is used.)
 * The learned step must return aux.logVar ([N, 1], log σ²), as vhAdam.ts does.
 *
 * 'variational-mean' (this project's default for VHAdam; docs/algorithms.md §4.2, "VarBlock"):
 *   the same with the KL AVERAGED over the N coordinates, KL̄_s = KL_s / N (the authors' code
 *   notes that a mean "can be treated as an adaptive hyperparameter"). Why: summed over the
 *   MNIST MLP's N = 15,930 coordinates, 1e-4·KL's gradient on the VarBlock is 10–100× the
 *   loss's (measured on the shipped weights: var/bias 2e-3–6e-3 vs 5e-5–5e-4), so σ² stays
 *   pinned at 1 (the authors' own checkpoint: VarBlock weights ~2e-4, σ² = 1.000).
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { addMany } from '../addMany';
import { VHADAM_KL_WEIGHT } from '../learned/vhadam/meta';
import type { MetaObjective } from './objectiveTypes';

/** Σ_i [−½ log σ²_i + ½ σ²_i − ½] for log σ² given as a tensor. */
export function gaussianKlToUnitVariance(logVar: Tensor): Scalar {
  const half = tf.scalar(0.5);
  return tf.sum(tf.mul(half, tf.sub(tf.sub(tf.exp(logVar), logVar), tf.scalar(1)))) as Scalar;
}

export function variationalObjective(klWeight = VHADAM_KL_WEIGHT, kl: 'sum' | 'mean' = 'sum'): MetaObjective {
  return {
    id: kl === 'sum' ? 'variational' : 'variational-mean',
    term(ctx) {
      const logVar = ctx.aux.logVar;
      if (!logVar)
        throw new Error('variational meta-loss: the learned step returned no aux.logVar (use vhadam)');
      const after = ctx.loss(ctx.next);
      const w = kl === 'sum' ? klWeight : klWeight / logVar.size;
      return tf.add(after, tf.mul(tf.scalar(w), gaussianKlToUnitVariance(logVar))) as Scalar;
    },
    reduce: (terms, T) => tf.div(addMany(terms), tf.scalar(T)) as Scalar,
  };
}

export const variational: MetaObjective = variationalObjective();
export const variationalMean: MetaObjective = variationalObjective(VHADAM_KL_WEIGHT, 'mean');
