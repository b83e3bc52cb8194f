/**
 * Generated WebAssembly (wasmAsm.ts, 128-bit SIMD) for the inference step of the four
 * coordinatewise learned optimizers on tfjs-wasm's heap: each pass runs every coordinate's
 * network in one loop, the four SIMD lanes over a layer's units (so H and J must be multiples
 * of 4), the meta-parameters read from one copied block W. Same maths and operation order as
 * the tfjs-ops networks (src/core/learned/<kind>/index.ts, lstm.ts, preprocess.ts,
 * hyperAdamCells.ts; docs/algorithms.md §2–§4):
 *   dense     z = (Σ_r x_r·K[r, :]) + b                   (bias after the products, as matMul + add;
 *             the multiply-adds as relaxed SIMD's f32x4.relaxed_madd where the engine has it)
 *   LSTM      c′ = σ(z_f + 1)·c + σ(z_i)·tanh(z_j),  h′ = σ(z_o)·tanh(c′)
 *   DM        x = LogAndSign_p(g) → LSTM^L → Δ = (h′·w + b)·scale
 *   RNNprop   m, v, x = (g/d, m̂/d) → ELU(FC) → LSTM^L → Δ = tanh(h′·w + b)·(−scale)
 *   HyperAdam pass a: ĝ = g·u (u = (Σg² + 1e-16)^{−1/2}, by the host) → ELU(FC) → LSTM → h′;
 *                     Σ_rows h′², Σ_rows m_{t−1}² (float32, in row order) for the column norms
 *             pass b: AdamCell on [m_{t−1}·f_m, h′·f_h], ρ = ELU(h′·W_q + b_q), d = Σ_j ρ^j M^j,
 *                     Δ = d·(−scale); Σ_rows ρ (rhoMean)
 *   VHAdam    pass a: m, v, x → a = ELU(FC) (kept in h′'s rows); Σ a², Σ h_{t−1}², Σ m_{t−1}²
 *             pass b: LSTM(a·f_a, h_{t−1}·f_hp, c) → h′; Σ h′²
 *             pass c: AdamCell, ρ, μ = Σ ρM, log σ² = h′·w + b, d = μ + e^{½ log σ²}·ξ (sampling)
 *                     or μ, Δ = d·(−scale); Σ ρ
 * Column norms between passes are the host's (learnedWasm.ts): colNorm needs every row first.
 *
 * Function params (i32 byte offsets into the heap): n, G, P, S, S1, P1, W, U, WS, XI, PL, PR;
 * returns Σ Δ² (float64). S/S1 [n, rows] (one coordinate's state contiguous, stateLayout);
 * U the uniforms (U[0] the signed scale, kind scalars, then column-norm factors at FACTORS);
 * WS the workspace (float32 column sums at 0, then scratch); XI ξ [n]; PL an i32 list of the
 * coordinates whose probe row is written to PR (sorted, ended by −1 ⇒ 0xffffffff); rows of
 * PROBE_ROW(J) floats: β (J), γ (J), ρ (J), σ², μ, d, 0.
 */
import {
  adamCell,
  coordinateLoop,
  dense,
  lstm,
  type Push,
  probeRowOut,
  relative,
  rowsOf,
  scaledSplat,
  sumInto,
  w,
} from './learnedWasmBlocks';
import {
  factorLayout,
  type LearnedWasmLayout,
  S,
  S1,
  stateLayout,
  U,
  W,
  WS,
  workspaceLayout,
  XI,
} from './learnedWasmLayout';
import { F32, moduleBytes, OP, SIMD, V128 } from './wasmAsm';
import type { MathFn as Fn } from './wasmMath';

export {
  factorLayout,
  LEARNED_WASM_KINDS,
  type LearnedWasmKind,
  type LearnedWasmLayout,
  probeRow,
  stateLayout,
  workspaceLayout,
} from './learnedWasmLayout';

export function learnedModuleBytes(l: LearnedWasmLayout, shared: boolean): Uint8Array<ArrayBuffer> {
  return moduleBytes(passes(l), shared);
}

