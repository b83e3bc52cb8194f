/**
 * The 'bptt' outer trainer's registry entry (pure: its recipe, bpttRecipe.ts, and a lazy
 * loader of its implementation, meta/trainer.ts).
 */
import type { z } from 'zod';
import { LEARNED_KIND_IDS, learnedMetaOf } from '../../learned/kinds';
import { TASK_OPTIONS } from '../../tasks/catalog';
import type { TrainerRecipeMeta } from '../outer';
import { type BpttRecipe, bpttSchema } from './bpttRecipe';

/** Kinds with an Adam start (recipe.init other than 'paper'). */
export const adamStartKinds = () => LEARNED_KIND_IDS.filter((k) => learnedMetaOf(k)?.adamStart);

export const bpttTrainer: TrainerRecipeMeta<BpttRecipe> = {
  id: 'bptt',
  label: 'Truncated BPTT',
  description: 'Backpropagation through truncated unrolls of the optimizee, Adam on φ.',
  schema: () => bpttSchema() as unknown as z.ZodType<BpttRecipe>,
  // Browser-scale defaults (docs/algorithms.md §8.5) on the MNIST MLP; kinds override some.
  defaults: {
    task: { id: 'mnist-mlp', options: { activation: 'sigmoid', width: 20, batchSize: 128, initStd: 0.1 } },
    steps: 100,
    unroll: 20,
    iterations: 200,
    metaLr: 1e-3,
    objective: 'mean-unroll',
    tricks: { randomScaling: 0, convexCombination: false },
    seed: 1,
    path: 'autodiff',
  },
  nested: ['tricks'],
  check: (r) => [
    ...(r.steps % r.unroll === 0
      ? []
      : [`recipe.unroll: must divide recipe.steps (${r.steps}); got ${r.unroll}`]),
    ...(r.init && r.init !== 'paper' && !learnedMetaOf(r.kind)?.adamStart
      ? [
          `recipe.init: '${r.init}' is allowed for ${adamStartKinds().join(', ')}; '${r.kind}' starts from the paper's φ₀ only`,
        ]
      : []),
    ...lrScaleErrors(r),
    ...((r.segments ?? 1) > 1 && r.kind === 'vhadam'
      ? [
          'recipe.segments (recompute segments): vhadam samples its update at every step, so a recomputed ' +
            'segment would not repeat its forward pass; allowed for vhadam: 1',
        ]
      : []),
    ...(r.activations && !('activation' in TASK_OPTIONS[r.task.id].shape)
      ? [`recipe.activations: task '${r.task.id}' has no activation option (MLP tasks have one)`]
      : []),
  ],
  load: async () => (await import('../trainer')).bpttFactory,
};

/** recipe.lrScale may name only the kind's meta-parameters. */
function lrScaleErrors(r: BpttRecipe): string[] {
  const meta = learnedMetaOf(r.kind);
  if (!r.lrScale || !meta) return [];
  const names = meta.weightDefs(meta.defaultArchitecture).map((d) => d.name);
  return Object.keys(r.lrScale)
    .filter((k) => !names.includes(k))
    .map((k) => `recipe.lrScale: '${k}' is not a meta-parameter of ${r.kind}; valid: ${names.join(', ')}`);
}
