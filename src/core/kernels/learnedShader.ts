/**
 * WGSL for one fused inference step of a coordinatewise learned optimizer (DMOptimizer or
 * RNNprop, src/core/learned) over one parameter tensor: each invocation runs one coordinate's
 * whole step, the same math and operation order as the tfjs-ops reference:
 *   DM:       x = LogAndSign_p(g) = (max(log(|g| + 1e-30)/p, −1), clip(g·e^p, −1, 1))  (p = 0: x = g)
 *   RNNprop:  m′ = β1m + (1−β1)g, v′ = β2v + (1−β2)g², d = √(v′/bc2) + ε,
 *             x = (g/d, (m′/bc1)/d),  a = ELU(x·W_in + b_in)
 *   LSTM ×L:  [i, j, f, o] = [a, h]·K + b;  c′ = σ(f + 1)c + σ(i)tanh(j);  h′ = σ(o)tanh(c′)
 *   output:   DM Δ = (h′·w + b)·scale;  RNNprop Δ = tanh(h′·w + b)·(−scale);  θ′ = θ + Δ
 * σ and tanh are written as tfjs-backend-webgpu writes them (1/(1+e^{−x}); sign·(1−e^{−2|x|})/
 * (1+e^{−2|x|})). Sums run in a different order than tfjs's matMul: results agree to ~1e-6.
 *
 * Bindings: 0 uniform (n, wgOffset, totalWg, nWg; then scalars); 1 G; 2 P; 3 S [rows, n] (read);
 * 4 P1; 5 S1 [rows, n]; 6 R (per-workgroup Σ Δ² partials, for the finish kernel's updateNorm);
 * 7 W (all meta-parameters concatenated in MetaParams order). State rows: RNNprop m, v, then
 * per layer h (H rows), c (H rows); DM the per-layer h, c only. One row per feature keeps
 * every state read and write coalesced.
 */
import { WORKGROUP } from './shader';

export interface LearnedLayout {
  kind: 'dmoptimizer' | 'rnnprop';
  hidden: number;
  layers: number;
  /** Size of the first LSTM layer's input (DM: 2 with LogAndSign, 1 without; RNNprop: H). */
  input0: number;
  /** Offsets into W by meta-parameter name. */
  offsets: Record<string, number>;
}

/** Scalar uniforms, in order (vec4-packed after the 16-byte header). */
export const LEARNED_UNIFORMS = [
  'b1',
  'omb1',
  'b2',
  'omb2',
  'bc1',
  'bc2',
  'eps',
  'scale',
  'lp',
  'ep',
] as const;

export function stateRows(l: LearnedLayout): number {
  return (l.kind === 'rnnprop' ? 2 : 0) + 2 * l.hidden * l.layers;
}

const SWIZZLE = ['x', 'y', 'z', 'w'];

