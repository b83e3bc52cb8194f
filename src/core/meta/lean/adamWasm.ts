/**
 * HyperAdam's AdamCell + WeightCell + combine on wasm as ONE tape node (outputs m', v', β̂',
 * γ̂', μ), its elementwise work in generated SIMD kernels (kernels/leanWasmCode.ts
 * adamFwd/adamBwd), its two products on XNNPACK (docs/meta-training-profile.md "Round 3").
 * Same math as kinds.ts leanAdamAndCombine (learned/hyperAdamCells.ts, docs/algorithms.md §4.1):
 *   forward:  p = [m̄ | s̄] (pack kernel), Z_r = p·W_ad + b_ad [N, 2J], Z_q = s·W_q + b_q [N, J],
 *             m', v', β̂', γ̂', μ, A = adamFwd(Z_r, Z_q, g, m, v, β̂, γ̂)   A = [β, γ, ρ, m, v, β̂, γ̂, g]
 *   saved:    W_ad, W_q (copies), and pᵀ, sᵀ, A without a copy (tapeNode.ts own)
 *   backward: dZ_r, dZ_q, dm, dv, dβ̂, dγ̂ = adamBwd(A, dm', dv', dβ̂', dγ̂', dμ);
 *             [dm̄ | ds̄] = dZ_r·W_adᵀ (then the split kernel), ds = dZ_q·W_qᵀ,
 *             dW_ad = pᵀ·dZ_r, db_ad = 1ᵀ·dZ_r, dW_q = sᵀ·dZ_q, db_q = 1ᵀ·dZ_q;
 *             g (computed from the optimizee's gradient) is a constant: zero gradient.
 * m̄ = colNorm(m), s̄ = colNorm(s) are colNormWasm.ts nodes.
 */
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { type LeanWasmLayout, runLeanWasm } from '../../kernels/leanWasm';
import type { AdamCellState } from '../../learned/hyperAdamCells';
import type { MetaParams } from '../../learned/metaParams';
import { leanColNorm } from './colNormWasm';
import { colSum, mm, tr } from './ops';
import { tapeNode } from './tapeNode';

/** The wasm layout of an AdamCell with state [N, J] reading s [N, H]. */
export const adamLayout = (m: Tensor, s: Tensor): LeanWasmLayout => ({
  kind: 'adam',
  J: m.shape[1] as number,
  hidden: s.shape[1] as number,
});

/** leanAdamAndCombine's result from the wasm node: g [N, 1], s [N, H], state [N, J] each. */
export function wasmAdamAndCombine(g: Tensor, s: Tensor, st: AdamCellState, w: MetaParams) {
  const l = adamLayout(st.m, s);
  const n = s.shape[0] as number;
  const J = st.m.shape[1] as number;
  const H = s.shape[1] as number;
  if (g.size !== n) throw new Error(`lean AdamCell (wasm): g has ${g.size} entries, expected ${n}`);
  const inputs = [
    g,
    leanColNorm(st.m),
    leanColNorm(s),
    s,
    st.m,
    st.v,
    st.bh,
    st.gh,
    w.get('adam/kernel'),
    w.get('adam/bias'),
    w.get('weight/kernel'),
    w.get('weight/bias'),
  ];
  const [m, v, bh, gh, mu] = tapeNode(inputs, (save, own) => {
    const [, mBar, sBar, , m0, v0, bh0, gh0, wad, bad, wq, bq] = inputs;
    const [p] = runLeanWasm(l, 'pack', n, [mBar, sBar], [[n, J + H]]);
    const zr = tf.fused.matMul({ a: p as Tensor2D, b: wad as Tensor2D, bias: bad });
    const zq = tf.fused.matMul({ a: s as Tensor2D, b: wq as Tensor2D, bias: bq });
    const nj = [n, J];
    const outs = runLeanWasm(
      l,
      'adamFwd',
      n,
      [zr, zq, g, m0, v0, bh0, gh0],
      [nj, nj, nj, nj, [n, 1], [n, 7 * J + 4]],
    );
    save([wad, wq]);
    own([tr(p), tr(s), outs[5]]);
    return {
      outputs: outs.slice(0, 5),
      grads: ([dm, dv, dbh, dgh, dmu], [kad, kq, pT, sT, act]) => {
        const [dzr, dzq, ...dState] = runLeanWasm(
          l,
          'adamBwd',
          n,
          [act, dm, dv, dbh, dgh, dmu],
          [[n, 2 * J], nj, nj, nj, nj, nj],
        );
        const [dmBar, dsBar] = runLeanWasm(l, 'split', n, [mm(dzr, tr(kad))], [nj, [n, H]]);
        return [
          tf.zerosLike(g),
          dmBar,
          dsBar,
          mm(dzq, tr(kq)),
          ...dState,
          mm(pT, dzr),
          colSum(dzr),
          mm(sT, dzq),
          colSum(dzq),
        ];
      },
    };
  });
  return { m, v, bh, gh, mu };
}
