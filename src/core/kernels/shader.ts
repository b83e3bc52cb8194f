/**
 * WGSL for one fused optimizer step over one parameter tensor of n coordinates.
 *
 * Bindings (group 0), at most 6 storage buffers (WebGPU's default limit is 8):
 *   0 uniform U: meta (u32 × 8) then the rule's float32 hyperparameters (vec4-packed)
 *   1 G  gradient (read)          2 P  θ (read)          3 S  old state [S, n] (read, if S > 0)
 *   4 P1 new θ (write)            5 S1 new state [S, n] (write, if S > 0)
 *   6 R  probe buffer (write): R partial sums per workgroup, then the strided samples
 * Each thread handles coordinates i = gid, gid + stride, … (grid-stride loop), reads g, θ and
 * the state once, writes θ′ and the state once: one pass over memory. Reduced probes
 * (Σ(θ′−θ)² for updateNorm, counts for fractions) are summed in workgroup memory and written
 * as one partial per workgroup at R[q·totalWg + wgOffset + wid]; the host sums the partials.
 * Sampled values (for quantiles) go to R[sampleBase + j·count + gi/k] for every global index
 * gi = offset + i that is a multiple of k: the same strided subsample as optim/probes.ts.
 */
import type { KernelSpec } from './specs';

export const WORKGROUP = 64;

/** Layout of a compiled variant, shared by the shader text and the host that binds it. */
export interface ShaderLayout {
  slots: string[];
  uniforms: readonly string[];
  sample: string[];
  /** Reduced quantities: [sum of squared update, then the fraction's count if any]. */
  reduced: string[];
}

export function layoutOf(spec: KernelSpec, slots: string[]): ShaderLayout {
  return {
    slots,
    uniforms: spec.uniforms,
    sample: spec.sample ?? [],
    reduced: spec.fraction ? ['dd', `select(0.0, 1.0, ${spec.fraction.expr})`] : ['dd'],
  };
}

const SWIZZLE = ['x', 'y', 'z', 'w'];

export function buildShader(spec: KernelSpec, layout: ShaderLayout): string {
  const { slots, uniforms, sample, reduced } = layout;
  const hasState = slots.length > 0;
  const nVec = Math.max(1, Math.ceil(uniforms.length / 4));
  const R = reduced.length;
  const lines: string[] = [];
  lines.push('struct Meta { n: u32, offset: u32, wgOffset: u32, totalWg: u32,');
  lines.push('  stride: u32, count: u32, sampleBase: u32, nWg: u32 }');
  lines.push(`struct Uni { info: Meta, hp: array<vec4<f32>, ${nVec}> }`);
  lines.push('@group(0) @binding(0) var<uniform> U: Uni;');
  lines.push('@group(0) @binding(1) var<storage, read> G: array<f32>;');
  lines.push('@group(0) @binding(2) var<storage, read> P: array<f32>;');
  if (hasState) lines.push('@group(0) @binding(3) var<storage, read> S: array<f32>;');
  lines.push('@group(0) @binding(4) var<storage, read_write> P1: array<f32>;');
  if (hasState) lines.push('@group(0) @binding(5) var<storage, read_write> S1: array<f32>;');
  lines.push('@group(0) @binding(6) var<storage, read_write> R: array<f32>;');
  lines.push(`var<workgroup> red: array<f32, ${WORKGROUP * R}>;`);
  lines.push(`@compute @workgroup_size(${WORKGROUP})`);
  lines.push('fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wid: vec3<u32>) {');
  lines.push('  let n = U.info.n;');
  uniforms.forEach((name, k) => {
    lines.push(`  let ${name} = U.hp[${Math.floor(k / 4)}].${SWIZZLE[k % 4]};`);
  });
  for (let q = 0; q < R; q++) lines.push(`  var acc${q} = 0.0;`);
  lines.push(`  let gstride = U.info.nWg * ${WORKGROUP}u;`);
  lines.push(`  for (var i = wid.x * ${WORKGROUP}u + li; i < n; i = i + gstride) {`);
  lines.push('    let g = G[i];');
  lines.push('    let p = P[i];');
  slots.forEach((s, k) => {
    lines.push(`    let ${s} = S[${k}u * n + i];`);
  });
  for (const l of spec.body(slots).split('\n')) lines.push(`    ${l}`);
  lines.push('    P1[i] = p1;');
  slots.forEach((s, k) => {
    lines.push(`    S1[${k}u * n + i] = ${s}1;`);
  });
  lines.push('    let dd = (p1 - p) * (p1 - p);');
  reduced.forEach((expr, q) => {
    lines.push(`    acc${q} = acc${q} + ${expr};`);
  });
  if (sample.length > 0) {
    lines.push('    let gi = U.info.offset + i;');
    lines.push('    if (gi % U.info.stride == 0u) {');
    lines.push('      let j = U.info.sampleBase + gi / U.info.stride;');
    sample.forEach((expr, k) => {
      lines.push(`      R[j + ${k}u * U.info.count] = ${expr};`);
    });
    lines.push('    }');
  }
  lines.push('  }');
  for (let q = 0; q < R; q++) lines.push(`  red[${q * WORKGROUP}u + li] = acc${q};`);
  lines.push('  workgroupBarrier();');
  // One barrier, then thread 0 adds the WORKGROUP values in order: software Vulkan drivers
  // (SwiftShader) make each barrier expensive, so a log-depth tree with one barrier per level
  // costs far more there, and on a GPU this tail is negligible next to the memory traffic.
  lines.push('  if (li == 0u) {');
  for (let q = 0; q < R; q++) {
    const o = q * WORKGROUP;
    lines.push(`    var s${q} = 0.0;`);
    lines.push(`    for (var k = 0u; k < ${WORKGROUP}u; k = k + 1u) { s${q} = s${q} + red[${o}u + k]; }`);
    lines.push(`    R[${q}u * U.info.totalWg + U.info.wgOffset + wid.x] = s${q};`);
  }
  lines.push('  }');
  lines.push('}');
  return lines.join('\n');
}
