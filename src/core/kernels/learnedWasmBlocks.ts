/**
 * Building blocks of the generated learned-optimizer kernels (learnedWasmCode.ts), emitted per
 * coordinate with the SIMD lanes over a layer's units: dense layers (bias after the products,
 * as matMul + add), the LSTM cell, RNNprop's relative gradients, HyperAdam's AdamCell /
 * WeightCell / combine, float32 column sums in row order, probe rows, and the coordinate loop.
 * The maths and operation order follow the tfjs-ops networks (learned/lstm.ts, preprocess.ts,
 * hyperAdamCells.ts; docs/algorithms.md §2–§4).
 */

import { RATE_CAP } from '../learned/hyperAdamCells';
import {
  factorLayout,
  G,
  type LearnedWasmLayout,
  N,
  P,
  P1,
  PL,
  PR,
  probeRow,
  S,
  S1,
  stateLayout,
  U,
  W,
  WS,
  workspaceLayout,
  XI,
} from './learnedWasmLayout';
import { F32, F64, I32, OP, RELAXED_MADD, SIMD, V128 } from './wasmAsm';
import { MathFn as Fn } from './wasmMath';

export type Push = (f: Fn) => void;

export function w(l: LearnedWasmLayout, name: string): number {
  const v = l.offsets[name];
  if (v === undefined) throw new Error(`learned wasm: no meta-parameter '${name}'`);
  return v;
}

/** z = (Σ_r x_r K[r, :]) + b over `cols` outputs; sink(v, value) gets column vector v's value. */
export function dense(
  f: Fn,
  inputs: Push[],
  kOff: number,
  bOff: number,
  cols: number,
  sink: (v: number, value: () => void) => void,
) {
  const nv = cols / 4;
  const xs = f.temp('dense.x', V128);
  for (let g0 = 0; g0 < nv; g0 += 4) {
    const m = Math.min(4, nv - g0);
    const acc = Array.from({ length: m }, (_, k) => f.temp(`dense.acc${k}`, V128));
    inputs.forEach((push, r) => {
      push(f);
      f.set(xs);
      acc.forEach((a, k) => {
        const wAt = 4 * (kOff + r * cols + 4 * (g0 + k));
        if (r > 0 && f.fma) {
          // relaxed SIMD: a + x·w in one (fused or not, as the engine does it) instruction
          f.get(xs).loadV(W, wAt).get(a).simd(RELAXED_MADD).set(a);
          return;
        }
        if (r > 0) f.get(a);
        f.get(xs).loadV(W, wAt).vop('f32x4Mul');
        if (r > 0) f.vop('f32x4Add');
        f.set(a);
      });
    });
    acc.forEach((a, k) => {
      sink(g0 + k, () =>
        f
          .get(a)
          .loadV(W, 4 * (bOff + 4 * (g0 + k)))
          .vop('f32x4Add'),
      );
    });
  }
}

export const memSplat =
  (base: number, floatAt: number): Push =>
  (f) =>
    f.splatAt(base, 4 * floatAt);
/** Splat of x·factor (two float32 loads, a float32 product: colNorm's x·rsqrt(·)). */
export const scaledSplat =
  (base: number, floatAt: number, factorAt: number): Push =>
  (f) =>
    f
      .loadF32(base, 4 * floatAt)
      .loadF32(U, 4 * factorAt)
      .op(OP.f32mul)
      .simd(SIMD.f32x4Splat);

/**
 * Adds the column vector on the stack to the float32 sums at WS + bytes: coordinate after
 * coordinate in order, the sequential float32 sum of tfjs-wasm's Sum/Mean over the rows.
 */
export function sumInto(f: Fn, bytes: number) {
  const t = f.temp('sum.v', V128);
  f.set(t);
  f.get(WS).loadV(WS, bytes).get(t).vop('f32x4Add').storeV(bytes);
}

