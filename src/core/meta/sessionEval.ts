/**
 * The meta-training session's periodic evaluation (session.ts MetaSession): the current φ
 * against Adam at the start options' lr, on fresh runs of the training task (no tricks).
 */
import { learnedRule } from '../learned/rule';
import { getRule } from '../optim/registry';
import { parseHyper } from '../optim/validate';
import type { TaskOptions } from '../tasks/catalog';
import { createTask, type TaskEnv } from '../tasks/registry';
import { evaluateRule } from './evaluate';
import type { OuterTrainer } from './outer';
import type { MetaEval, MetaStartOptions } from './protocol';
import type { Recipe } from './trainers/catalog';

/** Evaluate `tr`'s φ and Adam on a fresh task; `shouldStop` abandons it (StopRequested). */
export async function evaluateAgainstAdam(
  tr: OuterTrainer<Recipe>,
  o: MetaStartOptions,
  env: TaskEnv,
  shouldStop: () => boolean,
): Promise<MetaEval> {
  const { id, options } = o.recipe.task;
  const task = await createTask(id, options as Partial<TaskOptions>, env, o.recipe.seed + 7919);
  try {
    const steps = o.recipe.steps;
    const common = { runs: o.evalRuns, steps, seed: 424242 + tr.iteration, interrupt: shouldStop };
    const learned = await evaluateRule(
      learnedRule(tr.opt),
      { lr: tr.opt.architecture.outputScale },
      task,
      common,
    );
    const hp = parseHyper('adam', { lr: o.adamLr });
    if (!hp.ok) throw new Error(hp.errors.join('; '));
    const adam = await evaluateRule(getRule('adam'), hp.value, task, common);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    return {
      iteration: tr.iteration,
      learned: Array.from(learned.meanCurve),
      adam: Array.from(adam.meanCurve),
      adamLr: o.adamLr,
      learnedFinal: mean(learned.finals),
      adamFinal: mean(adam.finals),
    };
  } finally {
    task.dispose();
  }
}
