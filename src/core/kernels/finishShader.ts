/**
 * WGSL of the "finish" dispatch that turns the main kernel's scratch buffer into the step's
 * probes, so no tfjs op runs per step. It is recorded in the same compute pass, right after
 * the per-tensor dispatches (WebGPU orders a pass's dispatches: their writes are visible).
 *
 * Workgroups (FINISH_WG threads each), one dispatch of 1 + nSample workgroups:
 *   0      sums the per-workgroup partials of each reduced quantity (grid-stride loop into
 *          workgroup memory, then a tree): N ← √Σ(θ′−θ)² (updateNorm), F ← count / total.
 *   1 + k  loads sample k (≤ 4096 values) into workgroup memory padded with +∞ (from the
 *          uniform) to a power of two P and bitonic-sorts it ascending: each thread owns a
 *          contiguous block of P/FINISH_WG values, so the stages whose pairs stay inside a block
 *          need no barrier (27 barriers for P = 4096 instead of 78: barriers are what a
 *          software driver such as SwiftShader pays for); then it
 *          writes [q05, q50, q95] = x_(f) + (x_(c) − x_(f))·w to Q<k>, with the host's
 *          order-statistic indices f, c and weights w: optim/probes.ts quantilesOf (numpy
 *          "linear"). 4096 f32 = 16 KiB, exactly the default maxComputeWorkgroupStorageSize.
 *
 * Bindings: 0 uniform FU; 1 R (read); 2 N; 3 F (if a fraction); 4 + k: Q<k> (per sample).
 */

export const FINISH_WG = 64;
export const SORT_MAX = 4096;

export interface FinishLayout {
  /** Reduced quantities in R: 1 (updateNorm) or 2 (… and a fraction's count). */
  nReduced: number;
  nSample: number;
}

/** Uniform bytes: 8 u32/f32 header, then lo, hi (vec4<u32>) and w (vec4<f32>). */
export const FINISH_UNIFORM_BYTES = 32 + 48;