export function buildLearnedShader(l: LearnedLayout): string {
  const H = l.hidden;
  const rnn = l.kind === 'rnnprop';
  const base = rnn ? 2 : 0;
  const o = (name: string) => {
    const v = l.offsets[name];
    if (v === undefined) throw new Error(`learned fused: no meta-parameter '${name}'`);
    return `${v}u`;
  };
  const nVec = Math.ceil(LEARNED_UNIFORMS.length / 4);
  const L: string[] = [];
  L.push('struct Meta { n: u32, wgOffset: u32, totalWg: u32, nWg: u32 }');
  L.push(`struct Uni { info: Meta, hp: array<vec4<f32>, ${nVec}> }`);
  L.push('@group(0) @binding(0) var<uniform> U: Uni;');
  L.push('@group(0) @binding(1) var<storage, read> G: array<f32>;');
  L.push('@group(0) @binding(2) var<storage, read> P: array<f32>;');
  L.push('@group(0) @binding(3) var<storage, read> S: array<f32>;');
  L.push('@group(0) @binding(4) var<storage, read_write> P1: array<f32>;');
  L.push('@group(0) @binding(5) var<storage, read_write> S1: array<f32>;');
  L.push('@group(0) @binding(6) var<storage, read_write> R: array<f32>;');
  L.push('@group(0) @binding(7) var<storage, read> W: array<f32>;');
  L.push(`var<workgroup> red: array<f32, ${WORKGROUP}>;`);
  L.push('fn sig(a: f32) -> f32 { return 1.0 / (1.0 + exp(-1.0 * a)); }');
  L.push('fn tnh(a: f32) -> f32 { let e = exp(-2.0 * abs(a)); return sign(a) * (1.0 - e) / (1.0 + e); }');
  L.push(`@compute @workgroup_size(${WORKGROUP})`);
  L.push('fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wid: vec3<u32>) {');
  L.push('  let n = U.info.n;');
  LEARNED_UNIFORMS.forEach((name, k) => {
    L.push(`  let ${name} = U.hp[${Math.floor(k / 4)}].${SWIZZLE[k % 4]};`);
  });
  L.push('  var acc = 0.0;');
  L.push(`  let gstride = U.info.nWg * ${WORKGROUP}u;`);
  L.push(`  for (var i = wid.x * ${WORKGROUP}u + li; i < n; i = i + gstride) {`);
  L.push('    let g = G[i];');
  L.push('    let p = P[i];');
  const G4 = 4 * H;
  const zs = Array.from({ length: G4 }, (_, c) => `z${c}`);
  L.push(`    var ${zs.map((z) => `${z} = 0.0`).join('; var ')};`);
  if (rnn) {
    L.push(`    var xin: array<f32, ${H}>;`);
    L.push('    let m1 = S[i] * b1 + g * omb1;');
    L.push('    let v1 = S[n + i] * b2 + (g * g) * omb2;');
    L.push('    S1[i] = m1;');
    L.push('    S1[n + i] = v1;');
    L.push('    let d = sqrt(v1 / bc2) + eps;');
    L.push('    let x0 = g / d;');
    L.push('    let x1 = (m1 / bc1) / d;');
    L.push(`    for (var k = 0u; k < ${H}u; k = k + 1u) {`);
    L.push(
      `      let z = (x0 * W[${o('in/kernel')} + k] + x1 * W[${o('in/kernel')} + ${H}u + k]) + W[${o('in/bias')} + k];`,
    );
    L.push('      xin[k] = select(exp(z) - 1.0, z, z >= 0.0);');
    L.push('    }');
  } else if (l.input0 === 2) {
    L.push('    let x0 = max(log(abs(g) + 1e-30) / lp, -1.0);');
    L.push('    let x1 = clamp(g * ep, -1.0, 1.0);');
  } else {
    L.push('    let x0 = g;');
  }
  // One input row r of [x, h]·K into the 4H gate accumulators (unrolled: they stay in registers).
  const accumulate = (x: string, K: number, row: string, indent: string) => {
    L.push(`${indent}let w = ${K}u + ${row} * ${G4}u;`);
    for (let c = 0; c < G4; c++) L.push(`${indent}z${c} = z${c} + ${x} * W[w + ${c}u];`);
  };
  L.push('    var out = 0.0;');
  for (let layer = 0; layer < l.layers; layer++) {
    const I = layer === 0 ? l.input0 : H;
    const K = l.offsets[`lstm${layer}/kernel`];
    const B = o(`lstm${layer}/bias`);
    if (K === undefined) throw new Error(`learned fused: no meta-parameter 'lstm${layer}/kernel'`);
    const hRow = base + 2 * H * layer;
    const cRow = hRow + H;
    const prevH = hRow - 2 * H;
    L.push(`    // LSTM layer ${layer}: input ${I}; state rows h ${hRow}…, c ${cRow}…`);
    if (layer > 0) L.push(`    ${zs.map((z) => `${z} = 0.0`).join('; ')};`);
    if (layer === 0 && !rnn) {
      for (let r = 0; r < I; r++) {
        L.push('    {');
        accumulate(`x${r}`, K, `${r}u`, '      ');
        L.push('    }');
      }
    } else {
      L.push(`    for (var r = 0u; r < ${I}u; r = r + 1u) {`);
      L.push(layer === 0 ? '      let x = xin[r];' : `      let x = S1[(${prevH}u + r) * n + i];`);
      accumulate('x', K, 'r', '      ');
      L.push('    }');
    }
    L.push(`    for (var r = 0u; r < ${H}u; r = r + 1u) {`);
    L.push(`      let x = S[(${hRow}u + r) * n + i];`);
    accumulate('x', K, `(${I}u + r)`, '      ');
    L.push('    }');
    for (let k = 0; k < H; k++) {
      const b = (c: number) => `W[${B} + ${c}u]`;
      L.push('    {');
      L.push(
        `      let c1 = sig((z${2 * H + k} + ${b(2 * H + k)}) + 1.0) * S[${cRow + k}u * n + i] + sig(z${k} + ${b(k)}) * tnh(z${H + k} + ${b(H + k)});`,
      );
      L.push(`      let h1 = sig(z${3 * H + k} + ${b(3 * H + k)}) * tnh(c1);`);
      L.push(`      S1[${cRow + k}u * n + i] = c1;`);
      L.push(`      S1[${hRow + k}u * n + i] = h1;`);
      if (layer === l.layers - 1) L.push(`      out = out + h1 * W[${o('out/kernel')} + ${k}u];`);
      L.push('    }');
    }
  }
  L.push(`    out = out + W[${o('out/bias')}];`);
  L.push(rnn ? '    let delta = tnh(out) * (-scale);' : '    let delta = out * scale;');
  L.push('    P1[i] = p + delta;');
  L.push('    acc = acc + delta * delta;');
  L.push('  }');
  L.push('  red[li] = acc;');
  L.push('  workgroupBarrier();');
  L.push('  if (li == 0u) {');
  L.push('    var s = 0.0;');
  L.push(`    for (var k = 0u; k < ${WORKGROUP}u; k = k + 1u) { s = s + red[k]; }`);
  L.push('    R[U.info.wgOffset + wid.x] = s;');
  L.push('  }');
  L.push('}');
  return L.join('\n');
}
