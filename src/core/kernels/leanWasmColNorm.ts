/**
 * colNorm (learned/hyperAdamCells.ts, docs/algorithms.md §4.1) as two generated SIMD passes
 * over the rows of x [N, w] on tfjs-wasm's heap, for the lean path's wasm nodes
 * (meta/lean/colNormWasm.ts):
 *   colNormFwd(n, X, Y, R):      r_j = 1/√(Σ_i x_ij² + 1e-16)  (row order, float32, as tf.sum),
 *                                y = x·r, R = r [w]
 *   colNormBwd(n, Y, DY, R, DX): s_j = Σ_i dy_ij·y_ij,  dx = r·(dy − y·s)
 *     (the exact gradient: ∂r_j/∂x_ij = −x_ij r_j³, so dx = r·dy − x·r³·Σ dy⊙x = r·(dy − y·s))
 */
import { COL_NORM_EPS } from '../learned/hyperAdamCells';
import { rows } from './leanWasmRows';
import { I32, V128 } from './wasmAsm';
import { MathFn } from './wasmMath';

/** Column sums over the rows of a product of two [n, w] arrays (or a square) into accumulators. */
function colSums(f: MathFn, n: number, a: number, b: number, w: number): number[] {
  const acc = Array.from({ length: w / 4 }, () => f.local(V128));
  for (const x of acc) f.vconst(0).set(x);
  const ptrs =
    a === b
      ? [{ p: a, stride: 4 * w }]
      : [
          { p: a, stride: 4 * w },
          { p: b, stride: 4 * w },
        ];
  rows(f, n, ptrs, ([pa, pb]) => {
    acc.forEach((x, q) => {
      f.get(x)
        .loadV(pa, 16 * q)
        .loadV(pb ?? pa, 16 * q)
        .vop('f32x4Mul')
        .vop('f32x4Add')
        .set(x);
    });
  });
  return acc;
}

export function colNormFwdFn(w: number): MathFn {
  const f = new MathFn([I32, I32, I32, I32], null); // n, X, Y, R
  const acc = colSums(f, 0, 1, 1, w);
  acc.forEach((x, q) => {
    f.vconst(1).get(x).vconst(COL_NORM_EPS).vop('f32x4Add').vop('f32x4Sqrt').vop('f32x4Div').set(x);
    f.get(3)
      .get(x)
      .storeV(16 * q);
  });
  rows(
    f,
    0,
    [
      { p: 1, stride: 4 * w },
      { p: 2, stride: 4 * w },
    ],
    ([X, Y]) => {
      acc.forEach((r, q) => {
        f.get(Y)
          .loadV(X, 16 * q)
          .get(r)
          .vop('f32x4Mul')
          .storeV(16 * q);
      });
    },
  );
  return f;
}

export function colNormBwdFn(w: number): MathFn {
  const f = new MathFn([I32, I32, I32, I32, I32], null); // n, Y, DY, R, DX
  const s = colSums(f, 0, 1, 2, w);
  rows(
    f,
    0,
    [
      { p: 1, stride: 4 * w },
      { p: 2, stride: 4 * w },
      { p: 4, stride: 4 * w },
    ],
    ([Y, DY, DX]) => {
      s.forEach((sq, q) => {
        f.get(DX)
          .loadV(DY, 16 * q)
          .loadV(Y, 16 * q)
          .get(sq)
          .vop('f32x4Mul')
          .vop('f32x4Sub')
          .loadV(3, 16 * q)
          .vop('f32x4Mul')
          .storeV(16 * q);
      });
    },
  );
  return f;
}
