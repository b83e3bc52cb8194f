/**
 * Node host for the core: picks a tfjs backend (cpu or wasm; no GPU backends in plain Node)
 * and provides a TaskEnv that reads the packed MNIST file from public/data/mnist.bin.
 */
import * as tf from '@tensorflow/tfjs-core';
// The union package's CJS bundle registers every gradient (tfjs-core's ESM registration file
// does not load in plain Node; see core/tasks/gradients.ts) and the cpu backend.
import '@tensorflow/tfjs';
import { MAX_DATA_FILE_BYTES } from '../core/io/limits';
import { PREPARE_HINT } from '../core/tasks/mnistData';
import type { TaskEnv } from '../core/tasks/registry';
import { readBounded } from './boundedRead';
import { MNIST_BIN } from './mnistPath';

export const NODE_BACKENDS = ['cpu', 'wasm'] as const;
export type NodeBackend = (typeof NODE_BACKENDS)[number];

export function isNodeBackend(name: string): name is NodeBackend {
  return (NODE_BACKENDS as readonly string[]).includes(name);
}

/** Activate a backend; throws a clear message if tfjs refuses it. Returns tf.getBackend(). */
export async function setupNodeBackend(name: NodeBackend): Promise<string> {
  tf.env().set('PROD', true); // silences tfjs's "install tfjs-node" banner on stderr
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm'); // finds its .wasm files in Node
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch (e) {
    throw new Error(`backend '${name}' failed to start: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!ok || tf.getBackend() !== name) {
    throw new Error(`backend '${name}' is not available here (tf.setBackend returned false)`);
  }
  await tf.ready();
  return tf.getBackend();
}

/** A TaskEnv that reads public/data/mnist.bin (or `path`). */
export function nodeTaskEnv(path = MNIST_BIN): TaskEnv {
  return {
    async mnist() {
      try {
        return await readBounded(path, MAX_DATA_FILE_BYTES, 'MNIST data'); // regular file, size limit
      } catch (e) {
        const code = (e as { code?: string }).code;
        const why = code
          ? `cannot read ${path} (${code})`
          : (e instanceof Error ? e.message : String(e)).replace(/^MNIST data: /, '');
        throw new Error(`MNIST data: ${why}; ${PREPARE_HINT}`);
      }
    },
  };
}
