/**
 * Buffer layouts shared by the fused HyperAdam / VHAdam cell's WGSL (hyperFwd.ts, hyperBwd.ts,
 * hyperGram.ts) and its host (hyperCell.ts). N rows (coordinates), J candidates, H the LSTM
 * width; V: VHAdam's VarBlock is part of the node (docs/algorithms.md §4.1, §4.2).
 *   X  (inputs, staged by buffer copies):  g [N] | s [N,H] | m | v | β̂ | γ̂ [N,J] each | ξ [N] (V) |
 *      ℓ₀ [N] (V: an additive input to log σ², e.g. the |x|·w_x of varInputs 'h+x')
 *   O  (outputs):                          m′ | v′ | β̂′ | γ̂′ [N,J] | μ [N] | log σ² [N] (V) | d [N] (V)
 *   DY (output gradients): O's layout;     GX (input gradients): X's layout
 *   W  (meta-parameters, staged): W_ad [(J+H), 2J] | b_ad [2J] | W_q [H,J] | b_q [J] |
 *      w_var [H] | b_var (V) | r [J+H] (colNorm scales 1/√(Σ x² + 1e-16) of m and s, written
 *      by the forward pass and read by the backward one)
 *   D  (backward scratch, one row per coordinate): dz [2J] | dz_q [J] | d log σ² (V) |
 *      d m̄ [J] | d s̄ [H]
 * Every block of X, O, GX is one contiguous tensor, so staging in and out is one copy each.
 */

import { RATE_CAP } from '../../learned/hyperAdamCells';

export interface CellDims {
  J: number;
  H: number;
  V: boolean;
}

export const WG = 64;

/** Offsets (floats) into W; all compile-time constants. */
export function wOffsets(d: CellDims) {
  const { J, H, V } = d;
  const oK = 0;
  const oB = oK + (J + H) * 2 * J;
  const oQ = oB + 2 * J;
  const oQB = oQ + H * J;
  const oVK = oQB + J;
  const oVB = oVK + (V ? H : 0);
  const oR = oVB + (V ? 1 : 0);
  return { oK, oB, oQ, oQB, oVK, oVB, oR, size: oR + J + H };
}

/** Sizes (in multiples of N) of X's blocks: g, s, m, v, β̂, γ̂, (ξ, ℓ₀). */
export const xBlocks = (d: CellDims): number[] => [1, d.H, d.J, d.J, d.J, d.J, ...(d.V ? [1, 1] : [])];
/** Sizes (in multiples of N) of O's blocks: m′, v′, β̂′, γ̂′, μ, (log σ², d). */
export const oBlocks = (d: CellDims): number[] => [d.J, d.J, d.J, d.J, 1, ...(d.V ? [1, 1] : [])];
/** Parameter shapes in W order: W_ad, b_ad, W_q, b_q, (w_var, b_var). */
export const paramShapes = (d: CellDims): number[][] => [
  [d.J + d.H, 2 * d.J],
  [2 * d.J],
  [d.H, d.J],
  [d.J],
  ...(d.V ? [[d.H, 1], [1]] : []),
];

/** Columns of D's rows. */
export function dCols(d: CellDims) {
  const dzq = 2 * d.J;
  const dlv = 3 * d.J;
  const dmb = dlv + (d.V ? 1 : 0);
  const dsb = dmb + d.J;
  return { dz: 0, dzq, dlv, dmb, dsb, width: dsb + d.H };
}

/** WGSL common to every pass: uniforms, sizes, X/O offsets as functions of n. */
export function prelude(d: CellDims): string {
  const { J, H } = d;
  const o = wOffsets(d);
  return [
    'struct Uni { n: u32, nA: u32, rowsPer: u32, C: u32 }',
    '@group(0) @binding(0) var<uniform> U: Uni;',
    `const J = ${J}u; const H = ${H}u; const JH = ${J + H}u; const J2 = ${2 * J}u;`,
    `const oK = ${o.oK}u; const oB = ${o.oB}u; const oQ = ${o.oQ}u; const oQB = ${o.oQB}u;`,
    `const oVK = ${o.oVK}u; const oVB = ${o.oVB}u; const oR = ${o.oR}u;`,
    `const DW = ${dCols(d).width}u; const WG = ${WG}u;`,
    'const EPS = 1e-24;',
    'fn sig(a: f32) -> f32 { return 1.0 / (1.0 + exp(-a)); }',
    // β, γ = min(σ, RATE_CAP) (hyperAdamCells.ts); dcap: σ' where the saved rate is below the cap
    `const CAP = ${RATE_CAP};`,
    'fn rate(a: f32) -> f32 { return min(sig(a), CAP); }',
    'fn drate(r: f32) -> f32 { return select(0.0, r * (1.0 - r), r < CAP); }',
    'fn elu(a: f32) -> f32 { return select(exp(a) - 1.0, a, a >= 0.0); }',
    // X's block offsets; O's: om = 0, ov = nJ, obh = 2nJ, ogh = 3nJ, omu = 4nJ, olv, od.
    'fn xs(n: u32) -> u32 { return n; }',
    'fn xm(n: u32) -> u32 { return n * (1u + H); }',
    'fn xv(n: u32) -> u32 { return xm(n) + n * J; }',
    'fn xbh(n: u32) -> u32 { return xm(n) + 2u * n * J; }',
    'fn xgh(n: u32) -> u32 { return xm(n) + 3u * n * J; }',
    'fn xxi(n: u32) -> u32 { return xm(n) + 4u * n * J; }',
    'fn xl0(n: u32) -> u32 { return xxi(n) + n; }',
  ].join('\n');
}
