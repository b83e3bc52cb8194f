/**
 * An unroll in S segments with recomputation (docs/algorithms.md §8.3): the same meta-loss and
 * meta-gradient as one runUnroll over all T steps, holding only one segment's tape at a time.
 *   forward, no tape:   s_0 → s_{b1} → … → s_{b(S−1)}         (boundary states kept: θ and the
 *                                                             optimizer's state tensors)
 *   backward, k = S−1 … 0: re-run segment k on the tape from s_{bk} (as variables when k > 0),
 *     L_k = the objective's terms of its steps (÷ T for the mean) + Σ_i ⟨a_i, s_{b(k+1),i}⟩,
 *     a = ∂L/∂s_{b(k+1)} from segment k+1 (a constant; none for the last segment);
 *     ∂L/∂φ += ∂L_k/∂φ, and ∂L_k/∂s_{bk} is the next adjoint.
 * This is the chain rule through each boundary: the truncation of docs/algorithms.md §8.1 stays
 * at the unroll's start (s_0 is a constant), and g_t stays detached. Every segment but the last
 * runs forward twice: compute ≈ (2 − 1/S)× the forward, tape memory ≈ 1/S.
 * Requires objective.reduce to be additive over a split of its terms (Σ/T, or the one last
 * term), which holds for every objective here, and a step without randomness of its own
 * (VHAdam's sampling would draw again when recomputed: its recipe is refused in trainers/bptt.ts).
 */
import type { NamedTensorMap, Scalar, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { OptState } from '../optim/types';
import { StopRequested } from './outer';
import { innerStep, runUnroll, type UnrollArgs, type UnrollResult } from './unroll';

/** Step indices where segments start, and T: S near-equal segments of T steps. */
export function segmentBounds(T: number, S: number): number[] {
  const n = Math.max(1, Math.min(S, T));
  return Array.from({ length: n + 1 }, (_, k) => Math.round((k * T) / n));
}

const slotKeys = (s: OptState) => Object.keys(s.slots).sort();

const flatState = (params: Tensor[], state: OptState): Tensor[] => [
  ...params,
  ...slotKeys(state).flatMap((k) => state.slots[k]),
];

/** Rebuild (params, state) from a flat list in flatState's order, on `like`'s layout. */
function unflatState(flat: Tensor[], nParams: number, like: OptState): { params: Tensor[]; state: OptState } {
  let i = nParams;
  const slots: Record<string, Tensor[]> = {};
  for (const k of slotKeys(like)) {
    slots[k] = flat.slice(i, i + like.slots[k].length);
    i += like.slots[k].length;
  }
  return { params: flat.slice(0, nParams), state: { t: like.t, slots } };
}

/** The tape-free forward over batches (no objective): the boundary state, kept. */
function forwardOnly(
  args: UnrollArgs,
  params: Tensor[],
  state: OptState,
  from: number,
  to: number,
  T: number,
) {
  return tf.tidy(() => {
    let p = params;
    let s = state;
    const lossValues: Scalar[] = [];
    for (let t = from; t < to; t++) {
      if (args.stop?.()) throw new StopRequested(t);
      const { res, lossValue } = innerStep(args, p, s, args.batches[t], T);
      lossValues.push(lossValue);
      p = res.params;
      s = res.state;
    }
    return { flat: flatState(p, s), t: s.t, losses: tf.stack(lossValues) };
  });
}

export function runSegmented(args: UnrollArgs, segments: number): UnrollResult {
  const T = args.batches.length;
  const bounds = segmentBounds(T, segments);
  const S = bounds.length - 1;
  if (S === 1) return runUnroll(args);
  const nParams = args.params.length;
  // Boundary states s_{b1} … s_{b(S−1)} (owned here), and each forward segment's losses.
  const starts: { flat: Tensor[]; t: number }[] = [
    { flat: flatState(args.params, args.state), t: args.state.t },
  ];
  const forwardLosses: Tensor[] = [];
  const grads: NamedTensorMap = {};
  let adjoint: Tensor[] | null = null;
  let last: UnrollResult | null = null;
  const metaParts: Scalar[] = [];
  try {
    for (let k = 0; k < S - 1; k++) {
      const { flat, t } = starts[k];
      const like = unflatState(flat, nParams, args.state);
      const f = forwardOnly(args, like.params, { ...like.state, t }, bounds[k], bounds[k + 1], T);
      starts.push({ flat: f.flat, t: f.t });
      forwardLosses.push(f.losses);
    }
    for (let k = S - 1; k >= 0; k--) {
      const { flat, t } = starts[k];
      // Segment k's start as variables (k > 0), so the tape gives ∂L_k/∂s_{bk}.
      const startVars = k > 0 ? flat.map((x) => tf.variable(x, true)) : [];
      const from = unflatState(k > 0 ? startVars : flat, nParams, args.state);
      const a = adjoint;
      try {
        const r = runUnroll({
          ...args,
          vars: [...args.vars, ...startVars],
          params: from.params,
          state: { ...from.state, t },
          batches: args.batches.slice(bounds[k], bounds[k + 1]),
          horizon: args.horizon ?? T,
          span: { offset: bounds[k], total: T },
          extra: a
            ? (p, s) => tf.addN(flatState(p, s).map((x, i) => tf.sum(tf.mul(a[i], x)))) as Scalar
            : undefined,
        });
        metaParts.push(r.metaLoss);
        for (const v of args.vars) {
          const g = r.grads[v.name];
          if (!g) continue;
          const prev = grads[v.name];
          grads[v.name] = prev ? tf.add(prev, g) : g;
          if (prev) tf.dispose([prev, g]);
        }
        const next = startVars.map((v) => r.grads[v.name] ?? tf.zerosLike(v));
        for (const [name, g] of Object.entries(r.grads)) {
          if (!args.vars.some((v) => v.name === name) && !next.includes(g)) tf.dispose(g);
        }
        if (adjoint) tf.dispose(adjoint);
        adjoint = k > 0 ? next : null;
        if (k === S - 1) last = r;
        else tf.dispose([r.losses, ...r.params, ...Object.values(r.state.slots).flat()]);
      } finally {
        tf.dispose(startVars);
      }
    }
    const final = last as unknown as UnrollResult;
    const metaLoss = tf.tidy(() => tf.addN(metaParts) as Scalar);
    const losses = tf.concat([...forwardLosses, final.losses]);
    tf.dispose(final.losses);
    return { metaLoss, grads, params: final.params, state: final.state, losses };
  } catch (e) {
    tf.dispose(Object.values(grads));
    if (last) {
      const l = last as UnrollResult;
      tf.dispose([l.losses, ...l.params, ...Object.values(l.state.slots).flat()]);
    }
    throw e;
  } finally {
    tf.dispose(metaParts);
    tf.dispose(forwardLosses);
    for (let k = 1; k < starts.length; k++) tf.dispose(starts[k].flat);
    if (adjoint) tf.dispose(adjoint);
  }
}
