/**
 * The learned-optimizer kind descriptor, tfjs half: the pure descriptor (descriptor.ts
 * LearnedMeta) plus `build`, which makes the network from an architecture and its
 * meta-parameters, and optionally `fused`, the layout of its fused WebGPU inference step
 * (kernels/learnedShader.ts). Exported by <kind>/index.ts; registered in kindRegistry.ts.
 */
import type { LEARNED_UNIFORMS, LearnedLayout } from '../kernels/learnedShader';
import type { ArchitectureBase, LearnedMeta } from './descriptor';
import type { MetaParams } from './metaParams';
import type { LearnedOptimizer } from './types';

export type LearnedUniform = (typeof LEARNED_UNIFORMS)[number];

export interface LearnedFusedSpec<A extends ArchitectureBase> {
  /** The shader layout of an architecture (the weight offsets are added by the kernel host). */
  layout(a: A): Omit<LearnedLayout, 'offsets'>;
  /** Step t's scalar uniforms that differ from the defaults (kernels/learnedFused.ts). */
  uniforms(a: A, t: number): Partial<Record<LearnedUniform, number>>;
}

export interface LearnedKind<A extends ArchitectureBase = ArchitectureBase> extends LearnedMeta<A> {
  /** The network with these meta-parameters (validated against weightDefs(a)). */
  build(a: A, weights: MetaParams): LearnedOptimizer;
  fused?: LearnedFusedSpec<A>;
}
