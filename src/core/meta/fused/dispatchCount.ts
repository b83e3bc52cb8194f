/**
 * A running count of the fused nodes' GPU dispatches (cellGpu.ts and the other fused nodes),
 * for the profile and the bench (dispatches per optimizee step). tfjs's own dispatches are
 * counted separately by the CLI (src/cli/gpuDispatches.ts).
 */
let count = 0;

export function countDispatches(n: number): void {
  count += n;
}

/** Fused-node dispatches since the process started. */
export function fusedDispatches(): number {
  return count;
}
