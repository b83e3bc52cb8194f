/**
 * `npm run --silent cli -- meta-train eval --kind lhopt …`: LHOPT's results protocol
 * (docs/algorithms.md §5.5). For each family, `--runs` tasks drawn from the training
 * distribution's sampler (meta/ppo/taskDist.ts, seeds from --seed), each run for
 * outer × inner steps:
 *   tuned Adam: the best final held-out loss over --adam-grid (power-law fit of its curve)
 *   LHOPT: the shipped policy, most likely action, from the default hyperparameters
 *   fixed: the same inner optimizer without the policy (the default hyperparameters kept)
 *   repair: LHOPT and fixed started at lr ×100 and ×0.01
 * speedup = (steps tuned Adam needs to reach the final loss)/T, capped at 2 and floored at
 * e^−3 (the reward's range). Prints one JSON line per task and a summary (mean ± std).
 * Also times one inner step of LHOPT against AdamW on the first MNIST task.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeRng } from '../../core/experiment/rng';
import { decodePolicyFile, type LhoptModelJson } from '../../core/learned/lhopt/files';
import { INITIAL_HYPER } from '../../core/learned/lhopt/hyper';
import { runBaseline, runEpisode, runFixed } from '../../core/meta/ppo/episode';
import { speedupReward } from '../../core/meta/ppo/reward';
import { drawOptions, type Family } from '../../core/meta/ppo/taskDist';
import { createTask } from '../../core/tasks/registry';
import { type FlagDefs, parseFlags } from '../args';
import { REPO_ROOT } from '../mnistPath';
import { nodeTaskEnv, setupNodeBackend } from '../nodeBackend';

const FLAGS: FlagDefs = {
  kind: { kind: 'string', arg: 'lhopt', help: 'lhopt' },
  runs: { kind: 'string', arg: '<n>', help: 'tasks per family (default 20)' },
  families: { kind: 'string', arg: '<a,b>', help: 'default quadratic,spirals,mnist-mlp' },
  outer: { kind: 'string', arg: '<n>', help: 'outer steps (default 16)' },
  inner: { kind: 'string', arg: '<n>', help: 'inner steps per outer step (default 8)' },
  weights: { kind: 'string', arg: '<file.json>', help: 'default public/pretrained/lhopt-mix.json' },
  'adam-grid': { kind: 'string', arg: '<lrs>', help: 'default 0.001,0.003,0.01,0.03,0.1' },
  seed: { kind: 'string', arg: '<n>', help: 'default 1000' },
  repair: { kind: 'string', arg: '<n>', help: 'repair runs per family (default 5)' },
};

const stats = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const s = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(xs.length - 1, 1));
  return `${m.toFixed(3)} ± ${s.toFixed(3)}`;
};

export async function main(argv: string[]): Promise<number> {
  const f = parseFlags(argv, FLAGS);
  await setupNodeBackend('cpu');
  const path = (f.weights as string) ?? join(REPO_ROOT, 'public', 'pretrained', 'lhopt-mix.json');
  const json = JSON.parse(await readFile(path, 'utf8')) as LhoptModelJson;
  const b = await readFile(join(path, '..', json.weightsManifest[0].paths[0]));
  const { policy } = decodePolicyFile(
    json,
    b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer,
    path,
  );
  const norm = policy.readNorm();
  const runs = Number(f.runs ?? 20);
  const outer = Number(f.outer ?? 16);
  const inner = Number(f.inner ?? 8);
  const T = outer * inner;
  const grid = String(f['adam-grid'] ?? '0.001,0.003,0.01,0.03,0.1')
    .split(',')
    .map(Number);
  const families = String(f.families ?? 'quadratic,spirals,mnist-mlp').split(',') as Family[];
  const seed0 = Number(f.seed ?? 1000);
  const repairs = Number(f.repair ?? 5);
  const env = nodeTaskEnv();
  const noise = new Array(6).fill(0);
  for (const family of families) {
    const sp: Record<string, number[]> = {
      lhopt: [],
      fixed: [],
      lhoptX100: [],
      fixedX100: [],
      lhoptX001: [],
      fixedX001: [],
    };
    for (let i = 0; i < runs; i++) {
      const rng = makeRng(seed0).fork(`${family}${i}`);
      const options = drawOptions(family, rng);
      const seed = rng.int(2 ** 31);
      const task = await createTask(family, options, env, seed);
      const base = runBaseline(task, seed, T, grid);
      const spec = (lr: number) => ({
        task,
        seed,
        outer,
        inner,
        preset: 'lite' as const,
        hyper: { ...INITIAL_HYPER, lr },
        noise,
      });
      const speed = (loss: number) => speedupReward(base.fit, loss, T).speedup;
      const row: Record<string, number | string> = {
        family,
        i,
        adamLr: base.lr,
        adamFinal: base.curve.loss[base.curve.loss.length - 1],
      };
      const both = (key: string, lr: number) => {
        const l = runEpisode(policy, norm, spec(lr), base, null, false);
        const fx = runFixed(task, seed, T, { ...INITIAL_HYPER, lr }, 'lite');
        sp[`lhopt${key}`].push(Math.max(speed(l.finalLoss), Math.exp(-3)));
        sp[`fixed${key}`].push(Math.max(speed(fx), Math.exp(-3)));
        row[`lhopt${key}`] = l.finalLoss;
        row[`fixed${key}`] = fx;
        row[`lhopt${key}LastLr`] = l.schedule[l.schedule.length - 1].lr;
      };
      both('', INITIAL_HYPER.lr);
      if (i < repairs) {
        both('X100', INITIAL_HYPER.lr * 100);
        both('X001', INITIAL_HYPER.lr * 0.01);
      }
      task.dispose();
      process.stdout.write(`${JSON.stringify(row)}\n`);
    }
    for (const [k, xs] of Object.entries(sp)) {
      if (xs.length)
        process.stdout.write(
          `summary ${family} ${k} n=${xs.length} speedup ${stats(xs)} log-speedup ${stats(xs.map(Math.log))}\n`,
        );
    }
  }
  policy.dispose();
  return 0;
}