/** One LSTM layer: inputs into z (WS), then c′, h′ into S1; onH(v) sees h′ vector v in local h. */
export function lstm(
  f: Fn,
  l: LearnedWasmLayout,
  layer: number,
  inputs: Push[],
  prevH: Push[],
  cFrom: number,
  onH: (v: number, h: number) => void,
) {
  const H = l.hidden;
  const st = stateLayout(l);
  const ws = workspaceLayout(l);
  dense(
    f,
    [...inputs, ...prevH],
    w(l, `lstm${layer}/kernel`),
    w(l, `lstm${layer}/bias`),
    4 * H,
    (v, value) => {
      f.get(WS);
      value();
      f.storeV(ws.z + 16 * v);
    },
  );
  const c1 = f.temp('lstm.c', V128);
  const h1 = f.temp('lstm.h', V128);
  const z = (gate: number, v: number) => ws.z + 4 * (gate * H + 4 * v);
  for (let v = 0; v < H / 4; v++) {
    f.get(S1);
    f.loadV(WS, z(2, v))
      .vconst(1)
      .vop('f32x4Add')
      .sigmoid4()
      .loadV(cFrom, 4 * (st.cRow(layer) + 4 * v))
      .vop('f32x4Mul');
    f.loadV(WS, z(0, v)).sigmoid4().loadV(WS, z(1, v)).tanh4().vop('f32x4Mul').vop('f32x4Add');
    f.tee(c1).storeV(4 * (st.cRow(layer) + 4 * v));
    f.get(S1).loadV(WS, z(3, v)).sigmoid4().get(c1).tanh4().vop('f32x4Mul').tee(h1);
    f.storeV(4 * (st.hRow(layer) + 4 * v));
    onH(v, h1);
  }
}

export const rowsOf = (base: number, at: number, count: number): Push[] =>
  Array.from({ length: count }, (_, r) => memSplat(base, at + r));

/** RNNprop-style moments of g (state rows 0, 1): pushes nothing, sets x0, x1 (f32 locals). */
export function relative(f: Fn, g: number, x0: number, x1: number) {
  const m1 = f.temp('rel.m', F32);
  const v1 = f.temp('rel.v', F32);
  const d = f.temp('rel.d', F32);
  const u = (k: number) => f.loadF32(U, 4 * k);
  f.get(S1).loadF32(S, 0);
  u(1).op(OP.f32mul).get(g);
  u(2).op(OP.f32mul).op(OP.f32add).tee(m1).storeF32(0);
  f.get(S1).loadF32(S, 4);
  u(3).op(OP.f32mul).get(g).get(g).op(OP.f32mul);
  u(4).op(OP.f32mul).op(OP.f32add).tee(v1).storeF32(4);
  f.get(v1);
  u(6).op(OP.f32div).op(OP.f32sqrt);
  u(7).op(OP.f32add).set(d);
  f.get(g).get(d).op(OP.f32div).set(x0);
  f.get(m1);
  u(5).op(OP.f32div).get(d).op(OP.f32div).set(x1);
}

/** The AdamCell, WeightCell and combine of HyperAdam/VHAdam; leaves d (f32) in local `d`. */
export function adamCell(f: Fn, l: LearnedWasmLayout, g: number, d: number) {
  const H = l.hidden;
  const J = l.candidates;
  const st = stateLayout(l);
  const ws = workspaceLayout(l);
  const fl = factorLayout(l);
  const top = st.hRow(l.layers - 1);
  const inputs = [
    ...Array.from({ length: J }, (_, r) => scaledSplat(S, st.m + r, fl.m + r)),
    ...Array.from({ length: H }, (_, r) => scaledSplat(S1, top + r, fl.h + r)),
  ];
  dense(f, inputs, w(l, 'adam/kernel'), w(l, 'adam/bias'), 2 * J, (v, value) => {
    f.get(WS);
    value();
    f.sigmoid4()
      .vconst(RATE_CAP)
      .vop('f32x4Min')
      .storeV(ws.rates + 16 * v); // β, γ ≤ RATE_CAP
  });
  const gv = f.temp('cell.g', V128);
  const g2 = f.temp('cell.g2', V128);
  const b = f.temp('cell.b', V128);
  const c = f.temp('cell.c', V128);
  const t = f.temp('cell.t', V128);
  const mt = f.temp('cell.mt', V128);
  const vt = f.temp('cell.vt', V128);
  f.get(g).simd(SIMD.f32x4Splat).set(gv);
  f.get(g).get(g).op(OP.f32mul).simd(SIMD.f32x4Splat).set(g2);
  const one = () => f.vconst(1);
  for (let v = 0; v < J / 4; v++) {
    const at = (row: number) => 4 * (row + 4 * v);
    f.loadV(WS, ws.rates + 16 * v).set(b);
    f.loadV(WS, ws.rates + 4 * J + 16 * v).set(c);
    // m = β·m + (1−β)·g;  bh = β·bh + (1−β);  mt = m/(bh + ε′)
    f.get(S1).get(b).loadV(S, at(st.m)).vop('f32x4Mul');
    one().get(b).vop('f32x4Sub').get(gv).vop('f32x4Mul').vop('f32x4Add').tee(t).storeV(at(st.m));
    f.get(S1).get(b).loadV(S, at(st.bh)).vop('f32x4Mul');
    one().get(b).vop('f32x4Sub').vop('f32x4Add').tee(mt).storeV(at(st.bh));
    f.get(t).get(mt).vconst(1e-24).vop('f32x4Add').vop('f32x4Div').set(mt);
    // v = γ·v + (1−γ)·g²;  gh = γ·gh + (1−γ);  vt = v/(gh + ε′)
    f.get(S1).get(c).loadV(S, at(st.v)).vop('f32x4Mul');
    one().get(c).vop('f32x4Sub').get(g2).vop('f32x4Mul').vop('f32x4Add').tee(t).storeV(at(st.v));
    f.get(S1).get(c).loadV(S, at(st.gh)).vop('f32x4Mul');
    one().get(c).vop('f32x4Sub').vop('f32x4Add').tee(vt).storeV(at(st.gh));
    f.get(t).get(vt).vconst(1e-24).vop('f32x4Add').vop('f32x4Div').set(vt);
    // M = mt/√(vt + ε′)
    f.get(WS).get(mt).get(vt).vconst(1e-24).vop('f32x4Add').vop('f32x4Sqrt').vop('f32x4Div');
    f.storeV(ws.moments + 16 * v);
  }
  const dacc = f.temp('cell.d', V128);
  dense(f, rowsOf(S1, top, H), w(l, 'weight/kernel'), w(l, 'weight/bias'), J, (v, value) => {
    f.get(WS);
    value();
    f.elu4()
      .tee(t)
      .storeV(ws.rho + 16 * v);
    f.get(t);
    sumInto(f, ws.sums.rho + 16 * v);
    f.get(t)
      .loadV(WS, ws.moments + 16 * v)
      .vop('f32x4Mul');
    if (v > 0) f.get(dacc).vop('f32x4Add');
    f.set(dacc);
  });
  f.get(dacc).hsum().set(d);
}

