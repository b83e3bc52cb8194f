/**
 * The race a first visit (a URL without a query) opens with: short enough to finish in a few
 * seconds, and chosen so the two rules visibly differ. On Rosenbrock at lr 0.1, Adam reaches
 * loss ≈ 0.25 in 300 steps while AdaMod, whose step sizes are capped by their own running
 * average (β3 = 0.99), is still at ≈ 2.4: its built-in warm-up shows in the loss and in its
 * step-size chart (npm run cli -- run --task rosenbrock --opt adam:lr=0.1
 * --opt adamod:lr=0.1,beta3=0.99 --steps 300).
 */
import { defaultSpec, type ExperimentSpec } from '../core/experiment/schema';

export function starterSpec(): ExperimentSpec {
  return {
    ...defaultSpec(),
    steps: 300,
    optimizers: [
      { id: 'adam', hyper: { lr: 0.1 } },
      { id: 'adamod', hyper: { lr: 0.1, beta3: 0.99 } },
    ],
  };
}
