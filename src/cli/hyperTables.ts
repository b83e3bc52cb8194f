/**
 * Batch jobs behind the HyperAdam / VHAdam results (docs/algorithms.md §4.3), for many parallel
 * single-threaded processes (each one job, JSON out):
 *
 * Run as `npm run --silent cli -- meta-train job <train|eval> …` (or bundled, see the report).
 *
 *   train --kind <id> --seconds <s> --out <path> [--meta-lr x] [--unroll n] [--seed n]
 *       meta-train with the kind's default recipe (catalog defaultRecipe) until <s> seconds
 *       have passed, then write <path>.json/.bin. The header's recipe.iterations is the number
 *       of meta-iterations done, so `npm run cli -- meta-train --kind <id> --iterations <that>
 *       [--meta-lr x]` reproduces the same weights on the same backend.
 *   eval --task mnist-mlp --activation <a> | --task sin-lstm --variant base|noise001|x2
 *        --opt adam | --opt <id>=<file path without .json> [--mean] --runs 20 --json <file>
 *       the RNNprop protocol (meta/evaluate.ts): final training loss after 100 steps,
 *       mean ± std over fresh runs; Adam's lr tuned on separate runs over a grid.
 */
import { writeFile } from 'node:fs/promises';
import { makeHeader, toArtifacts } from '../core/learned/artifacts';
import { defaultRecipe, isLearnedKind, parseRecipe } from '../core/learned/catalog';
import { learnedRule } from '../core/learned/rule';
import type { VhAdamOptimizer } from '../core/learned/vhadam';
import { evaluateRule, meanStd } from '../core/meta/evaluate';
import { MetaTrainer } from '../core/meta/trainer';
import { getRule } from '../core/optim/registry';
import { parseHyper } from '../core/optim/validate';
import { createTask } from '../core/tasks/registry';
import { parseFlags, UsageError } from './args';
import { nodeTaskEnv, setupNodeBackend } from './nodeBackend';
import { readWeightsFile, writeWeightsAtomic } from './weightsFiles';

const SIN_VARIANTS: Record<string, Record<string, number>> = {
  base: { layers: 1, noise: 0.1 },
  noise001: { layers: 1, noise: 0.01 },
  x2: { layers: 2, noise: 0.1 },
};

async function train(argv: string[]): Promise<number> {
  const f = parseFlags(argv, {
    kind: { kind: 'string', arg: '<id>', help: 'learned optimizer to meta-train' },
    seconds: { kind: 'string', arg: '<s>', help: 'wall-time budget (the iteration in flight finishes)' },
    out: { kind: 'string', arg: '<path>', help: 'write <path>.json + <path>.bin' },
    'meta-lr': { kind: 'string', arg: '<x>', help: 'Adam lr on φ (default: the recipe’s)' },
    seed: { kind: 'string', arg: '<n>', help: 'seed' },
    unroll: { kind: 'string', arg: '<n>', help: 'steps per truncated unroll' },
  });
  const kind = String(f.kind);
  if (!isLearnedKind(kind)) throw new UsageError(`--kind: unknown '${kind}'`);
  const base = defaultRecipe(kind);
  const r = parseRecipe({
    ...base,
    iterations: 1_000_000,
    ...(f['meta-lr'] ? { metaLr: Number(f['meta-lr']) } : {}),
    ...(f.seed ? { seed: Number(f.seed) } : {}),
    ...(f.unroll ? { unroll: Number(f.unroll) } : {}),
  });
  if (!r.ok) throw new UsageError(r.errors.join('; '));
  const backend = await setupNodeBackend('wasm');
  const trainer = await MetaTrainer.create(r.value, nodeTaskEnv());
  const limit = Number(f.seconds) * 1000;
  const t0 = performance.now();
  const losses: number[] = [];
  while (performance.now() - t0 < limit) {
    const rep = await trainer.iterate();
    if (!rep.skipped) losses.push(rep.metaLoss);
    if (rep.iteration % 10 === 0) {
      const w = losses.slice(-10);
      process.stdout.write(
        `${kind} iter ${rep.iteration} meta-loss ${(w.reduce((a, b) => a + b, 0) / w.length).toFixed(4)} ${((performance.now() - t0) / 1000).toFixed(0)} s\n`,
      );
    }
  }
  const secs = (performance.now() - t0) / 1000;
  const recipe = { ...trainer.recipe, iterations: trainer.iteration };
  const lrFlag = `${f['meta-lr'] ? ` --meta-lr ${f['meta-lr']}` : ''}${f.unroll ? ` --unroll ${f.unroll}` : ''}`;
  const header = makeHeader(trainer.opt, {
    recipe,
    metaIterations: trainer.iteration,
    finalMetaLoss: trainer.lastMetaLoss,
    notes: {
      backend,
      seconds: Math.round(secs),
      command: `npm run cli -- meta-train --kind ${kind} --iterations ${trainer.iteration}${lrFlag}`,
      metaLossFirst10: losses.slice(0, 10).reduce((a, b) => a + b, 0) / Math.min(10, losses.length),
      metaLossLast10: losses.slice(-10).reduce((a, b) => a + b, 0) / Math.min(10, losses.length),
    },
  });
  const art = await toArtifacts(trainer.opt, header);
  const out = String(f.out);
  await writeWeightsAtomic(out, art);
  process.stdout.write(`${kind}: ${trainer.iteration} meta-iterations in ${secs.toFixed(0)} s → ${out}\n`);
  trainer.dispose();
  return 0;
}