/** Copies this coordinate's β, γ, ρ (and VHAdam's σ², μ, d) to PR when it is PL's next. */
export function probeRowOut(f: Fn, l: LearnedWasmLayout, i: number, extra: [number, number, number] | null) {
  const J = l.candidates;
  const ws = workspaceLayout(l);
  f.get(i).get(PL).op(OP.i32load, 2, 0).op(OP.i32eq).op(OP.if, OP.void);
  for (let v = 0; v < J / 2; v++)
    f.get(PR)
      .loadV(WS, ws.rates + 16 * v)
      .storeV(16 * v);
  for (let v = 0; v < J / 4; v++)
    f.get(PR)
      .loadV(WS, ws.rho + 16 * v)
      .storeV(8 * J + 16 * v);
  if (extra)
    for (const [k, x] of extra.entries())
      f.get(PR)
        .get(x)
        .storeF32(12 * J + 4 * k);
  f.get(PR)
    .i32(4 * probeRow(J))
    .op(OP.i32add)
    .set(PR);
  f.get(PL).i32(4).op(OP.i32add).set(PL);
  f.op(OP.end);
}

const PARAMS = Array.from({ length: 12 }, () => I32);

/** The coordinate loop around body(g, i) → leaves Δ (f32) in local delta; returns Σ Δ². */
export function coordinateLoop(
  l: LearnedWasmLayout,
  update: boolean,
  body: (f: Fn, g: number, i: number, delta: number) => void,
): Fn {
  const f = new Fn(PARAMS, F64);
  f.fma = l.fma === true;
  const i = f.local(I32);
  const g = f.local(F32);
  const delta = f.local(F32);
  const acc = f.local(F64);
  const rowBytes = 4 * stateLayout(l).rows;
  f.op(OP.block, OP.void, OP.loop, OP.void);
  f.get(i).get(N).op(OP.i32geu).op(OP.brIf, 1);
  f.loadF32(G, 0).set(g);
  body(f, g, i, delta);
  if (update) {
    f.get(P1).loadF32(P, 0).get(delta).op(OP.f32add).storeF32(0);
    f.get(acc).get(delta).get(delta).op(OP.f32mul).op(OP.f64promote).op(OP.f64add).set(acc);
  }
  for (const [ptr, by] of [
    [S, rowBytes],
    [S1, rowBytes],
    [G, 4],
    [P, 4],
    [P1, 4],
    [XI, 4],
    [i, 1],
  ]) {
    f.get(ptr).i32(by).op(OP.i32add).set(ptr);
  }
  f.op(OP.br, 0, OP.end, OP.end);
  f.get(acc);
  return f;
}
