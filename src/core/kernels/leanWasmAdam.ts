/**
 * The AdamCell + WeightCell + combine kernels of the lean path on wasm (adamFwd, adamBwd; the
 * maths and layouts are in leanWasmCode.ts's header; docs/algorithms.md §4.1). The backward
 * pass recomputes m', v', β̂', γ̂' and M from the saved β, γ, ρ and old state. β and γ are
 * capped at RATE_CAP (hyperAdamCells.ts); their backward multiplies by [saved rate < RATE_CAP].
 */
import { ADAM_CELL_EPS, RATE_CAP } from '../learned/hyperAdamCells';
import { rowFn, vars } from './leanWasmRows';
import type { MathFn } from './wasmMath';

/** The AdamCell's recomputed forward quantities for chunk o (β, γ, m, v, β̂, γ̂, g loaded). */
function adamMoments(f: MathFn, v: (k: string) => number, op: ReturnType<typeof vars>['op']) {
  const eps = ADAM_CELL_EPS;
  op(1, 'f32x4Sub', 'b');
  f.set(v('omb'));
  op(1, 'f32x4Sub', 'gm');
  f.set(v('omg'));
  op('b', 'f32x4Mul', 'm');
  op('omb', 'f32x4Mul', 'g');
  f.vop('f32x4Add').set(v('m1'));
  op('gm', 'f32x4Mul', 'v');
  f.get(v('omg'));
  op('g', 'f32x4Mul', 'g');
  f.vop('f32x4Mul').vop('f32x4Add').set(v('v1'));
  op('b', 'f32x4Mul', 'bh');
  f.get(v('omb')).vop('f32x4Add').set(v('bh1'));
  op('bh1', 'f32x4Add', eps);
  f.set(v('P'));
  op('gm', 'f32x4Mul', 'gh');
  f.get(v('omg')).vop('f32x4Add').set(v('gh1'));
  op('gh1', 'f32x4Add', eps);
  f.set(v('Q'));
  op('m1', 'f32x4Div', 'P');
  f.set(v('A'));
  op('v1', 'f32x4Div', 'Q');
  f.set(v('u'));
  f.get(v('u')).vconst(eps).vop('f32x4Add').vop('f32x4Sqrt').set(v('B'));
  op('A', 'f32x4Div', 'B');
  f.set(v('M'));
}

const ADAM_ACT = ['b', 'gm', 'rho', 'm', 'v', 'bh', 'gh'];

export function adamFwdFn(J: number) {
  const r = 4 * J;
  const act = 4 * (7 * J + 4);
  return rowFn(13, [2 * r, r, 4, r, r, r, r, r, r, r, r, 4, act], (f, p) => {
    const [ZR, ZQ, G, M, V, BH, GH, M1, V1, BH1, GH1, MU, ACT] = p;
    const { v, op } = vars(f);
    f.vconst(0).set(v('acc'));
    f.splatAt(G, 0).set(v('g'));
    for (let q = 0; q < J / 4; q++) {
      const o = 16 * q;
      f.loadV(ZR, o).sigmoid4().vconst(RATE_CAP).vop('f32x4Min').set(v('b'));
      f.loadV(ZR, r + o)
        .sigmoid4()
        .vconst(RATE_CAP)
        .vop('f32x4Min')
        .set(v('gm'));
      f.loadV(ZQ, o).elu4().set(v('rho'));
      f.loadV(M, o).set(v('m'));
      f.loadV(V, o).set(v('v'));
      f.loadV(BH, o).set(v('bh'));
      f.loadV(GH, o).set(v('gh'));
      adamMoments(f, v, op);
      f.get(v('acc'));
      op('rho', 'f32x4Mul', 'M');
      f.vop('f32x4Add').set(v('acc'));
      f.get(M1).get(v('m1')).storeV(o);
      f.get(V1).get(v('v1')).storeV(o);
      f.get(BH1).get(v('bh1')).storeV(o);
      f.get(GH1).get(v('gh1')).storeV(o);
      ADAM_ACT.forEach((k, i) => {
        f.get(ACT)
          .get(v(k))
          .storeV(i * r + o);
      });
    }
    f.get(MU).get(v('acc')).hsum().storeF32(0);
    f.get(ACT)
      .loadF32(G, 0)
      .storeF32(7 * r);
  });
}

