/**
 * Float64 reference implementations of the twelve update rules, in plain JS loops over
 * Float64Array, written from the formulas (docs/algorithms.md §1, §6; PyTorch torch.optim and the
 * AdaMod / AdaBound authors' code), independent of the tfjs code under test.
 */
import type { Hyper, OptimizerId } from '../../src/core/optim/catalog';

export type Vec = Float64Array;

export interface RefProbes {
  updateNorm: number;
  /** every coordinate's raw η_t (AdaMod, AdaBound), concatenated over tensors */
  eta?: number[];
  /** every coordinate's s_t (AdaMod) */
  s?: number[];
  clippedFraction?: number;
  lowerBound?: number;
  upperBound?: number;
}

/** Every hyperparameter name the references read (tests pass a rule's complete record). */
export type RefHyper = Required<Hyper>;

/** A rule's complete hyperparameters, read as the references' record (names it lacks are unused). */
export const refHyper = (hp: Hyper): RefHyper => hp as RefHyper;

export interface RefOptimizer {
  /** One step: updates params in place; hp may differ between calls. */
  step(params: Vec[], grads: Vec[], hp: RefHyper): RefProbes;
}

/** numpy-style linear-interpolated quantile of the values. */
export function quantile64(values: number[], q: number): number {
  const a = [...values].sort((x, y) => x - y);
  const h = q * (a.length - 1);
  const f = Math.floor(h);
  const c = Math.min(f + 1, a.length - 1);
  return a[f] + (a[c] - a[f]) * (h - f);
}

const zeros = (params: Vec[]) => params.map((p) => new Float64Array(p.length));

/** Per-coordinate loop over all tensors: fn(tensor index, coord index). */
function each(params: Vec[], fn: (k: number, i: number) => void): void {
  for (let k = 0; k < params.length; k++) for (let i = 0; i < params[k].length; i++) fn(k, i);
}

function withNorm(params: Vec[], body: () => Omit<RefProbes, 'updateNorm'> | undefined): RefProbes {
  const before = params.map((p) => Float64Array.from(p));
  const extra = body() ?? {};
  let sq = 0;
  each(params, (k, i) => {
    sq += (params[k][i] - before[k][i]) ** 2;
  });
  return { updateNorm: Math.sqrt(sq), ...extra };
}

/** g + λθ (coupled L2), per coordinate. */
const coupled = (g: number, p: number, hp: Required<Hyper>) => g + hp.weightDecay * p;

