/**
 * Selecting the fused (WGSL) nodes of the 'fused' unroll path (../unrollPath.ts): they are
 * chosen while a fused step runs (`withFusedNodes`, a dynamic scope around the synchronous
 * step call) on the webgpu backend. Each node's backward is fixed when its forward runs, so
 * the later tf.grads call needs no scope.
 */
import * as tf from '@tensorflow/tfjs-core';

let depth = 0;

/** True inside a fused step on the webgpu backend: the lean nodes run their WGSL kernels. */
export function fusedNodesActive(): boolean {
  return depth > 0 && tf.getBackend() === 'webgpu';
}

/** Run f (a synchronous optimizer step) with the fused nodes selected. */
export function withFusedNodes<T>(f: () => T): T {
  depth++;
  try {
    return f();
  } finally {
    depth--;
  }
}
