/**
 * WGSL of the fused HyperAdam / VHAdam cell's backward pass, per row (docs/algorithms.md §4.1,
 * §4.2; layouts: hyperLayout.ts; forward: hyperFwd.ts). Given the output gradients dm′, dv′,
 * dβ̂′, dγ̂′, dμ (V: d log σ², dd), with A = m′/(β̂′+ε′), B = v′/(γ̂′+ε′), M = A/√(B+ε′):
 *   V:  dlv = d log σ² + dd·½e^{½ lv}ξ,  dμ += dd,  dξ = dd·e^{½ lv},  dℓ₀ = dlv
 *   dρ = dμ·M,  dz_q = dρ·ELU′ (1, or ρ+1 below 0),  dM = dμ·ρ
 *   dA = dM/√(B+ε′),  dB = −½ dM·M/(B+ε′)
 *   dm′ += dA/(β̂′+ε′),  dβ̂′ −= dA·A/(β̂′+ε′),  dv′ += dB/(γ̂′+ε′),  dγ̂′ −= dB·B/(γ̂′+ε′)
 *   dβ = dm′(m − g) + dβ̂′(β̂ − 1),  dγ = dv′(v − g²) + dγ̂′(γ̂ − 1)
 *   dm = dm′β, dv = dv′γ, dβ̂ = dβ̂′β, dγ̂ = dγ̂′γ,  dg = Σ_j dm′(1−β) + dv′(1−γ)2g
 *   dz = [dβ·β(1−β), dγ·γ(1−γ)],  [dm̄, ds̄] = dz·W_adᵀ,  ds = dz_q·W_qᵀ + dlv·w_varᵀ
 *   colNorm (y = x·r, r = (Σ_rows x² + 1e-16)^{−½}):  dx += r·(dy − y·Σ_rows dy⊙y)
 * B1 writes everything but the colNorm terms, the row's dz, dz_q, dlv, dm̄, ds̄ into D (the
 * parameter gradients are Σ_rows products of them: hyperGram.ts), and per-workgroup partials
 * of Σ_rows dm̄⊙m̄ and Σ_rows ds̄⊙s̄; B2 sums those and adds the colNorm terms to dm and ds.
 */
import { candidate, indent, rowForward } from './hyperFwd';
import { type CellDims, dCols, prelude } from './hyperLayout';
import { gridMain, partialsScratch, partialsToP, sumP } from './hyperReduce';
import { storage } from './wgsl';

/** B1: the row backward; P gets [nWg, J+H] partials of Σ dm̄⊙m̄ | Σ ds̄⊙s̄. */
export function rowsBackShader(d: CellDims): string {
  const c = dCols(d);
  const r = (a: string) => `W[oR + ${a}]`;
  const varHead = d.V
    ? [
        'let sd = exp(0.5 * lv);',
        'let dd = DY[4u * n * J + 2u * n + i];',
        'let dlv = DY[4u * n * J + n + i] + dd * 0.5 * sd * X[xxi(n) + i];',
        'dmu = dmu + dd;',
        'GX[xxi(n) + i] = dd * sd;',
        'GX[xl0(n) + i] = dlv;',
        `D[i * DW + ${c.dlv}u] = dlv;`,
        'for (var k = 0u; k < H; k = k + 1u) { dsv[k] = dlv * W[oVK + k]; }',
      ].join('\n')
    : '';
  return `${prelude(d)}
${storage({ X: 'read', W: 'read', DY: 'read', GX: 'read_write', D: 'read_write', P: 'read_write' })}
${partialsScratch(d)}
${gridMain}
  let n = U.n;
  var acc: array<f32, JH>;
  for (var i = wid.x * WG + li; i < n; i = i + nw.x * WG) {
${indent(rowForward(d, r), 4)}
    var dmu = DY[4u * n * J + i];
    var dsv: array<f32, H>;
${indent(varHead, 4)}
    var dz: array<f32, J2>;
    var dg = 0.0;
    for (var j = 0u; j < J; j = j + 1u) {
${indent(candidate(), 6)}
      let dzq = dmu * M * select(rho + 1.0, 1.0, zq >= 0.0);
      D[i * DW + ${c.dzq}u + j] = dzq;
      for (var k = 0u; k < H; k = k + 1u) { dsv[k] = dsv[k] + dzq * W[oQ + k * J + j]; }
      let dM = dmu * rho;
      let dA = dM / sq;
      let dB = -0.5 * dM * M / (B + EPS);
      let dm1 = DY[idx] + dA / (bh1 + EPS);
      let dbh1 = DY[2u * n * J + idx] - dA * A / (bh1 + EPS);
      let dv1 = DY[n * J + idx] + dB / (gh1 + EPS);
      let dgh1 = DY[3u * n * J + idx] - dB * B / (gh1 + EPS);
      let db = dm1 * (m0 - g) + dbh1 * (bh0 - 1.0);
      let dgm = dv1 * (v0 - g * g) + dgh1 * (gh0 - 1.0);
      GX[xm(n) + idx] = dm1 * b;
      GX[xv(n) + idx] = dv1 * gm;
      GX[xbh(n) + idx] = dbh1 * b;
      GX[xgh(n) + idx] = dgh1 * gm;
      dg = dg + dm1 * (1.0 - b) + dv1 * (1.0 - gm) * 2.0 * g;
      dz[j] = db * drate(b);
      dz[J + j] = dgm * drate(gm);
    }
    GX[i] = dg;
    for (var q = 0u; q < J2; q = q + 1u) { D[i * DW + q] = dz[q]; }
    for (var a = 0u; a < JH; a = a + 1u) {
      var s = 0.0;
      for (var q = 0u; q < J2; q = q + 1u) { s = s + dz[q] * W[oK + a * J2 + q]; }
      D[i * DW + ${c.dmb}u + a] = s;
      var x = 0.0;
      if (a < J) { x = X[xm(n) + i * J + a]; } else { x = sv[a - J]; }
      acc[a] = acc[a] + s * x * W[oR + a];
    }
    for (var k = 0u; k < H; k = k + 1u) { GX[xs(n) + i * H + k] = dsv[k]; }
  }
${partialsToP}
}`;
}

/** B2: Σ_rows dȳ⊙ȳ from P (nA workgroups' partials), then dx += r(dȳ − ȳ·Σ) for m and s. */
export function colNormBackShader(d: CellDims): string {
  const c = dCols(d);
  return `${prelude(d)}
${storage({ X: 'read', W: 'read', D: 'read', P: 'read', GX: 'read_write' })}
var<workgroup> st: array<f32, JH>;
${gridMain}
  let n = U.n;
${sumP('    st[a] = s;')}
  for (var i = wid.x * WG + li; i < n; i = i + nw.x * WG) {
    for (var a = 0u; a < J; a = a + 1u) {
      let r = W[oR + a];
      let at = xm(n) + i * J + a;
      GX[at] = GX[at] + r * (D[i * DW + ${c.dmb}u + a] - X[at] * r * st[a]);
    }
    for (var k = 0u; k < H; k = k + 1u) {
      let r = W[oR + J + k];
      let at = xs(n) + i * H + k;
      GX[at] = GX[at] + r * (D[i * DW + ${c.dsb}u + k] - X[at] * r * st[J + k]);
    }
  }
}`;
}
