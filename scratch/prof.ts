import * as tf from '@tensorflow/tfjs-core';
import { nodeTaskEnv, setupNodeBackend } from '../src/cli/nodeBackend';
import { INITIAL_HYPER } from '../src/core/learned/lhopt/hyper';
import { Policy } from '../src/core/learned/lhopt/policy';
import { lhoptPolicyShape } from '../src/core/learned/lhopt/controller';
import { emptyNorm } from '../src/core/learned/lhopt/normalizer';
import { OBS_SIZE } from '../src/core/learned/lhopt/observation';
import { runBaseline, runEpisode } from '../src/core/meta/ppo/episode';
import { createTask } from '../src/core/tasks/registry';
import { makeRng } from '../src/core/experiment/rng';
async function main() {
  await setupNodeBackend((process.argv[2] ?? 'cpu') as 'cpu');
  const policy = Policy.init(lhoptPolicyShape(32), makeRng(1));
  for (const [fam, opts] of [['quadratic', { dim: 300, condition: 1000, noise: 1 }], ['spirals', { width: 16, depth: 2, activation: 'relu', batchSize: 64 }], ['spirals', { width: 32, depth: 3, activation: 'relu', batchSize: 128 }]] as const) {
    const task = await createTask(fam, opts as never, nodeTaskEnv(), 3);
    let t0 = Date.now();
    const b = runBaseline(task, 3, 20 * 12, [1e-3, 1e-2]);
    const tb = Date.now() - t0;
    t0 = Date.now();
    const e = runEpisode(policy, emptyNorm(OBS_SIZE), { task, seed: 3, outer: 20, inner: 12, preset: 'lite', hyper: INITIAL_HYPER, noise: [0, 0, 0, 0, 0, 0] }, b, makeRng(2), true);
    console.log(fam, 'baseline(2 lrs, 240 steps)', tb, 'ms; episode', Date.now() - t0, 'ms; reward', e.reward.toFixed(3), 'speedup', e.speedup.toFixed(3), 'final', e.finalLoss, 'baseline lr', b.lr);
    task.dispose();
  }
}
main();
