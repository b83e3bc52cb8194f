/**
 * `npm run --silent cli -- meta-train …`: meta-train a learned optimizer headless, or evaluate
 * learned optimizers against a tuned Adam.
 *
 *   meta-train --kind rnnprop --iterations 200 --out public/pretrained/rnnprop-mnist
 *   meta-train --kind dmoptimizer --task dm-quadratic --iterations 100 --meta-lr 1e-3
 *   meta-train eval --runs 20 --activations sigmoid,relu,elu,tanh
 *
 * Training flags build a recipe (core/learned/catalog.ts recipeSchema; defaults: the kind's
 * browser-scale recipe, ALGORITHMS.md §8.5); the result is written as <out>.json + <out>.bin
 * (tfjs weight format with the learned-optimizer header). Exit codes: 0 done, 2 bad command
 * line (one line naming the flag and the allowed values), 1 a runtime failure.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { makeHeader, toArtifacts, toModelJson } from '../core/learned/artifacts';
import {
  defaultRecipe,
  isLearnedKind,
  LEARNED,
  LEARNED_KINDS,
  type LearnedId,
  META_OBJECTIVES,
  META_TASKS,
  parseRecipe,
  type Recipe,
} from '../core/learned/catalog';
import { type LearnedSource, loadLearnedOptimizer, setLearnedSource } from '../core/learned/registry';
import { learnedRule } from '../core/learned/rule';
import { evaluateRule, meanStd } from '../core/meta/evaluate';
import { MetaTrainer } from '../core/meta/trainer';
import { getRule } from '../core/optim/registry';
import { parseHyper } from '../core/optim/validate';
import { ACTIVATIONS, type Activation } from '../core/tasks/catalog';
import { createTask, type TaskEnv } from '../core/tasks/registry';
import { type FlagDefs, parseFlags, UsageError, usage } from './args';
import { REPO_ROOT } from './mnistPath';
import { isNodeBackend, NODE_BACKENDS, nodeTaskEnv, setupNodeBackend } from './nodeBackend';

/** Learned weights from disk: public/pretrained/ (no IndexedDB in Node). */
export function nodeLearnedSource(dir = join(REPO_ROOT, 'public', 'pretrained')): LearnedSource {
  return {
    async readPretrained(file) {
      const b = await readFile(join(dir, file));
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
    loadLocal: (name) => Promise.reject(new Error(`local weights '${name}' live in a browser's IndexedDB`)),
  };
}

const TRAIN_FLAGS: FlagDefs = {
  kind: { kind: 'string', arg: '<id>', help: `learned optimizer: ${LEARNED_KINDS.join(', ')}` },
  task: { kind: 'string', arg: '<id>', help: `training task: ${META_TASKS.join(', ')} (default mnist-mlp)` },
  activation: { kind: 'string', arg: '<act>', help: `MNIST MLP activation: ${ACTIVATIONS.join(', ')}` },
  problems: { kind: 'string', arg: '<n>', help: 'DM quadratic: problems per run (default 128)' },
  iterations: { kind: 'string', arg: '<n>', help: 'meta-iterations (= unrolls = meta-updates)' },
  steps: { kind: 'string', arg: '<n>', help: 'optimizee steps per run (default 100)' },
  unroll: { kind: 'string', arg: '<n>', help: 'steps per truncated unroll (default 20)' },
  'meta-lr': { kind: 'string', arg: '<x>', help: 'Adam lr on φ (default 1e-3 DM, 1e-4 RNNprop)' },
  objective: { kind: 'string', arg: '<id>', help: `meta-loss: ${META_OBJECTIVES.join(', ')}` },
  'random-scaling': { kind: 'string', arg: '<r>', help: 'random scaling r (0 = off)' },
  convex: { kind: 'string', arg: '<on|off>', help: 'convex-combination trick' },
  seed: { kind: 'string', arg: '<n>', help: 'seed (φ₀, runs, batches)' },
  backend: { kind: 'string', arg: '<name>', help: `${NODE_BACKENDS.join(', ')} (default wasm)` },
  out: { kind: 'string', arg: '<path>', help: 'write <path>.json + <path>.bin' },
  'log-every': { kind: 'string', arg: '<n>', help: 'print every n iterations (default 10)' },
  help: { kind: 'boolean', help: 'this text' },
};

const EVAL_FLAGS: FlagDefs = {
  runs: { kind: 'string', arg: '<n>', help: 'fresh runs per cell (default 20)' },
  steps: { kind: 'string', arg: '<n>', help: 'steps per run (default 100)' },
  activations: { kind: 'string', arg: '<list>', help: 'default sigmoid,relu,elu,tanh' },
  'adam-grid': {
    kind: 'string',
    arg: '<list>',
    help: 'Adam lrs to tune over (default 0.005,0.01,0.02,0.03,0.05)',
  },
  'tune-runs': { kind: 'string', arg: '<n>', help: 'runs per Adam lr while tuning (default 5, seeds apart)' },
  learned: {
    kind: 'string',
    multiple: true,
    arg: '<id=weights>',
    help: "learned optimizer and weights, or 'none' (default: DMOptimizer and RNNprop, pretrained)",
  },
  seed: { kind: 'string', arg: '<n>', help: 'evaluation seed (default 1000)' },
  'skip-adam': { kind: 'boolean', help: 'evaluate only the learned optimizers' },
  backend: { kind: 'string', arg: '<name>', help: `${NODE_BACKENDS.join(', ')} (default wasm)` },
  json: { kind: 'string', arg: '<file>', help: 'also write the results as JSON' },
  help: { kind: 'boolean', help: 'this text' },
};

function num(flags: Record<string, unknown>, name: string): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const x = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(x)) {
    throw new UsageError(`--${name}: must be a number; got '${String(v)}'`);
  }
  return x;
}

