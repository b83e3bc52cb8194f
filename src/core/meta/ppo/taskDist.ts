/**
 * LHOPT's meta-training task distribution (docs/algorithms.md §5.6, playground version),
 * drawn from a seeded stream. Families (each with equal weight among those enabled):
 *   quadratic  noisy quadratic: dim log-U[10, 1000] (≤ 512 dense), κ log-U[100, 30000],
 *              gradient noise σ log-U[0.1, 3]
 *   spirals    two-spirals MLP: width {4, 8, 16, 32}, depth 1–3, random activation, batch 32–128
 *   mnist-mlp  MNIST MLP: width {8, 16, 32, 64}, depth 1–2, random activation, batch 32–128,
 *              init std log-U[0.03, 0.3]
 * and the episode's length: outer steps U{minOuter..maxOuter}, inner steps per outer step a
 * multiple of 4 in [minInner, maxInner].
 */
import type { Rng } from '../../experiment/rng';
import { ACTIVATIONS } from '../../tasks/catalog';

export const FAMILIES = ['quadratic', 'spirals', 'mnist-mlp'] as const;
export type Family = (typeof FAMILIES)[number];

export interface TaskDraw {
  family: Family;
  options: Record<string, number | string>;
  outer: number;
  inner: number;
}

export interface EpisodeShape {
  minOuter: number;
  maxOuter: number;
  minInner: number;
  maxInner: number;
}

const logU = (rng: Rng, lo: number, hi: number) => Math.exp(Math.log(lo) + rng.next() * Math.log(hi / lo));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

export function drawOptions(family: Family, rng: Rng): Record<string, number | string> {
  if (family === 'quadratic') {
    return {
      dim: Math.round(logU(rng, 10, 1000)),
      condition: logU(rng, 100, 30000),
      noise: logU(rng, 0.1, 3),
    };
  }
  const activation = pick(rng, ACTIVATIONS);
  const batchSize = 32 + rng.int(97);
  if (family === 'spirals') {
    return { width: pick(rng, [4, 8, 16, 32]), depth: 1 + rng.int(3), activation, batchSize };
  }
  return {
    width: pick(rng, [8, 16, 32, 64]),
    depth: 1 + rng.int(2),
    activation,
    batchSize,
    initStd: logU(rng, 0.03, 0.3),
  };
}

export function drawTask(families: readonly Family[], shape: EpisodeShape, rng: Rng): TaskDraw {
  if (families.length === 0) throw new Error('lhopt recipe: families must name at least one task family');
  const family = pick(rng, families);
  const outer = shape.minOuter + rng.int(shape.maxOuter - shape.minOuter + 1);
  const lo = Math.ceil(shape.minInner / 4);
  const hi = Math.max(lo, Math.floor(shape.maxInner / 4));
  const inner = 4 * (lo + rng.int(hi - lo + 1));
  return { family, options: drawOptions(family, rng), outer, inner };
}
