/**
 * tfjs-core alone registers no gradient functions (the @tensorflow/tfjs union package does).
 * `ensureGradients()` registers them once, before anything calls tf.grads:
 * - bundlers (Vite, Vitest) load tfjs-core's ESM `register_all_gradients`;
 * - plain Node (tsx) cannot load that ESM file (extension-less imports), so Node hosts
 *   import '@tensorflow/tfjs' first (its CJS bundle registers the same gradients in the
 *   shared global registry) and this finds them already there.
 */
import { getGradient } from '@tensorflow/tfjs-core';

let pending: Promise<void> | null = null;

export function ensureGradients(): Promise<void> {
  if (getGradient('Sub')) return Promise.resolve();
  pending ??= import('@tensorflow/tfjs-core/dist/register_all_gradients').then(() => undefined);
  return pending;
}
