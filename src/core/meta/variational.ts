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

export function variationalObjective(klWeight = VHADAM_KL_WEIGHT): MetaObjective {
  return {
    id: 'variational',
    term(ctx) {
      const logVar = ctx.aux.logVar;
      if (!logVar)
        throw new Error('variational meta-loss: the learned step returned no aux.logVar (use vhadam)');
      const after = ctx.loss(ctx.next);
      return tf.add(after, tf.mul(tf.scalar(klWeight), gaussianKlToUnitVariance(logVar))) as Scalar;
    },
    reduce: (terms, T) => tf.div(addMany(terms), tf.scalar(T)) as Scalar,
  };
}

export const variational: MetaObjective = variationalObjective();
