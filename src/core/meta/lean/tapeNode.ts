/**
 * A tape node with several outputs and a hand-written backward pass (tf.customGrad allows one
 * output only): the lean wasm nodes (cellWasm.ts, adamWasm.ts) return h' and c', or the
 * AdamCell's four states and μ, from one node. Built on the engine's runKernelFunc, which
 * customGrad itself uses: the forward runs untaped inside a tidy (only `outputs` and the saved
 * tensors survive; `save` keeps a copy of each, and only while a tape records); the backward
 * gets one dy per output (zeros for an output that does not reach the loss) and the saved
 * tensors, and returns one gradient per input, computed inside a tidy.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

type Grads = (dys: Tensor[], saved: Tensor[]) => Tensor[];
type Body = (save: (ts: Tensor[]) => void) => { outputs: Tensor[]; grads: Grads };

interface KernelFuncEngine {
  runKernelFunc(p: {
    forwardFunc: (backend: unknown, save: (ts: Tensor[]) => void) => Tensor[];
    backwardsFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => Record<string, () => Tensor>;
    inputs: Record<string, Tensor>;
  }): Tensor | Tensor[];
}

export function tapeNode(inputs: Tensor[], body: Body): Tensor[] {
  let grads: Grads | null = null;
  const named: Record<string, Tensor> = {};
  inputs.forEach((t, k) => {
    named[k] = t;
  });
  const engine = tf.engine() as unknown as KernelFuncEngine;
  const out = engine.runKernelFunc({
    forwardFunc: (_backend, save) => {
      const r = body(save);
      grads = r.grads;
      return r.outputs;
    },
    backwardsFunc: (dy, saved) => {
      const dys = Array.isArray(dy) ? dy : [dy];
      const gs = tf.tidy(() => (grads as Grads)(dys, saved));
      if (gs.length !== inputs.length)
        throw new Error(`tapeNode: ${gs.length} gradients, ${inputs.length} inputs`);
      const map: Record<string, () => Tensor> = {};
      gs.forEach((g, k) => {
        map[k] = () => g;
      });
      return map;
    },
    inputs: named,
  });
  return Array.isArray(out) ? out : [out];
}
