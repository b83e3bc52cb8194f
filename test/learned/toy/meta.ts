/**
 * A toy learned kind, as README "Adding a learned optimizer" describes it: the pure descriptor.
 * Step: Δθ = −scale·(w₀·g + w₁·m), m ← ½m + ½g, with two meta-parameters [w₀, w₁] and a bias b
 * that only the count sees ([2] + [1] = 3 meta-parameters).
 */
import { z } from 'zod';
import { defineLearnedMeta } from '../../../src/core/learned/descriptor';
import { learnedHyperSchema, switchField } from '../../../src/core/learned/hyperSchema';
import { zerosInit } from '../../../src/core/learned/weightDefs';

export interface ToyArchitecture {
  kind: 'toysign';
  outputScale: number;
}

export const toyMeta = defineLearnedMeta<ToyArchitecture>({
  id: 'toysign',
  label: 'Toy',
  description: 'A two-weight learned step (test only).',
  math: 'θ ← θ − lr·(w₀g + w₁m)',
  hyperSchema: learnedHyperSchema({ half: switchField('must be 0 or 1') }),
  hyperDefaults: { lr: 0.1, half: 0 },
  hyperHelp: 'lr (output scale), half',
  architectureSchema: z.strictObject({ kind: z.literal('toysign'), outputScale: z.number().positive() }),
  defaultArchitecture: { kind: 'toysign', outputScale: 0.1 },
  weightDefs: () => [
    { name: 'w', shape: [2], init: () => new Float32Array([1, 0.5]) },
    { name: 'b', shape: [1], init: zerosInit(1) },
  ],
  defaultRecipes: {
    bptt: { task: { id: 'dm-quadratic', options: { problems: 2 } }, steps: 4, unroll: 2, iterations: 2 },
  },
  probes: ['toyW0'],
  panels: [],
});
