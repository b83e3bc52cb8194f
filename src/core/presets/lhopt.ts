/**
 * LHOPT's headline claim (docs/algorithms.md §5, docs/lhopt.md): a learned hyperparameter
 * controller beats tuned Adam, measured as learned_optimization's speedup over tuned Adam
 * (core/run/speedup.ts) with the shipped policy (public/pretrained/lhopt-mix.*).
 */
import type { Preset } from './types';

const STEPS = 200;
const SEEDS = 3;

export const LHOPT_SPEEDUP: Preset = {
  id: 'lhopt-speedup',
  title: "LHOPT's speedup over tuned Adam",
  paper:
    'Almeida, Winter, Tang, Zaremba 2021, "A Generalizable Approach to Learning Optimizers", arXiv 2106.00958 (abstract)',
  claim:
    'A policy that adjusts the optimizer\'s hyperparameters during training beats tuned Adam on tasks it was not trained on: "a 2× speedup on ImageNet" (and 2.5× on language modelling).',
  experiments: [
    {
      label: 'MNIST MLP 1×20 (held out from the policy training), LHOPT vs Adam tuned over 1e-3…0.1',
      query: `v=1&task=mnist-mlp&opt=lhopt&steps=${STEPS}&seed=1&seeds=${SEEDS}`,
    },
  ],
  rows: [
    {
      label: 'LHOPT speedup over tuned Adam',
      experiment: 0,
      optimizer: 0,
      metric: { kind: 'speedup' },
      paper: 2,
    },
    { label: 'LHOPT final loss', experiment: 0, optimizer: 0, metric: { kind: 'final' } },
    { label: 'tuned Adam final loss', experiment: 0, optimizer: 0, metric: { kind: 'tunedAdamFinal' } },
  ],
  comparisons: [{ better: 1, worse: 2 }],
  reduced: `${SEEDS} seeds × ${STEPS} steps of the 784-20-10 MNIST MLP (tuned Adam: 5 learning rates × ${2 * STEPS} steps); the paper used ImageNet and language models trained for days and a policy trained with far more compute (ours: 30 PPO iterations, 240 episodes, on quadratics and spirals MLPs).`,
  lookFor:
    'LHOPT schedule chart: the learning rate, β and clip the policy sets at each outer step. Speedup > 1 would mean LHOPT reaches its final loss in fewer steps than tuned Adam.',
};
