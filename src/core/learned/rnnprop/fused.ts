/** RNNprop's fused WebGPU step (kernels/learnedShader.ts): the moments' rates and bias corrections. */
import type { LearnedFusedSpec } from '../kind';
import type { RnnpropArchitecture } from './meta';

export const rnnpropFused: LearnedFusedSpec<RnnpropArchitecture> = {
  layout: (a) => ({ kind: 'rnnprop', hidden: a.hidden, layers: a.layers, input0: a.hidden }),
  uniforms: (a, t) => ({
    b1: a.beta1,
    omb1: 1 - a.beta1,
    b2: a.beta2,
    omb2: 1 - a.beta2,
    bc1: 1 - a.beta1 ** t,
    bc2: 1 - a.beta2 ** t,
    eps: a.eps,
  }),
};