async function backendFrom(flags: Record<string, unknown>): Promise<string> {
  const b = (flags.backend as string | undefined) ?? 'wasm';
  if (!isNodeBackend(b))
    throw new UsageError(`--backend: must be one of ${NODE_BACKENDS.join(', ')}; got '${b}'`);
  return setupNodeBackend(b);
}

/** Recipe from the training flags (validated; UsageError naming the field otherwise). */
export function recipeFromFlags(flags: Record<string, unknown>): Recipe {
  const kind = flags.kind as string | undefined;
  if (!kind || !isLearnedKind(kind)) {
    throw new UsageError(`--kind: must be one of ${LEARNED_KINDS.join(', ')}; got '${kind ?? ''}'`);
  }
  const base = defaultRecipe(kind);
  const raw: Record<string, unknown> = { ...base, tricks: { ...base.tricks } };
  const task = (flags.task as string | undefined) ?? base.task.id;
  if (!(META_TASKS as readonly string[]).includes(task)) {
    throw new UsageError(`--task: must be one of ${META_TASKS.join(', ')}; got '${task}'`);
  }
  const options: Record<string, unknown> =
    task === 'mnist-mlp' ? { ...base.task.options } : task === 'dm-quadratic' ? { problems: 128 } : {};
  if (flags.activation !== undefined) {
    if (task !== 'mnist-mlp') throw new UsageError('--activation: only for --task mnist-mlp');
    if (!(ACTIVATIONS as readonly string[]).includes(flags.activation as string)) {
      throw new UsageError(`--activation: must be one of ${ACTIVATIONS.join(', ')}`);
    }
    options.activation = flags.activation;
  }
  const problems = num(flags, 'problems');
  if (problems !== undefined) {
    if (task !== 'dm-quadratic') throw new UsageError('--problems: only for --task dm-quadratic');
    options.problems = problems;
  }
  raw.task = { id: task, options };
  for (const [flag, key] of [
    ['iterations', 'iterations'],
    ['steps', 'steps'],
    ['unroll', 'unroll'],
    ['meta-lr', 'metaLr'],
    ['seed', 'seed'],
  ] as const) {
    const v = num(flags, flag);
    if (v !== undefined) raw[key] = v;
  }
  if (flags.objective !== undefined) raw.objective = flags.objective;
  const tricks = raw.tricks as Record<string, unknown>;
  const rs = num(flags, 'random-scaling');
  if (rs !== undefined) tricks.randomScaling = rs;
  if (flags.convex !== undefined) {
    if (flags.convex !== 'on' && flags.convex !== 'off') throw new UsageError(`--convex: must be on or off`);
    tricks.convexCombination = flags.convex === 'on';
  }
  const r = parseRecipe(raw);
  if (!r.ok) throw new UsageError(r.errors.join('; '));
  return r.value;
}