export function adamBwdFn(J: number) {
  const r = 4 * J;
  const act = 4 * (7 * J + 4);
  return rowFn(12, [act, r, r, r, r, 4, 2 * r, r, r, r, r, r], (f, p) => {
    const [ACT, DM1, DV1, DBH1, DGH1, DMU, DZR, DZQ, DM, DV, DBH, DGH] = p;
    const { v, op } = vars(f);
    // top of stack := top where the saved rate k < RATE_CAP, else 0 (the cap's derivative)
    const uncapped = (k: string) => f.vconst(0).get(v(k)).vconst(RATE_CAP).vop('f32x4Lt').vop('bitselect');
    f.splatAt(ACT, 7 * r).set(v('g'));
    f.splatAt(DMU, 0).set(v('dmu'));
    for (let q = 0; q < J / 4; q++) {
      const o = 16 * q;
      ADAM_ACT.forEach((k, i) => {
        f.loadV(ACT, i * r + o).set(v(k));
      });
      adamMoments(f, v, op);
      // dρ = dμ·M through ELU (y ≥ 0: 1, else y + 1)
      f.get(DZQ);
      op('dmu', 'f32x4Mul', 'M');
      f.vconst(1).get(v('rho')).vconst(1).vop('f32x4Add');
      f.get(v('rho')).vconst(0).vop('f32x4Ge').vop('bitselect');
      f.vop('f32x4Mul').storeV(o);
      // dM = dμ·ρ;  dA = dM/B;  du = −dM·M/B / (2B)
      op('dmu', 'f32x4Mul', 'rho');
      f.set(v('dM'));
      op('dM', 'f32x4Div', 'B');
      f.set(v('dA'));
      op('dM', 'f32x4Mul', 'M');
      f.get(v('B')).vop('f32x4Div').vconst(-0.5).vop('f32x4Mul').get(v('B')).vop('f32x4Div').set(v('du'));
      // dm'ₜ = dm' + dA/P, dβ̂'ₜ = dβ̂' − dA·A/P, dv'ₜ = dv' + du/Q, dγ̂'ₜ = dγ̂' − du·u/Q
      f.loadV(DM1, o);
      op('dA', 'f32x4Div', 'P');
      f.vop('f32x4Add').set(v('dm1'));
      f.loadV(DBH1, o);
      op('dA', 'f32x4Mul', 'A');
      f.get(v('P')).vop('f32x4Div').vop('f32x4Sub').set(v('dbh1'));
      f.loadV(DV1, o);
      op('du', 'f32x4Div', 'Q');
      f.vop('f32x4Add').set(v('dv1'));
      f.loadV(DGH1, o);
      op('du', 'f32x4Mul', 'u');
      f.get(v('Q')).vop('f32x4Div').vop('f32x4Sub').set(v('dgh1'));
      // dz_β = (dm'ₜ·(m − g) + dβ̂'ₜ·(β̂ − 1))·β(1−β), dz_γ likewise with v − g², γ̂ − 1
      f.get(DZR).get(v('dm1'));
      op('m', 'f32x4Sub', 'g');
      f.vop('f32x4Mul').get(v('dbh1'));
      op('bh', 'f32x4Sub', 1);
      f.vop('f32x4Mul').vop('f32x4Add');
      op('b', 'f32x4Mul', 'omb');
      f.vop('f32x4Mul');
      uncapped('b');
      f.storeV(o);
      f.get(DZR).get(v('dv1')).get(v('v'));
      op('g', 'f32x4Mul', 'g');
      f.vop('f32x4Sub').vop('f32x4Mul').get(v('dgh1'));
      op('gh', 'f32x4Sub', 1);
      f.vop('f32x4Mul').vop('f32x4Add');
      op('gm', 'f32x4Mul', 'omg');
      f.vop('f32x4Mul');
      uncapped('gm');
      f.storeV(r + o);
      const out = (ptr: number, d: string, s: string) => {
        f.get(ptr);
        op(d, 'f32x4Mul', s);
        f.storeV(o);
      };
      out(DM, 'dm1', 'b');
      out(DV, 'dv1', 'gm');
      out(DBH, 'dbh1', 'b');
      out(DGH, 'dgh1', 'gm');
    }
  });
}
