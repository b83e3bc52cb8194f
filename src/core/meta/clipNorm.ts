/**
 * Meta-gradient clipping by global norm (recipe.clipNorm; docs/algorithms.md §8):
 *   ‖g‖ = √(Σ_tensors Σ_j g_j²),   g ← g · min(1, c/‖g‖)
 * applied to the gradient meta-Adam receives (the workers' mean where data-parallel), so one
 * rare huge meta-gradient cannot fill Adam's second moment v (≈ 1e-3·g² for ~1000 steps) and
 * freeze every later update. Stateless: exact resume is unaffected.
 */

/** The factor min(1, c/‖g‖) for ‖g‖² = `sumSq` (1 when c is absent or ‖g‖ is 0 or not finite). */
export function clipFactor(sumSq: number, clipNorm: number | undefined): number {
  if (clipNorm === undefined || !(sumSq > 0) || !Number.isFinite(sumSq)) return 1;
  const norm = Math.sqrt(sumSq);
  return norm > clipNorm ? clipNorm / norm : 1;
}

/** Σ g² over every tensor, in float64 and fixed order. */
export function sumSquares(grads: readonly ArrayLike<number>[]): number {
  let s = 0;
  for (const g of grads) for (let j = 0; j < g.length; j++) s += g[j] * g[j];
  return s;
}
