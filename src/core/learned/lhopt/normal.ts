/**
 * The standard normal CDF Φ and logit(Φ(z)) for LHOPT's features (docs/algorithms.md §5.1),
 * as plain numbers (float64, host side); normalT.ts has the same on tensors (on the device).
 *   Φ(z) = 1 − ½·erfc(z/√2) for z ≥ 0, ½·erfc(−z/√2) for z < 0
 *   logit(Φ(z)) = log Φ(z) − log(1 − Φ(z))   (odd in z), clipped to p ∈ [1e-8, 1 − 1e-8]
 * erfc is Numerical Recipes' Chebyshev fit (fractional error < 1.2e-7 for every x ≥ 0):
 *   erfc(x) = t·exp(−x² + P(t)),  t = 1/(1 + x/2)
 * The upper tail's log is taken from the exponent directly (log t − x² + P(t)), so logit(Φ(z))
 * stays finite and accurate in float32 for large |z|, where Φ(z) itself rounds to 1.
 * Example: Φ(1) = 0.8413447, logit(Φ(1)) = 1.6682679.
 */

export const ERFC_COEFFS = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587,
  -0.82215223, 0.17087277,
];
/** logit(1 − 1e-8): the clip of logit(Φ). */
export const LOGIT_MAX = Math.log((1 - 1e-8) / 1e-8);

function poly(t: number): number {
  let acc = ERFC_COEFFS[ERFC_COEFFS.length - 1];
  for (let i = ERFC_COEFFS.length - 2; i >= 0; i--) acc = ERFC_COEFFS[i] + t * acc;
  return acc;
}

/** log(½·erfc(z/√2)) = log(1 − Φ(z)) for z ≥ 0. */
function logUpperTail(z: number): number {
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  return Math.log(0.5) + Math.log(t) - x * x + poly(t);
}

export function phi(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const tail = Math.exp(logUpperTail(Math.abs(z)));
  return z >= 0 ? 1 - tail : tail;
}

export function logitPhi(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const a = Math.abs(z);
  const lt = logUpperTail(a);
  const v = Math.log1p(-Math.exp(lt)) - lt;
  return Math.sign(z) * Math.min(v, LOGIT_MAX);
}
