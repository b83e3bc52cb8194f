/**
 * Inline f32x4 maths for the generated learned-optimizer kernels (learnedWasmCode.ts), each
 * emitted into a function under construction (wasmAsm.ts Fn), consuming the v128 on the stack:
 * exp is Cephes' expf (Cody–Waite reduction by ln 2, degree-6 polynomial, ≈ 1 ulp) with the
 * argument clamped to [−87, 88] (so 2^k stays a normal float32); σ(x) = 1/(1 + e^{−x});
 * tanh(x) = sign(x)·(1 − e^{−2|x|})/(1 + e^{−2|x|}) for |x| ≥ 0.3125, its odd Taylor series to
 * x^11 below (no cancellation near 0); ELU(x) = x if x ≥ 0 else e^x − 1, with e^x − 1 as its
 * Taylor series to x^7 for |x| < 0.3125 (accurate near 0, as tfjs-wasm's XNNPACK ELU).
 */
import { Fn, OP, SIMD, V128 } from './wasmAsm';

/** f32 sum of the four lanes of the v128 on the stack: ((l0 + l1) + l2) + l3. */
export function hsum(f: Fn): Fn {
  const t = f.temp('hsum', V128);
  f.set(t);
  f.get(t).simd(SIMD.f32x4Extract, 0).get(t).simd(SIMD.f32x4Extract, 1).op(OP.f32add);
  f.get(t).simd(SIMD.f32x4Extract, 2).op(OP.f32add);
  return f.get(t).simd(SIMD.f32x4Extract, 3).op(OP.f32add);
}

const MAGIC = 12582912; // 1.5·2^23

/** e^x of the v128 on the stack (Cephes expf, see header). */
export function exp4(f: Fn): Fn {
  const x = f.temp('exp.x', V128);
  const k = f.temp('exp.k', V128);
  const r = f.temp('exp.r', V128);
  const t = f.temp('exp.t', V128);
  f.vconst(88).vop('f32x4Min').vconst(-87).vop('f32x4Max').set(x);
  // k = round(x·log2 e) by the 1.5·2^23 trick: t's low mantissa bits hold k.
  f.get(x).vconst(Math.LOG2E).vop('f32x4Mul').vconst(MAGIC).vop('f32x4Add').tee(t);
  f.vconst(MAGIC).vop('f32x4Sub').set(k);
  f.get(x).get(k).vconst(0.693359375).vop('f32x4Mul').vop('f32x4Sub');
  f.get(k).vconst(-2.1219444e-4).vop('f32x4Mul').vop('f32x4Sub').set(r);
  const coef = [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1];
  f.vconst(coef[0]);
  for (const c of coef.slice(1)) f.get(r).vop('f32x4Mul').vconst(c).vop('f32x4Add');
  f.get(r).vop('f32x4Mul').vconst(5.0000001201e-1).vop('f32x4Add');
  f.get(r).get(r).vop('f32x4Mul').vop('f32x4Mul').get(r).vop('f32x4Add').vconst(1).vop('f32x4Add');
  // × 2^k: bits(t) << 23 = k << 23 (mod 2^32); + 127 << 23 makes the exponent of 2^k.
  f.get(t)
    .i32(23)
    .vop('i32x4Shl')
    .iconst4(127 << 23)
    .vop('i32x4Add');
  return f.vop('f32x4Mul');
}

/** σ(x) = 1/(1 + e^{−x}). */
export function sigmoid4(f: Fn): Fn {
  const x = f.temp('sig.x', V128);
  f.set(x).vconst(1).get(x).vop('f32x4Neg');
  exp4(f);
  f.vconst(1).vop('f32x4Add');
  return f.vop('f32x4Div');
}

/** tanh(x), see header. */
export function tanh4(f: Fn): Fn {
  const x = f.temp('tanh.x', V128);
  const a = f.temp('tanh.a', V128);
  const e = f.temp('tanh.e', V128);
  const x2 = f.temp('tanh.x2', V128);
  f.set(x);
  f.get(x).vop('f32x4Abs').set(a);
  // Series (small |x|): x + x·x²·(c3 + x²(c5 + x²(c7 + x²(c9 + x²·c11)))).
  f.get(x).get(x).vop('f32x4Mul').set(x2);
  const c = [-1382 / 155925, 62 / 2835, -17 / 315, 2 / 15, -1 / 3];
  f.vconst(c[0]);
  for (const ci of c.slice(1)) f.get(x2).vop('f32x4Mul').vconst(ci).vop('f32x4Add');
  f.get(x2).vop('f32x4Mul').get(x).vop('f32x4Mul').get(x).vop('f32x4Add');
  // Exponential form (large |x|), with x's sign bit.
  f.get(a).vconst(-2).vop('f32x4Mul');
  exp4(f);
  f.set(e);
  f.vconst(1).get(e).vop('f32x4Sub').vconst(1).get(e).vop('f32x4Add').vop('f32x4Div');
  f.get(x).iconst4(0x80000000).vop('and').vop('or');
  f.get(a).vconst(0.3125).vop('f32x4Lt');
  return f.vop('bitselect');
}

/** e^x − 1: the Taylor series to x^7 for |x| < 0.3125 (no cancellation near 0), else exp4 − 1. */
export function expm1_4(f: Fn): Fn {
  const x = f.temp('expm1.x', V128);
  f.set(x);
  f.vconst(1 / 5040);
  for (const c of [1 / 720, 1 / 120, 1 / 24, 1 / 6, 1 / 2])
    f.get(x).vop('f32x4Mul').vconst(c).vop('f32x4Add');
  f.get(x).vop('f32x4Mul').get(x).vop('f32x4Mul').get(x).vop('f32x4Add');
  f.get(x);
  exp4(f);
  f.vconst(1).vop('f32x4Sub');
  f.get(x).vop('f32x4Abs').vconst(0.3125).vop('f32x4Lt');
  return f.vop('bitselect');
}

/** ELU(x) = x if x ≥ 0 else e^x − 1. */
export function elu4(f: Fn): Fn {
  const x = f.temp('elu.x', V128);
  f.tee(x).get(x);
  expm1_4(f);
  f.get(x).vconst(0).vop('f32x4Ge');
  return f.vop('bitselect');
}

/** A function under construction with the maths above as chainable instructions. */
export class MathFn extends Fn {
  /** Emit multiply-adds as relaxed SIMD's f32x4.relaxed_madd (learnedWasmBlocks.ts dense). */
  fma = false;
  hsum(): this {
    hsum(this);
    return this;
  }
  exp4(): this {
    exp4(this);
    return this;
  }
  sigmoid4(): this {
    sigmoid4(this);
    return this;
  }
  tanh4(): this {
    tanh4(this);
    return this;
  }
  elu4(): this {
    elu4(this);
    return this;
  }
}
