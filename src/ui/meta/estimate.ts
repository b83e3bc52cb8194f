/**
 * A rough cost estimate shown before meta-training starts (the ETA replaces it once iterations
 * run). Seconds per unrolled optimizee step, measured with the wasm backend on a 2-core CPU:
 * the shipped weights' runs on the default MNIST MLP (README, "Learned optimizers":
 * DMOptimizer 60 iterations × 20 steps in 310 s, RNNprop 60 × 20 in 408 s, HyperAdam 36 × 20 in
 * 300 s, VHAdam 68 × 10 in 300 s) and the DM quadratic (128 problems) in the e2e test.
 */
import type { Recipe } from '../../core/learned/catalog';
import type { PpoRecipe } from '../../core/meta/ppo/recipe';
import { lastPpoSecondsPerStep, ppoEstimateSeconds } from './ppoEstimate';

const MNIST_S_PER_STEP: Record<string, number> = {
  dmoptimizer: 0.26,
  rnnprop: 0.34,
  hyperadam: 0.42,
  vhadam: 0.44,
};
const QUADRATIC_S_PER_STEP = 0.1;

/** Estimated seconds for the whole recipe, or null when there is no basis for one. */
export function estimateSeconds(r: Recipe): number | null {
  if (r.trainer === 'ppo') return ppoEstimateSeconds(r as unknown as PpoRecipe, lastPpoSecondsPerStep());
  const perStep =
    r.task.id === 'mnist-mlp'
      ? MNIST_S_PER_STEP[r.kind]
      : r.task.id === 'dm-quadratic'
        ? QUADRATIC_S_PER_STEP * (Number(r.task.options.problems ?? 128) / 128)
        : undefined;
  if (perStep === undefined) return null;
  return r.iterations * r.unroll * perStep;
}
