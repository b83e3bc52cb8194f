/**
 * WebGPU for the kernel tests: Dawn in Node (src/cli/bench/dawn.ts sets up libvulkan and, only
 * when no other adapter exists and VK_ICD_FILENAMES is unset, Chromium's SwiftShader ICD).
 * Without an adapter the tests skip with a loud message, unless CI is set: then they fail.
 */
import * as tf from '@tensorflow/tfjs-core';
import { setupNodeWebGpu } from '../../src/cli/bench/dawn';

export interface GpuEnv {
  ok: boolean;
  adapter: string;
}

export async function useWebGpu(): Promise<GpuEnv> {
  const env = await setupNodeWebGpu();
  const ci = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
  if (!env.ok) {
    const msg = `NO WEBGPU ADAPTER: fused-kernel tests cannot run (${env.notes.join('; ')})`;
    if (ci) throw new Error(`${msg}; CI is set, so this fails instead of skipping`);
    process.stderr.write(
      `\n${'!'.repeat(80)}\n!! ${msg}\n!! SKIPPING the WebGPU kernel tests.\n${'!'.repeat(80)}\n\n`,
    );
    return { ok: false, adapter: '' };
  }
  await import('@tensorflow/tfjs-backend-webgpu');
  const set = await tf.setBackend('webgpu');
  if (!set || tf.getBackend() !== 'webgpu') {
    const msg = `tf.setBackend('webgpu') failed on adapter ${env.adapter}`;
    if (ci) throw new Error(msg);
    process.stderr.write(`\n!! ${msg}: SKIPPING the WebGPU kernel tests\n\n`);
    return { ok: false, adapter: env.adapter };
  }
  await tf.ready();
  return { ok: true, adapter: env.adapter };
}
