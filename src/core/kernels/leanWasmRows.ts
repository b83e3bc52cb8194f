/**
 * Row-loop scaffolding for the lean-node kernels (leanWasmCode.ts, leanWasmAdam.ts): a function
 * of the row count n and byte offsets that runs a body once per row and advances each pointer
 * by its row stride; column copies (pack/split of [A | B] rows); named v128 scratch locals.
 */
import { I32, OP, V128 } from './wasmAsm';
import { MathFn } from './wasmMath';

type Ptr = { p: number; stride: number };
export type Add = 'f32x4Add' | 'f32x4Sub' | 'f32x4Mul' | 'f32x4Div';

/**
 * One pass over n rows (n in local `n`): copies the row count and each pointer into scratch
 * locals (the parameters stay intact for a second pass), runs body(pointers) per row.
 */
export function rows(
  f: MathFn,
  n: number,
  ptrs: { p: number; stride: number }[],
  body: (p: number[]) => void,
) {
  const i = f.local(I32);
  const ps = ptrs.map(() => f.local(I32));
  f.get(n).set(i);
  ptrs.forEach((q, k) => {
    f.get(q.p).set(ps[k]);
  });
  f.op(OP.block, OP.void, OP.loop, OP.void);
  f.get(i).i32(0).op(OP.i32eq, OP.brIf, 1);
  body(ps);
  ptrs.forEach((q, k) => {
    if (q.stride !== 0) f.get(ps[k]).i32(q.stride).op(OP.i32add).set(ps[k]);
  });
  f.get(i).i32(-1).op(OP.i32add).set(i);
  f.op(OP.br, 0, OP.end, OP.end);
}

/** A function of n and `ptrs` byte offsets that runs `body` once per row. */
export function rowFn(nPtrs: number, strides: number[], body: (f: MathFn, p: number[]) => void) {
  const f = new MathFn(
    Array.from({ length: nPtrs + 1 }, () => I32),
    null,
  );
  const ptrs: Ptr[] = strides.map((stride, k) => ({ p: k + 1, stride }));
  f.op(OP.block, OP.void, OP.loop, OP.void);
  f.get(0).i32(0).op(OP.i32eq, OP.brIf, 1);
  body(
    f,
    ptrs.map((q) => q.p),
  );
  for (const q of ptrs) if (q.stride !== 0) f.get(q.p).i32(q.stride).op(OP.i32add).set(q.p);
  f.get(0).i32(-1).op(OP.i32add).set(0);
  f.op(OP.br, 0, OP.end, OP.end);
  return f;
}

/** Copies w floats from [src + so] to [dst + dd] (SIMD, then scalar for the rest). */
export function copy(f: MathFn, src: number, so: number, dst: number, dd: number, w: number) {
  let k = 0;
  for (; k + 4 <= w; k += 4)
    f.get(dst)
      .loadV(src, so + 4 * k)
      .storeV(dd + 4 * k);
  for (; k < w; k++)
    f.get(dst)
      .loadF32(src, so + 4 * k)
      .storeF32(dd + 4 * k);
}

export const packFn = (a: number, b: number) =>
  rowFn(3, [4 * a, 4 * b, 4 * (a + b)], (f, [A, B, O]) => {
    copy(f, A, 0, O, 0, a);
    copy(f, B, 0, O, 4 * a, b);
  });

export const splitFn = (a: number, b: number) =>
  rowFn(3, [4 * (a + b), 4 * a, 4 * b], (f, [I, A, B]) => {
    copy(f, I, 0, A, 0, a);
    copy(f, I, 4 * a, B, 0, b);
  });

/** Named v128 scratch locals and small expression helpers over them. */
export function vars(f: MathFn) {
  const v = (k: string) => f.temp(`lean.${k}`, V128);
  const op = (a: string | number, o: Add, b: string | number) => {
    for (const x of [a, b]) {
      if (typeof x === 'number') f.vconst(x);
      else f.get(v(x));
    }
    f.vop(o);
  };
  return { v, op };
}
