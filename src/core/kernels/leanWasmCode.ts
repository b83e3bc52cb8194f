/**
 * Generated SIMD WebAssembly for the lean meta-training nodes on wasm (leanWasm.ts,
 * docs/meta-training-profile.md "Round 3"): the elementwise work of the LSTM cell and of
 * HyperAdam's AdamCell + WeightCell + combine, forward and backward, fused into one pass over
 * the rows each, on tfjs-wasm's heap. The products around them stay XNNPACK matMuls. Widths
 * are compile-time constants (one module per layout); every function takes the row count n
 * and byte offsets into the heap, and walks the rows with one pointer per array.
 *
 *   colNormFwd/colNormBwd: see leanWasmColNorm.ts
 *   pack(n, A, B, OUT)     OUT[r] = [A[r] | B[r]]           (widths a, b: any)
 *   split(n, IN, A, B)     A[r] = IN[r, :a], B[r] = IN[r, a:]
 *   cellFwd(n, Z, C, H1, C1, ACT)   Z = [z_i | z_j | z_f | z_o] [n, 4H] (docs/algorithms.md §2.2):
 *     c' = σ(z_f + 1)·c + σ(z_i)·tanh z_j,  h' = σ(z_o)·tanh c',  ACT = [σ_i, tanh z_j, σ_f, σ_o, tanh c', c]
 *   cellBwd(n, ACT, DH, DC, DZ, DCO)   dc'ₜ = dc' + dh'·σ_o(1 − tanh²c'), dz_o = dh'·tanh c'·σ_o(1−σ_o),
 *     dz_i = dc'ₜ·tanh z_j·σ_i(1−σ_i), dz_j = dc'ₜ·σ_i(1 − tanh²z_j), dz_f = dc'ₜ·c·σ_f(1−σ_f), dc = dc'ₜ·σ_f
 *   adamFwd(n, ZR, ZQ, G, M, V, BH, GH, M1, V1, BH1, GH1, MU, ACT)   (docs/algorithms.md §4.1)
 *     β = σ(ZR[:, :J]), γ = σ(ZR[:, J:]), ρ = ELU(ZQ); m' = β·m + (1−β)·g, v' = γ·v + (1−γ)·g²,
 *     β̂' = β·β̂ + (1−β), γ̂' = γ·γ̂ + (1−γ), M = (m'/(β̂'+ε)) / √(v'/(γ̂'+ε) + ε), μ = Σ_j ρ_j M_j;
 *     ACT = [β, γ, ρ, m, v, β̂, γ̂, g, 0, 0, 0] (everything else is recomputed backward)
 *   adamBwd(n, ACT, DM1, DV1, DBH1, DGH1, DMU, DZR, DZQ, DM, DV, DBH, DGH)   the exact gradient
 *     of adamFwd w.r.t. ZR, ZQ, m, v, β̂, γ̂ (g is a constant of the meta-gradient).
 * σ, tanh and ELU are wasmMath.ts's (≈ 1 ulp exp; tanh/ELU series near 0), in the operation
 * order of the tfjs ops (learned/lstm.ts, learned/hyperAdamCells.ts).
 */
import { FORGET_BIAS } from '../learned/lstm';
import { adamBwdFn, adamFwdFn } from './leanWasmAdam';
import { colNormBwdFn, colNormFwdFn } from './leanWasmColNorm';
import { packFn, rowFn, splitFn, vars } from './leanWasmRows';
import { assembleModule, memoryImport, name, uleb } from './wasmAsm';
import type { MathFn } from './wasmMath';

export type LeanWasmLayout =
  | { kind: 'cols'; a: number; b: number }
  | { kind: 'colnorm'; w: number }
  | { kind: 'lstm'; inp: number; hidden: number }
  | { kind: 'adam'; J: number; hidden: number };

