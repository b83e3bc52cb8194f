/** Two classic facts about first-order methods, checked on 2-D landscapes. */
import type { Preset } from './types';

const FINAL = { kind: 'final' } as const;

export const MOMENTUM_ILL_CONDITIONED: Preset = {
  id: 'momentum-ill-conditioned',
  title: 'Momentum on an ill-conditioned quadratic',
  paper:
    'Polyak 1964, "Some methods of speeding up the convergence of iteration methods"; Goh 2017, "Why Momentum Really Works", Distill',
  claim:
    'At the same step size, heavy-ball momentum converges far faster than gradient descent on an ill-conditioned quadratic (κ = 50): with a well-chosen μ the error falls like ((√κ − 1)/(√κ + 1))^t instead of ((κ − 1)/(κ + 1))^t.',
  experiments: [
    {
      label: 'ill-conditioned quadratic, κ = 50, lr 0.01',
      query: 'v=1&task=ill-quadratic&opt=sgd(lr=0.01)&opt=momentum(lr=0.01,momentum=0.9)&steps=200&seed=1',
    },
  ],
  rows: [
    { label: 'SGD', experiment: 0, optimizer: 0, metric: FINAL },
    { label: 'Momentum (μ = 0.9)', experiment: 0, optimizer: 1, metric: FINAL },
  ],
  comparisons: [{ better: 1, worse: 0 }],
  reduced: '1 seed × 200 steps (deterministic: no minibatches); the sources analyse the rate, not a run.',
  lookFor:
    'Contour map: SGD crawls along the long, flat valley; momentum overshoots across it but races down it. Loss chart (log y): momentum drops by orders of magnitude more.',
};

export const SADDLE_ESCAPE: Preset = {
  id: 'saddle-escape',
  title: 'Escaping a saddle point',
  paper:
    'Dauphin et al. 2014, "Identifying and attacking the saddle point problem in high-dimensional non-convex optimization", NeurIPS',
  claim:
    'Near a saddle (f = x² − y², started 10⁻³ off the ridge) plain gradient descent lingers because the gradient is tiny along the escape direction; momentum and Adam (which rescales that tiny gradient) escape much faster.',
  experiments: [
    {
      label: 'saddle x² − y² from (−1.5, 0.001), lr 0.01',
      query:
        'v=1&task=saddle&opt=sgd(lr=0.01)&opt=momentum(lr=0.01,momentum=0.9)&opt=adam(lr=0.01)&steps=200&seed=1',
    },
  ],
  rows: [
    { label: 'SGD', experiment: 0, optimizer: 0, metric: FINAL },
    { label: 'Momentum (μ = 0.9)', experiment: 0, optimizer: 1, metric: FINAL },
    { label: 'Adam', experiment: 0, optimizer: 2, metric: FINAL },
  ],
  comparisons: [
    { better: 1, worse: 0 },
    { better: 2, worse: 0 },
  ],
  reduced: '1 seed × 200 steps (deterministic); the paper: saddles of high-dimensional networks.',
  lookFor:
    'Contour map: SGD slides to the saddle at the origin and stays; Adam leaves along ±y at a steady pace; momentum accelerates away. The loss is unbounded below, so the y axis turns linear.',
};
