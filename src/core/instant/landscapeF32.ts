/**
 * The 2-D landscapes' loss and gradient in float32 exactly as tfjs computes them
 * (tasks/landscapeTask.ts): every tensor op of the loss rounded with Math.fround in the order
 * the ops run, and the gradient as tfjs's autodiff builds it (tfjs-core's gradient functions:
 * Square → dy·(2x), Mul → dy·other, Sub → dy and −dy, Add/AddN → dy; backprop walks the tape
 * in reverse and accumulates a tensor's contributions as `add(acc, new)` in that order). A +
 * or − or × or ÷ of float32 values done in float64 and rounded is the float32 operation, so
 * these reproduce the tfjs cpu and wasm backends bit for bit (test/instant/fastPath.test.ts).
 * Gradient noise (tfUtil.ts withGradientNoise: loss + (σξᵀθ − stop(σξᵀθ))) adds fl(σ·ξ_i) to
 * the gradient and (dot − dot) to the loss. The formulas are in landscapes.ts' header. No tfjs.
 */
import type { LandscapeId } from '../tasks/landscapes';

const F = Math.fround;

/** Output of one evaluation: the loss and the gradient at (x, y), all float32 values. */
export interface LossGrad {
  loss: number;
  gx: number;
  gy: number;
}

type Fn = (x: number, y: number, kappa: number) => LossGrad;

const rosenbrock: Fn = (x, y) => {
  const a = F(1 - x);
  const A = F(a * a);
  const x2 = F(x * x);
  const b = F(y - x2);
  const B = F(b * b);
  const loss = F(A + F(100 * B));
  // add → 1, 1; mul(100, B) → dB = 100; square(b) → db = dB·2b; sub(y, x2) → dy = db, dx2 = −db.
  const db = F(100 * F(b * 2));
  const fromX2 = F(-db * F(x * 2));
  const fromA = -F(1 * F(a * 2));
  return { loss, gx: F(fromX2 + fromA), gy: db };
};

const beale: Fn = (x, y) => {
  // Tape: y2 = y², s1 = 1.5 − x, m1 = x·y, a, s2 = 2.25 − x, m2 = x·y2, b, s3 = 2.625 − x,
  // y3 = y2·y, m3 = x·y3, d, a², b², d², addN.
  const y2 = F(y * y);
  const a = F(F(1.5 - x) + F(x * y));
  const b = F(F(2.25 - x) + F(x * y2));
  const y3 = F(y2 * y);
  const d = F(F(2.625 - x) + F(x * y3));
  const loss = F(F(F(a * a) + F(b * b)) + F(d * d));
  const dd = F(d * 2);
  const db = F(b * 2);
  const da = F(a * 2);
  // Reverse tape order: m3, y3, s3, m2, s2, m1, s1, y2.
  let gx = F(dd * y3);
  const dy3 = F(dd * x);
  let gy2 = F(dy3 * y);
  let gy = F(dy3 * y2);
  gx = F(gx + -dd);
  gx = F(gx + F(db * y2));
  gy2 = F(gy2 + F(db * x));
  gx = F(gx + -db);
  gx = F(gx + F(da * y));
  gy = F(gy + F(da * x));
  gx = F(gx + -da);
  gy = F(gy + F(gy2 * F(y * 2)));
  return { loss, gx, gy };
};

const himmelblau: Fn = (x, y) => {
  const q1 = F(F(F(x * x) + y) - 11);
  const q2 = F(F(x + F(y * y)) - 7);
  const loss = F(F(q1 * q1) + F(q2 * q2));
  const dq2 = F(q2 * 2);
  const dq1 = F(q1 * 2);
  // Reverse: add(x, y²) → x, y² get dq2; square(y); add(x², y) → x², y get dq1; square(x).
  const gy = F(F(dq2 * F(y * 2)) + dq1);
  const gx = F(dq2 + F(dq1 * F(x * 2)));
  return { loss, gx, gy };
};

const illQuadratic: Fn = (x, y, kappa) => {
  const k = F(kappa);
  const loss = F(0.5 * F(F(x * x) + F(k * F(y * y))));
  // mul(0.5, s) → ds = 0.5; square(x) → 0.5·2x; mul(κ, y²) → dy2 = 0.5·κ; square(y).
  const gx = F(0.5 * F(x * 2));
  const gy = F(F(0.5 * k) * F(y * 2));
  return { loss, gx, gy };
};

const saddle: Fn = (x, y) => ({
  loss: F(F(x * x) - F(y * y)),
  gx: F(x * 2),
  gy: F(-1 * F(y * 2)),
});

const FNS: Record<LandscapeId, Fn> = {
  rosenbrock,
  beale,
  himmelblau,
  'ill-quadratic': illQuadratic,
  saddle,
};

/**
 * Loss and gradient of landscape `id` at θ = (x, y) (float32 values), with gradient noise σ
 * and this step's ξ (two float32 draws; ignored when σ = 0), as tfjs computes them.
 */
export function landscapeLossGrad(
  id: LandscapeId,
  x: number,
  y: number,
  kappa: number,
  sigma: number,
  xi: Float32Array | null,
): LossGrad {
  const r = FNS[id](x, y, kappa);
  if (sigma === 0 || !xi) return r;
  const s = F(sigma);
  // dot = sum(ξ·θ)·σ: its value cancels (dot − dot), unless it is not finite.
  const dot = F(F(F(xi[0] * x) + F(xi[1] * y)) * s);
  const g = F(1 * s);
  return {
    loss: F(r.loss + F(dot - dot)),
    gx: F(F(g * xi[0]) + r.gx),
    gy: F(F(g * xi[1]) + r.gy),
  };
}
