/**
 * Weight-definition builders the learned kinds share (pure: no tfjs, so a kind's meta.ts can
 * list its meta-parameters and the catalog can count them). Initialisers: docs/algorithms.md
 * §2.2 (DM: truncated normal σ = 1/√fan_in), §3.1 and §4.1 (FC σ = 0.1 truncated normal, LSTM
 * and AdamCell kernels Glorot-uniform), biases 0. Kernels use the lstm.ts gate layout.
 */
import type { WeightDef } from './descriptor';
import { glorotUniform, truncatedNormal } from './init';

export const FC_STD = 0.1;

/** Added to every LSTM's forget-gate pre-activation (TF/Sonnet; lstm.ts). */
export const FORGET_BIAS = 1;

export const zerosInit = (n: number) => () => new Float32Array(n);

/** An LSTM layer inp → hidden with the given kernel initialiser and zero bias. */
export function lstmDefs(
  prefix: string,
  inp: number,
  hidden: number,
  kernelInit: WeightDef['init'],
): WeightDef[] {
  return [
    { name: `${prefix}/kernel`, shape: [inp + hidden, 4 * hidden], init: kernelInit },
    { name: `${prefix}/bias`, shape: [4 * hidden], init: zerosInit(4 * hidden) },
  ];
}

/** One LSTM layer with Glorot-uniform kernel and zero bias. */
export function lstmLayerDefs(prefix: string, inp: number, hidden: number): WeightDef[] {
  return lstmDefs(prefix, inp, hidden, (rng) => glorotUniform(rng, inp + hidden, 4 * hidden));
}

/** Weights of an FC layer: truncated-normal σ = 0.1 kernel, zero bias. */
export function fcDefs(prefix: string, inp: number, out: number): WeightDef[] {
  return [
    { name: `${prefix}/kernel`, shape: [inp, out], init: (rng) => truncatedNormal(rng, inp * out, FC_STD) },
    { name: `${prefix}/bias`, shape: [out], init: zerosInit(out) },
  ];
}

/** AdamCell (Glorot-uniform 2J×2J, zero bias) then WeightCell (FC H→J) (HyperAdam, §4.1). */
export function adamAndWeightCellDefs(hidden: number, j: number): WeightDef[] {
  return [
    { name: 'adam/kernel', shape: [2 * j, 2 * j], init: (rng) => glorotUniform(rng, 2 * j, 2 * j) },
    { name: 'adam/bias', shape: [2 * j], init: zerosInit(2 * j) },
    ...fcDefs('weight', hidden, j),
  ];
}
