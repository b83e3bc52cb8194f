/**
 * WGSL of the fused HyperAdam / VHAdam cell's forward pass (docs/algorithms.md §4.1, §4.2;
 * buffer layouts: hyperLayout.ts), two dispatches over all N coordinates:
 *   F1 colSq:  per-workgroup partial column sums Σ_rows m_j², Σ_rows s_k² → P [nWg, J+H]
 *   F2 rows:   each workgroup first sums P into r = 1/√(Σ + 1e-16) (workgroup 0 stores r in W
 *              for the backward pass), then for every row (grid-stride):
 *     m̄ = m⊙r_m, s̄ = s⊙r_s,  z = [m̄, s̄]·W_ad + b_ad,  β = σ(z_{0..J}), γ = σ(z_{J..2J})
 *     m′ = βm + (1−β)g,  v′ = γv + (1−γ)g²,  β̂′ = ββ̂ + (1−β),  γ̂′ = γγ̂ + (1−γ)
 *     M = (m′/(β̂′+ε′)) / √(v′/(γ̂′+ε′) + ε′),  ρ = ELU(s·W_q + b_q),  μ = Σ_j ρ_j M_j
 *     V:  log σ² = s·w_var + b_var + ℓ₀,  d = μ + exp(½ log σ²)·ξ   (ξ, ℓ₀ from the caller)
 * σ as 1/(1+e^{−x}) and ELU as tfjs-backend-webgpu writes them; sums run in another order than
 * tfjs's matMul (float32 rounding, ~1e-7 relative).
 */

import { type CellDims, prelude } from './hyperLayout';
import { gridMain, partialsScratch, partialsToP, sumP } from './hyperReduce';
import { storage } from './wgsl';

/** F1: partial column sums of squares of m and s, one row of J+H per workgroup. */
export function colSqShader(d: CellDims): string {
  return `${prelude(d)}
${storage({ X: 'read', P: 'read_write' })}
${partialsScratch(d)}
${gridMain}
  let n = U.n;
  var acc: array<f32, JH>;
  for (var i = wid.x * WG + li; i < n; i = i + nw.x * WG) {
    for (var a = 0u; a < J; a = a + 1u) { let x = X[xm(n) + i * J + a]; acc[a] = acc[a] + x * x; }
    for (var k = 0u; k < H; k = k + 1u) { let x = X[xs(n) + i * H + k]; acc[J + k] = acc[J + k] + x * x; }
  }
${partialsToP}
}`;
}

/**
 * WGSL statements recomputing one row's forward quantities (F2 and the backward pass B1):
 * g, sv[H] (s), z[2J] (the AdamCell's pre-activations), and for V, lv (log σ²). `r(a)` reads
 * the colNorm scale of column a (m: a < J, s: J + k).
 */
export function rowForward(d: CellDims, r: (a: string) => string): string {
  const lines = [
    'let g = X[i];',
    'var sv: array<f32, H>;',
    'var z: array<f32, J2>;',
    'for (var c = 0u; c < J2; c = c + 1u) { z[c] = W[oB + c]; }',
    'for (var a = 0u; a < J; a = a + 1u) {',
    `  let x = X[xm(n) + i * J + a] * ${r('a')};`,
    '  for (var c = 0u; c < J2; c = c + 1u) { z[c] = z[c] + x * W[oK + a * J2 + c]; }',
    '}',
    'for (var k = 0u; k < H; k = k + 1u) {',
    '  let sk = X[xs(n) + i * H + k];',
    '  sv[k] = sk;',
    `  let x = sk * ${r('J + k')};`,
    '  for (var c = 0u; c < J2; c = c + 1u) { z[c] = z[c] + x * W[oK + (J + k) * J2 + c]; }',
    '}',
  ];
  if (d.V) {
    lines.push(
      'var lv = W[oVB] + X[xl0(n) + i];',
      'for (var k = 0u; k < H; k = k + 1u) { lv = lv + sv[k] * W[oVK + k]; }',
    );
  }
  return lines.join('\n');
}

/** WGSL statements of candidate j's cell (after rowForward): zq, rho, b, gm, m1, v1, bh1, gh1, M. */
export function candidate(): string {
  return [
    'var zq = W[oQB + j];',
    'for (var k = 0u; k < H; k = k + 1u) { zq = zq + sv[k] * W[oQ + k * J + j]; }',
    'let rho = elu(zq);',
    'let b = rate(z[j]);',
    'let gm = rate(z[J + j]);',
    'let idx = i * J + j;',
    'let m0 = X[xm(n) + idx]; let v0 = X[xv(n) + idx]; let bh0 = X[xbh(n) + idx]; let gh0 = X[xgh(n) + idx];',
    'let m1 = b * m0 + (1.0 - b) * g;',
    'let v1 = gm * v0 + (1.0 - gm) * (g * g);',
    'let bh1 = b * bh0 + (1.0 - b);',
    'let gh1 = gm * gh0 + (1.0 - gm);',
    'let A = m1 / (bh1 + EPS);',
    'let B = v1 / (gh1 + EPS);',
    'let sq = sqrt(B + EPS);',
    'let M = A / sq;',
  ].join('\n');
}

/** F2: r from P, then every row's outputs into O. W is read_write (r is stored there). */
export function rowsShader(d: CellDims): string {
  const tail = d.V
    ? ['O[4u * n * J + n + i] = lv;', 'O[4u * n * J + 2u * n + i] = mu + exp(0.5 * lv) * X[xxi(n) + i];']
    : [];
  return `${prelude(d)}
${storage({ X: 'read', W: 'read_write', P: 'read', O: 'read_write' })}
var<workgroup> rr: array<f32, JH>;
${gridMain}
  let n = U.n;
${sumP(`    rr[a] = inverseSqrt(s + 1e-16);
    if (wid.x == 0u) { W[oR + a] = rr[a]; }`)}
  for (var i = wid.x * WG + li; i < n; i = i + nw.x * WG) {
${indent(
  rowForward(d, (a) => `rr[${a}]`),
  4,
)}
    var mu = 0.0;
    for (var j = 0u; j < J; j = j + 1u) {
${indent(candidate(), 6)}
      mu = mu + rho * M;
      O[idx] = m1;
      O[n * J + idx] = v1;
      O[2u * n * J + idx] = bh1;
      O[3u * n * J + idx] = gh1;
    }
    O[4u * n * J + i] = mu;
${indent(tail.join('\n'), 4)}
  }
}`;
}

export const indent = (s: string, k: number): string =>
  s
    .split('\n')
    .map((l) => (l ? ' '.repeat(k) + l : l))
    .join('\n');
