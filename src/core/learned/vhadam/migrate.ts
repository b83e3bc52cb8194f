/**
 * Explicit migration of VHAdam weights to a VarBlock that also reads |x| (varInputs 'h+x',
 * index.ts; docs/algorithms.md §4.2): every existing tensor is copied unchanged and the new
 * var/kernelX [2, 1] is drawn from its initialiser (truncated normal σ = 0.1, the FC layers'
 * init) with `seed`. The mean μ is unchanged; log σ² gains |x|·w_x. Files without the field
 * keep loading as 'h' (nothing is migrated implicitly).
 */
import * as tf from '@tensorflow/tfjs-core';
import { makeRng } from '../../experiment/rng';
import { learnedFromTensors } from '../factory';
import type { VhAdamOptimizer } from './index';
import { type VhAdamArchitecture, vhAdamWeightDefs } from './meta';

export function withVarInputsX(opt: VhAdamOptimizer, seed: number): VhAdamOptimizer {
  const a = opt.architecture as VhAdamArchitecture;
  if (a.kind !== 'vhadam') throw new Error(`withVarInputsX: not a vhadam optimizer (${a.kind})`);
  if (a.varInputs === 'h+x') throw new Error("withVarInputsX: the VarBlock already reads 'h+x'");
  const next: VhAdamArchitecture = { ...a, varInputs: 'h+x' };
  const def = vhAdamWeightDefs(next).find((d) => d.name === 'var/kernelX');
  if (!def) throw new Error('withVarInputsX: no var/kernelX weight definition');
  const kX = tf.tensor(def.init(makeRng(seed).fork('var/kernelX')), def.shape);
  try {
    return learnedFromTensors(next, { ...opt.weights.named(), 'var/kernelX': kX }) as VhAdamOptimizer;
  } finally {
    kX.dispose();
  }
}
