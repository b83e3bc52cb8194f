/**
 * The meta-training CLI's backends: cpu and wasm (nodeBackend.ts) and webgpu through Dawn
 * (src/cli/bench/dawn.ts; SwiftShader when the machine has no GPU), for `meta-train
 * --backend webgpu` and `meta-train profile --backend webgpu` (recipe path 'fused' runs its
 * WGSL nodes there, docs/meta-training-profile.md). Bad names are a UsageError naming the flag.
 */
import * as tf from '@tensorflow/tfjs-core';
import { UsageError } from './args';
import { isNodeBackend, setupNodeBackend } from './nodeBackend';

export const META_BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;

/** Activate `name` (checked first); returns tf.getBackend(). */
export async function setupMetaBackend(name: string): Promise<string> {
  if (name === 'webgpu') {
    tf.env().set('PROD', true);
    const { setupNodeWebGpu } = await import('./bench/dawn');
    const env = await setupNodeWebGpu();
    if (!env.ok) throw new Error(`backend 'webgpu' is not available here: ${env.notes.join('; ')}`);
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu')) || tf.getBackend() !== 'webgpu')
      throw new Error(`backend 'webgpu' failed to start on adapter ${env.adapter}`);
    await tf.ready();
    process.stderr.write(`webgpu adapter: ${env.adapter}${env.software ? ' (software)' : ''}\n`);
    return 'webgpu';
  }
  if (!isNodeBackend(name))
    throw new UsageError(`--backend: must be one of ${META_BACKENDS.join(', ')}; got '${name}'`);
  return setupNodeBackend(name);
}
