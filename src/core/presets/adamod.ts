/** AdaMod presets (docs/algorithms.md §1.1): large learning rates, and the built-in warm-up. */
import type { Preset } from './types';

const FINAL = { kind: 'final' } as const;

export const ADAMOD_LARGE_LR: Preset = {
  id: 'adamod-large-lr',
  title: 'AdaMod tolerates large learning rates',
  paper:
    'Ding, Ren, Luo, Sun 2019, "An Adaptive and Momental Bound Method for Stochastic Learning", arXiv 1910.12249 (abstract)',
  claim:
    'Bounding each step size by its running average (the momental bound) "eliminates the extremely large learning rates": at a learning rate where Adam trains badly, AdaMod still trains.',
  experiments: [
    {
      label: 'MNIST MLP (sigmoid), lr 1 and 0.1',
      query:
        'v=1&task=mnist-mlp&opt=adam(lr=1)&opt=adamod(lr=1)&opt=adam(lr=0.1)&opt=adamod(lr=0.1)&steps=100&seed=1&seeds=3',
    },
  ],
  rows: [
    { label: 'Adam, lr 1', experiment: 0, optimizer: 0, metric: FINAL },
    { label: 'AdaMod, lr 1', experiment: 0, optimizer: 1, metric: FINAL },
    { label: 'Adam, lr 0.1', experiment: 0, optimizer: 2, metric: FINAL },
    { label: 'AdaMod, lr 0.1', experiment: 0, optimizer: 3, metric: FINAL },
  ],
  comparisons: [{ better: 1, worse: 0 }],
  reduced:
    '3 seeds × 100 steps of a 784-20-10 MNIST MLP; the paper trained ResNets/DenseNets on CIFAR and Transformers for full schedules.',
  lookFor:
    'Loss chart: Adam at lr 1 stalls high while AdaMod at lr 1 keeps falling. AdaMod chart: the raw step sizes η_t spike far above the bound s_t, and the applied step is min(η_t, s_t).',
};

export const ADAMOD_WARMUP: Preset = {
  id: 'adamod-warmup',
  title: "AdaMod's built-in warm-up",
  paper:
    "Ding et al. 2019, arXiv 1910.12249; the update rule of the authors' code (lancopku/AdaMod adamod.py)",
  claim:
    "With s_0 = 0 the first applied step is η̂_1 = (1 − β3)·η_1: with β3 = 0.999, 1000× smaller than Adam's first step, growing as s_t catches up with η_t (a warm-up without a schedule).",
  experiments: [
    {
      label: 'MNIST MLP, Adam vs AdaMod (lr 1e-3, β3 0.999)',
      query: 'v=1&task=mnist-mlp&opt=adam(lr=0.001)&opt=adamod(lr=0.001,beta3=0.999)&steps=50&seed=1&seeds=3',
    },
  ],
  rows: [
    {
      label: 'AdaMod first update ÷ Adam first update',
      experiment: 0,
      optimizer: 1,
      metric: { kind: 'probeRatio', probe: 'updateNorm', step: 0, over: 0 },
      paper: 0.001,
    },
    {
      label: 'AdaMod update ÷ Adam update at step 49',
      experiment: 0,
      optimizer: 1,
      metric: { kind: 'probeRatio', probe: 'updateNorm', step: 49, over: 0 },
    },
  ],
  comparisons: [{ better: 0, worse: 1 }],
  tolerance: 0.05,
  reduced:
    '3 seeds × 50 steps, measuring the update sizes directly; the paper states it in its method section (no experiment).',
  lookFor:
    "AdaMod chart: the bound s_t starts at 0 and climbs towards the raw step sizes η_t; the clipped fraction starts at 100%. Update-norm chart: AdaMod's first updates are ~1000× smaller than Adam's.",
};
