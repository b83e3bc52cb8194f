/**
 * VHAdam's per-coordinate state as a FlatState (docs/algorithms.md §4.2): the preprocessing's
 * moments pm, pv [N, 1], the LSTM's h, c [N, H] and the AdamCell's m, v, β̂, γ̂ [N, J]; one
 * layout for the plain step (index.ts), the lean and the fused meta-training steps.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { AdamCellState } from '../hyperAdamCells';
import type { FlatState } from '../types';

/** The FlatState of one step's preprocessing moments, LSTM state and AdamCell state. */
export function vhAdamState(
  pre: { m: Tensor; v: Tensor },
  lstm: { h: Tensor; c: Tensor },
  cell: AdamCellState,
): FlatState {
  return {
    pm: [pre.m],
    pv: [pre.v],
    h: [lstm.h],
    c: [lstm.c],
    m: [cell.m],
    v: [cell.v],
    bh: [cell.bh],
    gh: [cell.gh],
  };
}

/** The AdamCell's part of a HyperAdam or VHAdam FlatState. */
export const adamCellStateOf = (st: FlatState): AdamCellState => ({
  m: st.m[0],
  v: st.v[0],
  bh: st.bh[0],
  gh: st.gh[0],
});
