/**
 * Meta-gradient check: each kind's truncated-BPTT meta-gradient ∂L/∂φ (both unroll paths)
 * against central finite differences of the SAME meta-loss, on a tiny seeded problem (DM
 * quadratic, 2 problems, RNNprop's tricks on, T = 4 steps, cpu backend, float32).
 * "The same meta-loss": BPTT treats the optimizee gradients g_t as constants (second derivatives
 * dropped), so the FD side replays the unroll with g_t recorded at the base φ (metaGradHelpers
 * replayLoss): L̃(φ') = L(θ_t(φ'; g_0..g_{T−1} fixed)), whose exact derivative at φ is what BPTT
 * computes. VHAdam replays the same seeded noise ξ on both sides.
 * Per meta-parameter tensor W, along a seeded random unit direction u (supported on W only):
 *   FD = (L̃(φ + h·u) − L̃(φ − h·u)) / 2h,  h = 1e-3,  compared with BPTT's ⟨∂L/∂W, u⟩.
 * Tolerance: |FD − BPTT| ≤ 0.02·‖∂L/∂W‖ + 2e-4·max(1, |L|). Why: the truncation error of the
 * central difference is h²/6·|L̃'''|; it is not negligible at h = 1e-2 (VHAdam's column
 * normalisation over 40 coordinates makes L̃ sharply curved along in/bias: FD = 0.161, 0.187,
 * 0.216, 0.212 at h = 3e-2, 1e-2, 3e-3, 1e-3 against BPTT's 0.212), hence h = 1e-3. Float32
 * rounding of L (~1e-7·|L| per value; the ± evaluations share most of it) over 2h = 2e-3 gives
 * ≲ 1e-4·|L|, covered by the second term; 2% of the gradient's size covers what remains of the
 * truncation. Measured: the worst |FD − BPTT|/tolerance over all kinds and tensors is 0.16.
 * A wrong gradient (a missing term, a sign flip) misses by O(100%) of ‖∂L/∂W‖.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/experiment/rng';
import { LEAN_KINDS } from '../../src/core/meta/lean/wrap';
import { bptt, fixture, replayLoss } from './metaGradHelpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const H = 1e-3;
const T = 4;

describe('meta-gradient vs finite differences (g_t stop-gradient on both sides)', () => {
  it.each(LEAN_KINDS)('%s', async (kind) => {
    const f = await fixture(kind, T, 11);
    const base = replayLoss(f, null);
    const ad = bptt(f, 'autodiff');
    const lean = bptt(f, 'lean');
    expect(ad.loss).toBeCloseTo(base.loss, 5);
    const rng = makeRng(23);
    let checked = 0;
    for (const v of f.opt.weights.list()) {
      const g = ad.grads[v.name];
      const gNorm = Math.sqrt(g.reduce((s, x) => s + x * x, 0));
      const u = Float32Array.from({ length: v.size }, () => rng.normal());
      const uNorm = Math.sqrt(u.reduce((s, x) => s + x * x, 0));
      for (let i = 0; i < u.length; i++) u[i] /= uNorm;
      const orig = v.clone();
      const at = (sign: number) => {
        v.assign(tf.tidy(() => tf.add(orig, tf.mul(tf.tensor(u, v.shape), tf.scalar(sign * H)))));
        return replayLoss(f, base.gs).loss;
      };
      const fd = (at(1) - at(-1)) / (2 * H);
      v.assign(orig);
      orig.dispose();
      const dir = (gr: Float32Array) => gr.reduce((s, x, i) => s + x * u[i], 0);
      const tol = 0.02 * gNorm + 2e-4 * Math.max(1, Math.abs(base.loss));
      expect(
        Math.abs(dir(g) - fd),
        `${v.name}: BPTT ${dir(g)} vs FD ${fd} (‖g‖ ${gNorm})`,
      ).toBeLessThanOrEqual(tol);
      expect(Math.abs(dir(lean.grads[v.name]) - fd), `${v.name} (lean)`).toBeLessThanOrEqual(tol);
      if (gNorm > 1e-4) checked++;
    }
    // Most tensors carry a real gradient (a zero gradient would pass trivially).
    expect(checked).toBeGreaterThanOrEqual(f.opt.weights.list().length - 2);
    tf.dispose(base.gs.flat());
    f.dispose();
  });
});
