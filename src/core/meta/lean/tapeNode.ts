/**
 * A tape node with several outputs and a hand-written backward pass (tf.customGrad allows one
 * output only): the lean wasm nodes (cellWasm.ts, adamWasm.ts) return h' and c', or the
 * AdamCell's four states and μ, from one node. Built on the engine's runKernelFunc, which
 * customGrad itself uses: the forward runs untaped inside a tidy (only `outputs` and the saved
 * tensors survive); the backward gets one dy per output (zeros for an output that does not
 * reach the loss) and the saved tensors, and returns one gradient per input, inside a tidy.
 * Two ways to save for the backward pass, in this order in `saved`:
 *  - save(ts): tfjs keeps a COPY of each (an Identity kernel: a real copy on wasm). For inputs.
 *  - own(ts):  tensors the forward itself created, kept WITHOUT a copy: they join the tape
 *    node's saved list, which tfjs disposes after the backward pass like its copies (whether
 *    or not the pass reached this node); with no tape recording they are not kept.
 * docs/meta-training-profile.md "Round 3" (the copies were ~20 MB per optimizee step).
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

type Grads = (dys: Tensor[], saved: Tensor[]) => Tensor[];
type Save = (ts: Tensor[]) => void;
type Body = (save: Save, own: Save) => { outputs: Tensor[]; grads: Grads };

interface TapeEngine {
  runKernelFunc(p: {
    forwardFunc: (backend: unknown, save: Save) => Tensor[];
    backwardsFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => Record<string, () => Tensor>;
    inputs: Record<string, Tensor>;
  }): Tensor | Tensor[];
  isTapeOn(): boolean;
  state: { activeTape: { outputs: Tensor[]; saved?: Tensor[] }[] | null };
}

export function tapeNode(inputs: Tensor[], body: Body): Tensor[] {
  let grads: Grads | null = null;
  const named: Record<string, Tensor> = {};
  inputs.forEach((t, k) => {
    named[k] = t;
  });
  const engine = tf.engine() as unknown as TapeEngine;
  const tapeOn = engine.isTapeOn();
  let owned: Tensor[] = [];
  const own: Save = (ts) => {
    if (tapeOn) owned = ts.map((t) => tf.keep(t));
  };
  const out = engine.runKernelFunc({
    forwardFunc: (_backend, save) => {
      const r = body(save, own);
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
  const outs = Array.isArray(out) ? out : [out];
  if (owned.length > 0) {
    const tape = engine.state.activeTape;
    const node = tape?.[tape.length - 1];
    if (!node?.saved || node.outputs[0] !== outs[0]) {
      tf.dispose(owned);
      throw new Error('tapeNode: the tape node just recorded was not found (tfjs internals changed?)');
    }
    node.saved.push(...owned);
  }
  return outs;
}