async function writeWeights(out: string, trainer: MetaTrainer, notes: Record<string, string | number>) {
  const header = makeHeader(trainer.opt, {
    recipe: trainer.recipe,
    metaIterations: trainer.iteration,
    finalMetaLoss: trainer.lastMetaLoss,
    notes,
  });
  const art = await toArtifacts(trainer.opt, header);
  const bin = `${basename(out)}.bin`;
  await mkdir(dirname(out), { recursive: true });
  await writeFile(`${out}.json`, `${JSON.stringify(toModelJson(art, bin), null, 1)}\n`);
  await writeFile(join(dirname(out), bin), new Uint8Array(art.weightData as ArrayBuffer));
}

async function train(argv: string[], env: TaskEnv): Promise<number> {
  const flags = parseFlags(argv, TRAIN_FLAGS);
  if (flags.help) {
    process.stdout.write(usage('meta-train', TRAIN_FLAGS));
    return 0;
  }
  const recipe = recipeFromFlags(flags);
  const logEvery = num(flags, 'log-every') ?? 10;
  const backend = await backendFrom(flags);
  const trainer = await MetaTrainer.create(recipe, env);
  process.stderr.write(
    `meta-train ${recipe.kind} (${trainer.opt.weights.count()} meta-parameters) on ${recipe.task.id} ` +
      `${JSON.stringify(recipe.task.options)}, backend ${backend}\n` +
      `recipe ${JSON.stringify(recipe)}\n`,
  );
  const t0 = performance.now();
  let window: number[] = [];
  try {
    while (!trainer.done) {
      const rep = await trainer.iterate();
      if (!rep.skipped) window.push(rep.metaLoss);
      if (rep.iteration % logEvery === 0 || trainer.done) {
        const secs = (performance.now() - t0) / 1000;
        const mean = window.length ? window.reduce((a, b) => a + b, 0) / window.length : Number.NaN;
        const eta = (secs / rep.iteration) * (recipe.iterations - rep.iteration);
        process.stdout.write(
          `iter ${rep.iteration}/${recipe.iterations}  meta-loss(mean of last ${window.length}) ${mean.toFixed(4)}  ` +
            `skipped ${trainer.skipped}  ${secs.toFixed(0)} s  eta ${eta.toFixed(0)} s  tensors ${tf.memory().numTensors}\n`,
        );
        window = [];
      }
    }
    const secs = (performance.now() - t0) / 1000;
    process.stdout.write(
      `done: ${trainer.iteration} meta-iterations in ${secs.toFixed(1)} s on ${backend}\n`,
    );
    const out = flags.out as string | undefined;
    if (out) {
      await writeWeights(out, trainer, {
        backend,
        seconds: Math.round(secs),
        command: `npm run cli -- meta-train ${argv.join(' ')}`,
      });
      process.stdout.write(`wrote ${out}.json and ${out}.bin\n`);
    }
    return 0;
  } finally {
    trainer.dispose();
  }
}

type Cell = ReturnType<typeof meanStd> & { lr?: number };

const adamHyper = (lr: number) => {
  const r = parseHyper('adam', { lr });
  if (!r.ok) throw new UsageError(`--adam-grid: ${r.errors.join('; ')}`);
  return r.value;
};

function fmt(s: { mean: number; std: number; diverged: number }): string {
  return `${s.mean.toFixed(3)} ± ${s.std.toFixed(3)}${s.diverged ? ` (${s.diverged} diverged)` : ''}`;
}