/** The passes of a layout, in order. */
export function passes(l: LearnedWasmLayout): { name: string; fn: Fn }[] {
  const H = l.hidden;
  const J = l.candidates;
  const st = stateLayout(l);
  const ws = workspaceLayout(l);
  const fl = factorLayout(l);
  const outDense = (f: Fn, h: number, v: number, acc: number) => {
    f.get(h)
      .loadV(W, 4 * (w(l, 'out/kernel') + 4 * v))
      .vop('f32x4Mul');
    if (v > 0) f.get(acc).vop('f32x4Add');
    f.set(acc);
  };
  const recurrent = (layer: number): Push[] => rowsOf(S, st.hRow(layer), H);
  if (l.kind === 'dmoptimizer' || l.kind === 'rnnprop') {
    const rnn = l.kind === 'rnnprop';
    const fn = coordinateLoop(l, true, (f, g, _i, delta) => {
      const x0 = f.temp('x0', F32);
      const x1 = f.temp('x1', F32);
      let inputs: Push[];
      if (rnn) {
        relative(f, g, x0, x1);
        dense(
          f,
          [(q) => q.get(x0).simd(SIMD.f32x4Splat), (q) => q.get(x1).simd(SIMD.f32x4Splat)],
          w(l, 'in/kernel'),
          w(l, 'in/bias'),
          H,
          (v, value) => {
            f.get(WS);
            value();
            f.elu4().storeV(ws.a + 16 * v);
          },
        );
        inputs = rowsOf(WS, ws.a / 4, H);
      } else if (l.input0 === 2) {
        f.get(g).op(OP.f32abs).f32(1e-30).op(OP.f32add).op(OP.f64promote).op(OP.call, 0).op(OP.f32demote);
        f.loadF32(U, 4).op(OP.f32div).f32(-1).op(OP.f32max).set(x0);
        f.get(g).loadF32(U, 8).op(OP.f32mul).f32(-1).op(OP.f32max).f32(1).op(OP.f32min).set(x1);
        inputs = [(q) => q.get(x0).simd(SIMD.f32x4Splat), (q) => q.get(x1).simd(SIMD.f32x4Splat)];
      } else {
        inputs = [(q) => q.get(g).simd(SIMD.f32x4Splat)];
      }
      const acc = f.temp('out', V128);
      for (let layer = 0; layer < l.layers; layer++) {
        const top = layer === l.layers - 1;
        lstm(f, l, layer, inputs, recurrent(layer), S, (v, h) => {
          if (top) outDense(f, h, v, acc);
        });
        inputs = rowsOf(S1, st.hRow(layer), H);
      }
      f.get(acc)
        .hsum()
        .loadF32(W, 4 * w(l, 'out/bias'))
        .op(OP.f32add);
      if (rnn) f.simd(SIMD.f32x4Splat).tanh4().simd(SIMD.f32x4Extract, 0);
      f.loadF32(U, 0).op(OP.f32mul).set(delta);
    });
    return [{ name: 'a', fn }];
  }
  const sumSquares = (f: Fn, base: number, row: number, count: number, sumAt: number) => {
    for (let v = 0; v < count / 4; v++) {
      f.loadV(base, 4 * (row + 4 * v))
        .loadV(base, 4 * (row + 4 * v))
        .vop('f32x4Mul');
      sumInto(f, sumAt + 16 * v);
    }
  };
  const hTop = st.hRow(0);
  if (l.kind === 'hyperadam') {
    const a = coordinateLoop(l, false, (f, g) => {
      dense(
        f,
        [(q) => q.get(g).loadF32(U, 4).op(OP.f32mul).simd(SIMD.f32x4Splat)],
        w(l, 'pre/kernel'),
        w(l, 'pre/bias'),
        H,
        (v, value) => {
          f.get(WS);
          value();
          f.elu4().storeV(ws.a + 16 * v);
        },
      );
      lstm(f, l, 0, rowsOf(WS, ws.a / 4, H), recurrent(0), S, (v, h) => {
        f.get(h).get(h).vop('f32x4Mul');
        sumInto(f, ws.sums.h + 16 * v);
      });
      sumSquares(f, S, st.m, J, ws.sums.m);
    });
    const b = coordinateLoop(l, true, (f, g, i, delta) => {
      const d = f.temp('d', F32);
      adamCell(f, l, g, d);
      f.get(d).loadF32(U, 0).op(OP.f32mul).set(delta);
      probeRowOut(f, l, i, null);
    });
    return [
      { name: 'a', fn: a },
      { name: 'b', fn: b },
    ];
  }
  // vhadam
  const a = coordinateLoop(l, false, (f, g) => {
    const x0 = f.temp('x0', F32);
    const x1 = f.temp('x1', F32);
    relative(f, g, x0, x1);
    dense(
      f,
      [(q) => q.get(x0).simd(SIMD.f32x4Splat), (q) => q.get(x1).simd(SIMD.f32x4Splat)],
      w(l, 'in/kernel'),
      w(l, 'in/bias'),
      H,
      (v, value) => {
        const t = f.temp('a.t', V128);
        f.get(S1);
        value();
        f.elu4()
          .tee(t)
          .storeV(4 * (hTop + 4 * v));
        f.get(t).get(t).vop('f32x4Mul');
        sumInto(f, ws.sums.a + 16 * v);
      },
    );
    sumSquares(f, S, hTop, H, ws.sums.hp);
    sumSquares(f, S, st.m, J, ws.sums.m);
  });
  const b = coordinateLoop(l, false, (f) => {
    const inputs = Array.from({ length: H }, (_, r) => scaledSplat(S1, hTop + r, fl.a + r));
    const prev = Array.from({ length: H }, (_, r) => scaledSplat(S, hTop + r, fl.hp + r));
    lstm(f, l, 0, inputs, prev, S, (v, h) => {
      f.get(h).get(h).vop('f32x4Mul');
      sumInto(f, ws.sums.h + 16 * v);
    });
  });
  const c = coordinateLoop(l, true, (f, g, i, delta) => {
    const mu = f.temp('mu', F32);
    const lv = f.temp('logVar', F32);
    const vr = f.temp('var', F32);
    const d = f.temp('d', F32);
    adamCell(f, l, g, mu);
    const acc = f.temp('var.acc', V128);
    for (let v = 0; v < H / 4; v++) {
      f.loadV(S1, 4 * (hTop + 4 * v))
        .loadV(W, 4 * (w(l, 'var/kernel') + 4 * v))
        .vop('f32x4Mul');
      if (v > 0) f.get(acc).vop('f32x4Add');
      f.set(acc);
    }
    f.get(acc)
      .hsum()
      .loadF32(W, 4 * w(l, 'var/bias'))
      .op(OP.f32add)
      .set(lv);
    if ('var/kernelX' in l.offsets) {
      // varInputs 'h+x' (learned/vhadam/index.ts): log σ² += |g|/dn·w_x0 + |m̂|/dn·w_x1 with
      // dn = √(v/(1−β2^t)) + ε, from this step's m, v (state rows 0, 1 of S1; as relative()).
      const dn = f.temp('varx.d', F32);
      const kx = w(l, 'var/kernelX');
      f.loadF32(S1, 4)
        .loadF32(U, 4 * 6)
        .op(OP.f32div)
        .op(OP.f32sqrt)
        .loadF32(U, 4 * 7)
        .op(OP.f32add)
        .set(dn);
      f.get(lv);
      f.get(g)
        .get(dn)
        .op(OP.f32div)
        .op(OP.f32abs)
        .loadF32(W, 4 * kx)
        .op(OP.f32mul)
        .op(OP.f32add);
      f.loadF32(S1, 0)
        .loadF32(U, 4 * 5)
        .op(OP.f32div)
        .get(dn)
        .op(OP.f32div)
        .op(OP.f32abs);
      f.loadF32(W, 4 * (kx + 1))
        .op(OP.f32mul)
        .op(OP.f32add)
        .set(lv);
    }
    f.get(lv).simd(SIMD.f32x4Splat).exp4().simd(SIMD.f32x4Extract, 0).set(vr);
    f.get(mu).set(d);
    f.loadF32(U, 4 * 8)
      .f32(0)
      .op(0x5c /* f32.ne */)
      .op(OP.if, OP.void);
    f.get(mu).get(lv).f32(0.5).op(OP.f32mul).simd(SIMD.f32x4Splat).exp4().simd(SIMD.f32x4Extract, 0);
    f.loadF32(XI, 0).op(OP.f32mul).op(OP.f32add).set(d);
    f.op(OP.end);
    f.get(d).loadF32(U, 0).op(OP.f32mul).set(delta);
    probeRowOut(f, l, i, [vr, mu, d]);
  });
  return [
    { name: 'a', fn: a },
    { name: 'b', fn: b },
    { name: 'c', fn: c },
  ];
}