function cellFwdFn(H: number) {
  const g = 4 * H; // bytes per gate block / per [n, H] row
  return rowFn(5, [4 * g, g, g, g, 6 * g], (f, [Z, C, H1, C1, ACT]) => {
    const { v, op } = vars(f);
    for (let q = 0; q < H / 4; q++) {
      const o = 16 * q;
      f.loadV(Z, o).sigmoid4().set(v('si'));
      f.loadV(Z, g + o)
        .tanh4()
        .set(v('tj'));
      f.loadV(Z, 2 * g + o)
        .vconst(FORGET_BIAS)
        .vop('f32x4Add')
        .sigmoid4()
        .set(v('sf'));
      f.loadV(Z, 3 * g + o)
        .sigmoid4()
        .set(v('so'));
      f.loadV(C, o).set(v('c'));
      op('sf', 'f32x4Mul', 'c');
      op('si', 'f32x4Mul', 'tj');
      f.vop('f32x4Add').set(v('c1'));
      f.get(v('c1')).tanh4().set(v('tc'));
      f.get(H1);
      op('so', 'f32x4Mul', 'tc');
      f.storeV(o);
      f.get(C1).get(v('c1')).storeV(o);
      ['si', 'tj', 'sf', 'so', 'tc', 'c'].forEach((k, i) => {
        f.get(ACT)
          .get(v(k))
          .storeV(i * g + o);
      });
    }
  });
}

function cellBwdFn(H: number) {
  const g = 4 * H;
  return rowFn(5, [6 * g, g, g, 4 * g, g], (f, [ACT, DH, DC, DZ, DCO]) => {
    const { v, op } = vars(f);
    for (let q = 0; q < H / 4; q++) {
      const o = 16 * q;
      ['si', 'tj', 'sf', 'so', 'tc', 'c'].forEach((k, i) => {
        f.loadV(ACT, i * g + o).set(v(k));
      });
      f.loadV(DH, o).set(v('dh'));
      // dc'ₜ = dc' + dh'·σ_o·(1 − tanh²c')
      f.loadV(DC, o);
      op('dh', 'f32x4Mul', 'so');
      f.vconst(1);
      op('tc', 'f32x4Mul', 'tc');
      f.vop('f32x4Sub').vop('f32x4Mul').vop('f32x4Add').set(v('dct'));
      const sd = (s: string) => {
        // s·(1 − s)
        f.get(v(s)).vconst(1).get(v(s)).vop('f32x4Sub').vop('f32x4Mul');
      };
      const store = (gate: number, emit: () => void) => {
        f.get(DZ);
        emit();
        f.storeV(gate * g + o);
      };
      store(0, () => {
        op('dct', 'f32x4Mul', 'tj');
        sd('si');
        f.vop('f32x4Mul');
      });
      store(1, () => {
        op('dct', 'f32x4Mul', 'si');
        f.vconst(1);
        op('tj', 'f32x4Mul', 'tj');
        f.vop('f32x4Sub').vop('f32x4Mul');
      });
      store(2, () => {
        op('dct', 'f32x4Mul', 'c');
        sd('sf');
        f.vop('f32x4Mul');
      });
      store(3, () => {
        op('dh', 'f32x4Mul', 'tc');
        sd('so');
        f.vop('f32x4Mul');
      });
      f.get(DCO);
      op('dct', 'f32x4Mul', 'sf');
      f.storeV(o);
    }
  });
}

/** The functions of a layout's module, by export name. */
function functionsOf(l: LeanWasmLayout): { name: string; fn: MathFn }[] {
  if (l.kind === 'cols') return [{ name: 'pack', fn: packFn(l.a, l.b) }];
  if (l.kind === 'colnorm') {
    return [
      { name: 'colNormFwd', fn: colNormFwdFn(l.w) },
      { name: 'colNormBwd', fn: colNormBwdFn(l.w) },
    ];
  }
  if (l.kind === 'lstm') {
    const a = l.inp;
    return [
      { name: 'pack', fn: packFn(a, l.hidden) },
      { name: 'split', fn: splitFn(a, l.hidden) },
      { name: 'cellFwd', fn: cellFwdFn(l.hidden) },
      { name: 'cellBwd', fn: cellBwdFn(l.hidden) },
    ];
  }
  return [
    { name: 'pack', fn: packFn(l.J, l.hidden) },
    { name: 'split', fn: splitFn(l.J, l.hidden) },
    { name: 'adamFwd', fn: adamFwdFn(l.J) },
    { name: 'adamBwd', fn: adamBwdFn(l.J) },
  ];
}

/** The module for a layout (imports env.memory; exports its functions). */
export function leanModuleBytes(l: LeanWasmLayout, shared: boolean): Uint8Array<ArrayBuffer> {
  const fns = functionsOf(l);
  const types = fns.map(({ fn }) => [0x60, ...uleb(fn.params.length), ...fn.params, 0]);
  return assembleModule({
    types,
    imports: [memoryImport(shared)],
    funcs: fns.map((_, k) => k),
    exports: fns.map(({ name: n }, k) => [...name(n), 0x00, ...uleb(k)]),
    bodies: fns.map(({ fn }) => fn.bytes()),
  });
}
