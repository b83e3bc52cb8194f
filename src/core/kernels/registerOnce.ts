/** The fused kernels' registration with tfjs (docs/architecture.md, kernels/): once per name and backend. */
import type { KernelFunc } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

/** Registers `make()` as kernel `kernelName` on `backendName` unless one is there; returns the name. */
export function registerOnce(kernelName: string, backendName: string, make: () => KernelFunc): string {
  if (!tf.getKernel(kernelName, backendName))
    tf.registerKernel({ kernelName, backendName, kernelFunc: make() });
  return kernelName;
}
