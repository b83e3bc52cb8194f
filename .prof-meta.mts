import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs';
import { setupNodeBackend, nodeTaskEnv } from '/work/main/src/cli/nodeBackend';
import { MetaTrainer } from '/work/main/src/core/meta/trainer';
import { parseRecipe } from '/work/main/src/core/learned/catalog';
const backend = process.argv[2] ?? 'cpu';
const task = process.argv[3] ?? 'dm-quadratic';
await setupNodeBackend(backend as 'cpu');
const r = parseRecipe({ kind: 'dmoptimizer', task: { id: task, options: task === 'dm-quadratic' ? { problems: 128 } : { activation: 'sigmoid', width: 20, batchSize: 128, initStd: 0.1 } }, iterations: 10 });
if (!r.ok) throw new Error(r.errors.join());
const tr = await MetaTrainer.create(r.value, nodeTaskEnv());
for (let i = 0; i < 4; i++) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  const rep = await tr.iterate();
  const c = process.cpuUsage(c0);
  console.log(i, rep.metaLoss.toFixed(4), 'wall', (performance.now() - t0).toFixed(0), 'cpu', ((c.user + c.system) / 1000).toFixed(0));
}