export function makeReference(id: OptimizerId): RefOptimizer {
  let t = 0;
  let a: Vec[] | null = null; // first slot (m, b, G, E_g, v)
  let b: Vec[] | null = null; // second slot (v, u, E_Δ, momentum buffer)
  let c: Vec[] | null = null; // third slot (v_max, s)
  const init = (params: Vec[]) => {
    if (!a) {
      a = zeros(params);
      b = zeros(params);
      c = zeros(params);
    }
  };
  return {
    step(params, grads, hp) {
      init(params);
      t += 1;
      const A = a!;
      const B = b!;
      const C = c!;
      return withNorm(params, () => {
        switch (id) {
          case 'sgd':
            each(params, (k, i) => {
              params[k][i] -= hp.lr * coupled(grads[k][i], params[k][i], hp);
            });
            return undefined;
          case 'momentum':
          case 'nesterov':
            each(params, (k, i) => {
              const g = coupled(grads[k][i], params[k][i], hp);
              A[k][i] = hp.momentum * A[k][i] + g;
              const d = id === 'nesterov' ? g + hp.momentum * A[k][i] : A[k][i];
              params[k][i] -= hp.lr * d;
            });
            return undefined;
          case 'adagrad':
            each(params, (k, i) => {
              const g = coupled(grads[k][i], params[k][i], hp);
              A[k][i] += g * g;
              params[k][i] -= (hp.lr * g) / (Math.sqrt(A[k][i]) + hp.eps);
            });
            return undefined;
          case 'adadelta':
            each(params, (k, i) => {
              const g = coupled(grads[k][i], params[k][i], hp);
              A[k][i] = hp.rho * A[k][i] + (1 - hp.rho) * g * g;
              const d = (Math.sqrt(B[k][i] + hp.eps) / Math.sqrt(A[k][i] + hp.eps)) * g;
              B[k][i] = hp.rho * B[k][i] + (1 - hp.rho) * d * d;
              params[k][i] -= hp.lr * d;
            });
            return undefined;
          case 'rmsprop':
            if (hp.momentum === 0) b = zeros(params); // PyTorch has no buffer while μ = 0
            each(params, (k, i) => {
              const g = coupled(grads[k][i], params[k][i], hp);
              A[k][i] = hp.alpha * A[k][i] + (1 - hp.alpha) * g * g;
              const scaled = g / (Math.sqrt(A[k][i]) + hp.eps);
              if (hp.momentum > 0) {
                B[k][i] = hp.momentum * B[k][i] + scaled;
                params[k][i] -= hp.lr * B[k][i];
              } else {
                params[k][i] -= hp.lr * scaled;
              }
            });
            return undefined;
          case 'adam':
          case 'adamw':
          case 'amsgrad': {
            const bc1 = 1 - hp.beta1 ** t;
            const bc2 = 1 - hp.beta2 ** t;
            each(params, (k, i) => {
              const g = id === 'adamw' ? grads[k][i] : coupled(grads[k][i], params[k][i], hp);
              if (id === 'adamw') params[k][i] *= 1 - hp.lr * hp.weightDecay;
              A[k][i] = hp.beta1 * A[k][i] + (1 - hp.beta1) * g;
              B[k][i] = hp.beta2 * B[k][i] + (1 - hp.beta2) * g * g;
              C[k][i] = Math.max(C[k][i], B[k][i]);
              const vHat = (id === 'amsgrad' ? C[k][i] : B[k][i]) / bc2;
              params[k][i] -= (hp.lr * (A[k][i] / bc1)) / (Math.sqrt(vHat) + hp.eps);
            });
            return undefined;
          }
          case 'adamax': {
            const bc1 = 1 - hp.beta1 ** t;
            each(params, (k, i) => {
              const g = coupled(grads[k][i], params[k][i], hp);
              A[k][i] = hp.beta1 * A[k][i] + (1 - hp.beta1) * g;
              B[k][i] = Math.max(hp.beta2 * B[k][i], Math.abs(g) + hp.eps);
              params[k][i] -= ((hp.lr / bc1) * A[k][i]) / B[k][i];
            });
            return undefined;
          }
          case 'adabound':
          case 'adamod': {
            const ct = (hp.lr * Math.sqrt(1 - hp.beta2 ** t)) / (1 - hp.beta1 ** t);
            const lo = hp.finalLr * (1 - 1 / (hp.gamma * t + 1));
            const hi = hp.finalLr * (1 + 1 / (hp.gamma * t));
            const etas: number[] = [];
            const ss: number[] = [];
            let clipped = 0;
            each(params, (k, i) => {
              const g = id === 'adabound' ? coupled(grads[k][i], params[k][i], hp) : grads[k][i];
              if (id === 'adamod') params[k][i] *= 1 - hp.lr * hp.weightDecay;
              A[k][i] = hp.beta1 * A[k][i] + (1 - hp.beta1) * g;
              B[k][i] = hp.beta2 * B[k][i] + (1 - hp.beta2) * g * g;
              const eta = ct / (Math.sqrt(B[k][i]) + hp.eps);
              etas.push(eta);
              let used: number;
              if (id === 'adamod') {
                C[k][i] = hp.beta3 * C[k][i] + (1 - hp.beta3) * eta;
                ss.push(C[k][i]);
                if (C[k][i] < eta) clipped++;
                used = Math.min(eta, C[k][i]);
              } else {
                used = Math.min(Math.max(eta, lo), hi);
              }
              params[k][i] -= used * A[k][i];
            });
            return id === 'adamod'
              ? { eta: etas, s: ss, clippedFraction: clipped / etas.length }
              : { eta: etas, lowerBound: lo, upperBound: hi };
          }
        }
      });
    },
  };
}