async function evaluate(argv: string[], env: TaskEnv): Promise<number> {
  const flags = parseFlags(argv, EVAL_FLAGS);
  if (flags.help) {
    process.stdout.write(usage('meta-train eval', EVAL_FLAGS));
    return 0;
  }
  const runs = num(flags, 'runs') ?? 20;
  const steps = num(flags, 'steps') ?? 100;
  const tuneRuns = num(flags, 'tune-runs') ?? 5;
  const seed = num(flags, 'seed') ?? 1000;
  const acts = ((flags.activations as string | undefined) ?? ACTIVATIONS.join(',')).split(',');
  for (const a of acts) {
    if (!(ACTIVATIONS as readonly string[]).includes(a)) {
      throw new UsageError(`--activations: '${a}' is not one of ${ACTIVATIONS.join(', ')}`);
    }
  }
  const grid = ((flags['adam-grid'] as string | undefined) ?? '0.005,0.01,0.02,0.03,0.05')
    .split(',')
    .map(Number);
  if (grid.some((x) => !(x > 0)))
    throw new UsageError('--adam-grid: must be positive numbers, comma-separated');
  const learnedSpecs =
    (flags.learned as string[] | undefined) ??
    (['dmoptimizer', 'rnnprop'] as const).map((k) => `${k}=pretrained:${LEARNED[k].pretrained}`);
  const learned: { id: LearnedId; weights: string }[] = learnedSpecs
    .filter((s) => s !== 'none')
    .map((s) => {
      const [id, weights] = s.split('=');
      if (!isLearnedKind(id) || !weights)
        throw new UsageError(`--learned: expected <id>=<weights>, id one of ${LEARNED_KINDS.join(', ')}`);
      return { id, weights };
    });
  const backend = await backendFrom(flags);
  setLearnedSource(nodeLearnedSource());
  const t0 = performance.now();
  const rows: Record<string, Record<string, Cell>> = {};
  const adam = getRule('adam');
  for (const act of acts) {
    const task = await createTask(
      'mnist-mlp',
      { activation: act as Activation, width: 20, depth: 1, initStd: 0.1 },
      env,
      1,
    );
    try {
      const row: Record<string, Cell> = {};
      if (!flags['skip-adam']) {
        // Tune Adam's lr on separate runs (seed + 1e6), then evaluate the best on the shared runs.
        let best = { lr: grid[0], mean: Number.POSITIVE_INFINITY };
        for (const lr of grid) {
          const r = await evaluateRule(adam, adamHyper(lr), task, {
            runs: tuneRuns,
            steps,
            seed: seed + 1_000_000,
          });
          const m = meanStd(r.finals);
          if (m.diverged === 0 && m.mean < best.mean) best = { lr, mean: m.mean };
        }
        const a = meanStd((await evaluateRule(adam, adamHyper(best.lr), task, { runs, steps, seed })).finals);
        row.adam = { ...a, lr: best.lr };
      }
      for (const l of learned) {
        const { opt } = await loadLearnedOptimizer(l.id, l.weights);
        const hp = { lr: opt.architecture.outputScale };
        row[l.id] = meanStd((await evaluateRule(learnedRule(opt), hp, task, { runs, steps, seed })).finals);
      }
      rows[act] = row;
      const cells = Object.entries(row).map(([k, c]) => `${k}${c.lr ? ` (lr ${c.lr})` : ''} ${fmt(c)}`);
      process.stdout.write(
        `${act}: ${cells.join('  |  ')}  [${((performance.now() - t0) / 1000).toFixed(0)} s]\n`,
      );
    } finally {
      task.dispose();
    }
  }
  const cols = Object.keys(rows[acts[0]] ?? {});
  const header = `| activation | ${cols.map((c) => (c === 'adam' ? 'Adam (tuned lr)' : c)).join(' | ')} |`;
  const sep = `|---|${cols.map(() => '---|').join('')}`;
  const lines = acts.map(
    (act) =>
      `| ${act} | ${cols.map((c) => `${fmt(rows[act][c])}${rows[act][c].lr ? ` (lr ${rows[act][c].lr})` : ''}`).join(' | ')} |`,
  );
  process.stdout.write(
    `\nfinal training loss after ${steps} steps, MNIST MLP 784-20-10, mean ± std over ${runs} runs (backend ${backend}, ` +
      `${((performance.now() - t0) / 1000).toFixed(0)} s)\n${header}\n${sep}\n${lines.join('\n')}\n`,
  );
  if (flags.json)
    await writeFile(
      flags.json as string,
      `${JSON.stringify({ steps, runs, seed, backend, rows }, null, 1)}\n`,
    );
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const env = nodeTaskEnv();
  try {
    if (argv[0] === 'eval') return await evaluate(argv.slice(1), env);
    if (argv[0] === 'train') return await train(argv.slice(1), env);
    if (argv[0] === 'job') return await (await import('./hyperTables')).main(argv.slice(1));
    return await train(argv, env);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`meta-train: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
