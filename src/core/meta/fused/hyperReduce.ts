/**
 * WGSL pieces of the fused HyperAdam / VHAdam cell's column sums over the N rows (docs/algorithms.md
 * §4.1, §4.2; layouts: hyperLayout.ts), shared by the forward (hyperFwd.ts) and backward
 * (hyperBwd.ts) passes: a grid-stride entry point, each workgroup's partial sums of the J+H
 * columns into P [nWg, J+H], and the sum of those partials in the next dispatch.
 */
import { type CellDims, WG } from './hyperLayout';

/** The entry point of a grid-stride pass over rows (li, wid, nw in scope). */
export const gridMain = `@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nw: vec3<u32>) {`;

/** The workgroup scratch that partialsToP reduces through. */
export const partialsScratch = (d: CellDims): string =>
  `var<workgroup> red: array<f32, ${WG * (d.J + d.H)}>;`;

/** Statements (at function level) storing this workgroup's sums of each thread's acc[JH] in P. */
export const partialsToP = `  for (var a = 0u; a < JH; a = a + 1u) { red[li * JH + a] = acc[a]; }
  workgroupBarrier();
  for (var a = li; a < JH; a = a + WG) {
    var s = 0.0;
    for (var t = 0u; t < WG; t = t + 1u) { s = s + red[t * JH + a]; }
    P[wid.x * JH + a] = s;
  }`;

/** Statements summing the nA workgroups' partials of each column a into s, then `use` (WGSL). */
export const sumP = (use: string): string => `  for (var a = li; a < JH; a = a + WG) {
    var s = 0.0;
    for (var w = 0u; w < U.nA; w = w + 1u) { s = s + P[w * JH + a]; }
${use}
  }
  workgroupBarrier();`;