async function evaluate(argv: string[]): Promise<number> {
  const f = parseFlags(argv, {
    task: { kind: 'string', arg: '<id>', help: 'mnist-mlp or sin-lstm' },
    activation: { kind: 'string', arg: '<act>', help: 'MNIST MLP activation' },
    variant: { kind: 'string', arg: '<v>', help: 'sin-lstm: base, noise001 or x2' },
    opt: { kind: 'string', arg: '<adam|id=path>', help: 'tuned Adam, or learned weights file (no .json)' },
    mean: { kind: 'boolean', help: 'vhadam: use the mean μ instead of sampling' },
    runs: { kind: 'string', arg: '<n>', help: 'fresh runs (default 20)' },
    seed: { kind: 'string', arg: '<n>', help: 'seed' },
    grid: { kind: 'string', arg: '<list>', help: 'Adam lrs to tune over' },
    json: { kind: 'string', arg: '<file>', help: 'write the result as JSON' },
    deadline: { kind: 'string', arg: '<s>', help: 'stop starting runs after <s> seconds' },
  });
  await setupNodeBackend('wasm');
  const deadline = f.deadline ? Date.now() + Number(f.deadline) * 1000 : Number.POSITIVE_INFINITY;
  const shouldStop = () => Date.now() > deadline;
  const runs = Number(f.runs ?? 20);
  const seed = Number(f.seed ?? 1000);
  const steps = 100;
  const env = nodeTaskEnv();
  const taskId = String(f.task);
  const options =
    taskId === 'sin-lstm'
      ? SIN_VARIANTS[String(f.variant ?? 'base')]
      : { activation: String(f.activation ?? 'sigmoid'), width: 20, depth: 1, initStd: 0.1 };
  if (!options) throw new UsageError(`--variant: one of ${Object.keys(SIN_VARIANTS).join(', ')}`);
  const task = await createTask(taskId, options as never, env, 1);
  const t0 = performance.now();
  const spec = String(f.opt);
  let result: Record<string, unknown>;
  if (spec === 'adam') {
    const grid = String(f.grid ?? '0.003,0.005,0.01,0.02,0.03,0.05,0.1')
      .split(',')
      .map(Number);
    const adam = getRule('adam');
    let best = { lr: grid[0], mean: Number.POSITIVE_INFINITY };
    for (const lr of grid) {
      const hp = (parseHyper('adam', { lr }) as { ok: true; value: Record<string, number> }).value;
      const m = meanStd(
        (await evaluateRule(adam, hp, task, { runs: 5, steps, seed: seed + 1_000_000 })).finals,
      );
      if (m.diverged === 0 && m.mean < best.mean) best = { lr, mean: m.mean };
    }
    const hp = (parseHyper('adam', { lr: best.lr }) as { ok: true; value: Record<string, number> }).value;
    result = {
      ...meanStd((await evaluateRule(adam, hp, task, { runs, steps, seed, shouldStop })).finals),
      lr: best.lr,
    };
  } else {
    const [id, path] = spec.split('=');
    if (!isLearnedKind(id) || !path)
      throw new UsageError(
        `--opt: must be 'adam' or '<learned id>=<weights path without .json>'; got '${spec}'`,
      );
    const { opt, header } = await readWeightsFile(path, '--opt'); // bounded, verified
    if (header.kind !== id) {
      opt.dispose();
      throw new UsageError(`--opt: '${path}.json' holds '${header.kind}' weights, not '${id}'`);
    }
    if (f.mean) (opt as VhAdamOptimizer).sampling = false;
    const rule = learnedRule(opt);
    const r = await evaluateRule(rule, { lr: opt.architecture.outputScale }, task, {
      runs,
      steps,
      seed,
      shouldStop,
    });
    result = { ...meanStd(r.finals), metaIterations: header.metaIterations };
  }
  const out = {
    task: taskId,
    options,
    opt: spec,
    mean: Boolean(f.mean),
    seconds: (performance.now() - t0) / 1000,
    ...result,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  if (f.json) await writeFile(String(f.json), `${JSON.stringify(out)}\n`);
  task.dispose();
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  try {
    if (argv[0] === 'train') return await train(argv.slice(1));
    if (argv[0] === 'eval') return await evaluate(argv.slice(1));
    throw new UsageError('hyper-tables: train | eval');
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`hyper-tables: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
