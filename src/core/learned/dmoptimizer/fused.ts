/** DMOptimizer's fused WebGPU step (kernels/learnedShader.ts): LogAndSign scalars p and e^p. */
import type { LearnedFusedSpec } from '../kind';
import type { DmArchitecture } from './meta';

export const dmFused: LearnedFusedSpec<DmArchitecture> = {
  layout: (a) => ({
    kind: 'dmoptimizer',
    hidden: a.hidden,
    layers: a.layers,
    input0: a.preprocessP > 0 ? 2 : 1,
  }),
  uniforms: (a) => (a.preprocessP > 0 ? { lp: a.preprocessP, ep: Math.exp(a.preprocessP) } : {}),
};