export function buildFinishShader(l: FinishLayout): string {
  const out: string[] = [];
  out.push('struct FU { totalWg: u32, count: u32, pow2: u32, sampleBase: u32,');
  out.push('  total: f32, inf: f32, pad1: u32, pad2: u32,');
  out.push('  lo: vec4<u32>, hi: vec4<u32>, w: vec4<f32> }');
  out.push('@group(0) @binding(0) var<uniform> U: FU;');
  out.push('@group(0) @binding(1) var<storage, read> R: array<f32>;');
  out.push('@group(0) @binding(2) var<storage, read_write> N: array<f32>;');
  if (l.nReduced > 1) out.push('@group(0) @binding(3) var<storage, read_write> F: array<f32>;');
  for (let k = 0; k < l.nSample; k++) {
    out.push(`@group(0) @binding(${4 + k}) var<storage, read_write> Q${k}: array<f32>;`);
  }
  out.push(`var<workgroup> buf: array<f32, ${SORT_MAX}>;`);
  out.push('');
  out.push('fn reduceTo(li: u32, q: u32) -> f32 {');
  out.push('  var acc = 0.0;');
  out.push(`  for (var i = li; i < U.totalWg; i = i + ${FINISH_WG}u) { acc = acc + R[q * U.totalWg + i]; }`);
  out.push('  buf[li] = acc;');
  out.push('  workgroupBarrier();');
  out.push(`  for (var s = ${FINISH_WG / 2}u; s > 0u; s = s >> 1u) {`);
  out.push('    if (li < s) { buf[li] = buf[li] + buf[li + s]; }');
  out.push('    workgroupBarrier();');
  out.push('  }');
  out.push('  let r = buf[0];');
  out.push('  workgroupBarrier();');
  out.push('  return r;');
  out.push('}');
  out.push('');
  out.push('fn sortSample(li: u32, k: u32) {');
  out.push('  let P = U.pow2;');
  out.push('  let base = U.sampleBase + k * U.count;');
  // Thread li owns the contiguous block [li·B, (li+1)·B), B = 2·pp, and the pp compare-exchange
  // pairs that fall in it when the pair distance j ≤ pp (local stages: no barrier needed).
  out.push(`  let pp = max(1u, P / ${2 * FINISH_WG}u);`);
  out.push('  for (var i = li * 2u * pp; i < min(P, (li + 1u) * 2u * pp); i = i + 1u) {');
  out.push('    var x = U.inf;');
  out.push('    if (i < U.count) { x = R[base + i]; }');
  out.push('    buf[i] = x;');
  out.push('  }');
  out.push('  workgroupBarrier();');
  out.push('  for (var kk = 2u; kk <= P; kk = kk << 1u) {');
  out.push('    for (var j = kk >> 1u; j > 0u; j = j >> 1u) {');
  out.push('      for (var t = li * pp; t < min(P >> 1u, (li + 1u) * pp); t = t + 1u) {');
  out.push('        let i = ((t & ~(j - 1u)) << 1u) | (t & (j - 1u));');
  out.push('        let a = buf[i];');
  out.push('        let b = buf[i + j];');
  out.push('        if ((a > b) == ((i & kk) == 0u)) { buf[i] = b; buf[i + j] = a; }');
  out.push('      }');
  // The next stage is (kk, j/2), or (2kk, kk) after j = 1: a barrier unless both are local.
  out.push('      var nextJ = j >> 1u;');
  out.push('      if (j == 1u) { nextJ = kk; }');
  out.push('      if (j > pp || nextJ > pp) { workgroupBarrier(); }');
  out.push('    }');
  out.push('  }');
  out.push('  workgroupBarrier();');
  out.push('}');
  out.push('');
  out.push(`@compute @workgroup_size(${FINISH_WG})`);
  out.push('fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wid: vec3<u32>) {');
  out.push('  if (wid.x == 0u) {');
  out.push('    let dd = reduceTo(li, 0u);');
  out.push('    if (li == 0u) { N[0] = sqrt(dd); }');
  if (l.nReduced > 1) {
    out.push('    let cnt = reduceTo(li, 1u);');
    out.push('    if (li == 0u) { F[0] = cnt / U.total; }');
  }
  out.push('    return;');
  out.push('  }');
  if (l.nSample > 0) {
    out.push('  let k = wid.x - 1u;');
    out.push('  sortSample(li, k);');
    out.push('  if (li == 0u) {');
    out.push('    for (var q = 0u; q < 3u; q = q + 1u) {');
    out.push('      let a = buf[U.lo[q]];');
    out.push('      let b = buf[U.hi[q]];');
    out.push('      let v = a + (b - a) * U.w[q];');
    for (let k = 0; k < l.nSample; k++) out.push(`      if (k == ${k}u) { Q${k}[q] = v; }`);
    out.push('    }');
    out.push('  }');
  }
  out.push('}');
  return out.join('\n');
}

/** Order-statistic indices (ascending) and weights of quantiles qs over n sorted values. */
export function quantileIndices(
  n: number,
  qs: readonly number[],
): { lo: number[]; hi: number[]; w: number[] } {
  const lo: number[] = [];
  const hi: number[] = [];
  const w: number[] = [];
  for (const q of qs) {
    const h = q * (n - 1);
    const f = Math.floor(h);
    lo.push(f);
    hi.push(Math.min(f + 1, n - 1));
    w.push(h - f);
  }
  return { lo, hi, w };
}

/** The finish kernel's uniform data. */
export function finishUniform(
  totalWg: number,
  count: number,
  sampleBase: number,
  total: number,
  qs: readonly number[],
): ArrayBuffer {
  const buf = new ArrayBuffer(FINISH_UNIFORM_BYTES);
  let pow2 = 1;
  while (pow2 < count) pow2 *= 2;
  new Uint32Array(buf, 0, 4).set([totalWg, count, pow2, sampleBase]);
  new Float32Array(buf, 16, 2).set([total, Number.POSITIVE_INFINITY]); // +∞ pads the sort (WGSL has no ∞ literal)
  const { lo, hi, w } = quantileIndices(Math.max(1, count), qs);
  new Uint32Array(buf, 32, 4).set(lo);
  new Uint32Array(buf, 48, 4).set(hi);
  new Float32Array(buf, 64, 4).set(w);
  return buf;
}
