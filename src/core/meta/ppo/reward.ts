/**
 * LHOPT's reward (docs/algorithms.md §5.5, RECONSTRUCTED interpretation): the log speedup over
 * an Adam baseline run on the same task and seed.
 *   Fit L(t) = a + b·(t + 1)^(−c)  (a ≥ 0, b ≥ 0, c > 0) to the baseline's held-out loss at
 *   14 points of its T-step run plus the loss at initialisation (t = 0): for each c on a
 *   log grid, a and b by least squares weighted by 1/L_i² (relative error), then a golden-
 *   section refinement of c.
 *   t* = (b/(L* − a))^(1/c) − 1: the baseline step at which the fit reaches the policy's
 *   final held-out loss L*, capped at 2T (extrapolation ≤ 2×); L* ≤ a also gives 2T.
 *   speedup = t* / T;  reward = clip(log speedup, −3, 3); a non-finite L* gives −3.
 */

export const FIT_POINTS = 14;
export const MAX_EXTRAPOLATION = 2;
export const REWARD_CLIP = 3;

export interface PowerFit {
  a: number;
  b: number;
  c: number;
  /** Weighted squared error of the fit. */
  err: number;
}

export const powerLaw = (f: PowerFit, t: number): number => f.a + f.b * (t + 1) ** -f.c;

/** The baseline steps at which the held-out loss is recorded: round(T·i/14), i = 1..14. */
export function fitSteps(T: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= FIT_POINTS; i++) {
    const s = Math.max(1, Math.round((T * i) / FIT_POINTS));
    if (out[out.length - 1] !== s) out.push(s);
  }
  return out;
}

function fitFixedC(ts: number[], ls: number[], c: number): PowerFit {
  let sw = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  const w = ls.map((l) => 1 / Math.max(l * l, 1e-30));
  const x = ts.map((t) => (t + 1) ** -c);
  ts.forEach((_, i) => {
    sw += w[i];
    sx += w[i] * x[i];
    sy += w[i] * ls[i];
    sxx += w[i] * x[i] * x[i];
    sxy += w[i] * x[i] * ls[i];
  });
  const det = sw * sxx - sx * sx;
  let b = det !== 0 ? (sw * sxy - sx * sy) / det : 0;
  let a = det !== 0 ? (sy - b * sx) / sw : sy / sw;
  if (b < 0) {
    b = 0;
    a = sy / sw;
  }
  if (a < 0) {
    a = 0;
    b = sxx > 0 ? Math.max(sxy / sxx, 0) : 0;
  }
  const err = ts.reduce((e, _, i) => e + w[i] * (a + b * x[i] - ls[i]) ** 2, 0);
  return { a, b, c, err };
}

/** Fit a + b(t+1)^−c to finite (t, L) points. */
export function fitPowerLaw(ts: number[], ls: number[]): PowerFit {
  const keep = ts.map((_, i) => i).filter((i) => Number.isFinite(ls[i]));
  const t = keep.map((i) => ts[i]);
  const l = keep.map((i) => ls[i]);
  if (t.length < 2) return { a: l[0] ?? Number.NaN, b: 0, c: 1, err: 0 };
  const lo = Math.log(1e-3);
  const hi = Math.log(5);
  let best = fitFixedC(t, l, Math.exp(lo));
  let bestK = 0;
  const K = 60;
  for (let k = 1; k <= K; k++) {
    const f = fitFixedC(t, l, Math.exp(lo + ((hi - lo) * k) / K));
    if (f.err < best.err) {
      best = f;
      bestK = k;
    }
  }
  // Golden-section search on log c around the best grid point.
  let x0 = lo + ((hi - lo) * Math.max(bestK - 1, 0)) / K;
  let x1 = lo + ((hi - lo) * Math.min(bestK + 1, K)) / K;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 40; i++) {
    const a = x1 - g * (x1 - x0);
    const b = x0 + g * (x1 - x0);
    if (fitFixedC(t, l, Math.exp(a)).err < fitFixedC(t, l, Math.exp(b)).err) x1 = b;
    else x0 = a;
  }
  const refined = fitFixedC(t, l, Math.exp((x0 + x1) / 2));
  return refined.err <= best.err ? refined : best;
}

/** Baseline steps needed to reach `finalLoss` per the fit, capped at MAX_EXTRAPOLATION·T. */
export function stepsToReach(f: PowerFit, finalLoss: number, T: number): number {
  const cap = MAX_EXTRAPOLATION * T;
  if (finalLoss <= f.a) return cap;
  if (f.b <= 0) return 0;
  const t = (f.b / (finalLoss - f.a)) ** (1 / f.c) - 1;
  return Math.min(Math.max(t, 0), cap);
}

export interface SpeedupReward {
  speedup: number;
  reward: number;
}

export function speedupReward(f: PowerFit, finalLoss: number, T: number): SpeedupReward {
  if (!Number.isFinite(finalLoss)) return { speedup: 0, reward: -REWARD_CLIP };
  const speedup = stepsToReach(f, finalLoss, T) / T;
  const reward = Math.max(-REWARD_CLIP, Math.min(REWARD_CLIP, Math.log(speedup)));
  return { speedup, reward };
}
