/**
 * `npm run --silent cli -- meta-train …`: meta-train a learned optimizer headless, or evaluate
 * learned optimizers against a tuned Adam.
 *
 *   meta-train --kind rnnprop --iterations 200 --out public/pretrained/rnnprop-mnist
 *   meta-train --kind dmoptimizer --task dm-quadratic --iterations 100 --meta-lr 1e-3
 *   meta-train eval --runs 20 --activations sigmoid,relu,elu,tanh
 *
 * Training flags build a recipe (core/learned/catalog.ts recipeSchema; defaults: the kind's
 * browser-scale recipe, docs/algorithms.md §8.5); the result is written as <out>.json + <out>.bin
 * (tfjs weight format with the learned-optimizer header). Exit codes: 0 done, 2 bad command
 * line (one line naming the flag and the allowed values), 1 a runtime failure.
 */
import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { MAX_STEPS } from '../core/experiment/schema';
import { makeHeader, toArtifacts } from '../core/learned/artifacts';
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
import { loadLearnedOptimizer, setLearnedSource } from '../core/learned/registry';
import { learnedRule } from '../core/learned/rule';
import { evaluateRule, meanStd } from '../core/meta/evaluate';
import { MetaTrainer } from '../core/meta/trainer';
import { getRule } from '../core/optim/registry';
import { parseHyper } from '../core/optim/validate';
import { ACTIVATIONS, type Activation, parseTaskOptions } from '../core/tasks/catalog';
import { createTask, type TaskEnv } from '../core/tasks/registry';
import { DECIMAL, DECIMAL_INT, type FlagDefs, intFlag, parseFlags, UsageError, usage } from './args';
import { isNodeBackend, NODE_BACKENDS, type NodeBackend, nodeTaskEnv, setupNodeBackend } from './nodeBackend';
import {
  checkWritable,
  guardSignals,
  nodeLearnedSource,
  readWeightsFile,
  writeWeightsAtomic,
} from './weightsFiles';

export { nodeLearnedSource, readWeightsFile };

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
  path: { kind: 'string', arg: '<autodiff|lean>', help: 'unroll implementation (default autodiff)' },
  workers: {
    kind: 'string',
    arg: '<k>',
    help: 'data-parallel: k workers (worker_threads when k ≥ 2), one unroll each per meta-update; exact resume',
  },
  backend: { kind: 'string', arg: '<name>', help: `${NODE_BACKENDS.join(', ')} (default wasm)` },
  out: { kind: 'string', arg: '<path>', help: 'write <path>.json + <path>.bin' },
  resume: {
    kind: 'string',
    arg: '<path>',
    help:
      'continue from <path>.json + .bin: its recipe is the base (flags override), --iterations ' +
      "counts the extra ones (default: the recipe's) and the header's meta-iterations accumulate",
  },
  'save-every': { kind: 'string', arg: '<n>', help: 'also write --out every n iterations (checkpoints)' },
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
  'weights-dir': {
    kind: 'string',
    arg: '<dir>',
    help: "folder that 'pretrained:<name>' weights are read from (default public/pretrained)",
  },
  checkpoints: {
    kind: 'string',
    arg: '<list>',
    help: 'also print the mean training loss at these steps (mean over runs of f(θ_t) on the last 10 batches up to t)',
  },
  'skip-adam': { kind: 'boolean', help: 'evaluate only the learned optimizers' },
  backend: { kind: 'string', arg: '<name>', help: `${NODE_BACKENDS.join(', ')} (default wasm)` },
  json: { kind: 'string', arg: '<file>', help: 'also write the results as JSON' },
  help: { kind: 'boolean', help: 'this text' },
};

function num(flags: Record<string, unknown>, name: string): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  // Decimal only ('0x10' is not 16); the recipe schema then checks the range.
  if (typeof v !== 'string' || !DECIMAL.test(v.trim()) || !Number.isFinite(Number(v))) {
    throw new UsageError(`--${name}: must be a number; got '${String(v)}'`);
  }
  return Number(v);
}

async function backendFrom(flags: Record<string, unknown>): Promise<string> {
  const b = (flags.backend as string | undefined) ?? 'wasm';
  if (!isNodeBackend(b))
    throw new UsageError(`--backend: must be one of ${NODE_BACKENDS.join(', ')}; got '${b}'`);
  return setupNodeBackend(b);
}

/**
 * Recipe from the training flags (validated; UsageError naming the field otherwise), over the
 * kind's default recipe or over `resumed` (the recipe saved with weights being continued).
 */
export function recipeFromFlags(flags: Record<string, unknown>, resumed?: Recipe): Recipe {
  const kind = (flags.kind as string | undefined) ?? resumed?.kind;
  if (!kind || !isLearnedKind(kind)) {
    throw new UsageError(`--kind: must be one of ${LEARNED_KINDS.join(', ')}; got '${kind ?? ''}'`);
  }
  if (resumed && resumed.kind !== kind) {
    throw new UsageError(`--kind: the weights to resume are '${resumed.kind}'; got '${kind}'`);
  }
  const base = resumed ?? defaultRecipe(kind);
  const raw: Record<string, unknown> = { ...base, tricks: { ...base.tricks } };
  const task = (flags.task as string | undefined) ?? base.task.id;
  if (!(META_TASKS as readonly string[]).includes(task)) {
    throw new UsageError(`--task: must be one of ${META_TASKS.join(', ')}; got '${task}'`);
  }
  const options: Record<string, unknown> =
    task === base.task.id
      ? { ...base.task.options }
      : task === 'mnist-mlp'
        ? { ...defaultRecipe(kind).task.options }
        : task === 'dm-quadratic'
          ? { problems: 128 }
          : {};
  if (flags.activation !== undefined) {
    if (task !== 'mnist-mlp') throw new UsageError('--activation: only for --task mnist-mlp');
    if (!(ACTIVATIONS as readonly string[]).includes(flags.activation as string)) {
      throw new UsageError(`--activation: must be one of ${ACTIVATIONS.join(', ')}`);
    }
    options.activation = flags.activation;
  }
  const problems = intFlag(flags, 'problems', 1, 1024);
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
  if (flags.path !== undefined) raw.path = flags.path;
  const tricks = raw.tricks as Record<string, unknown>;
  const rs = num(flags, 'random-scaling');
  if (rs !== undefined) tricks.randomScaling = rs;
  if (flags.convex !== undefined) {
    if (flags.convex !== 'on' && flags.convex !== 'off') throw new UsageError(`--convex: must be on or off`);
    tricks.convexCombination = flags.convex === 'on';
  }
  const r = parseRecipe(raw);
  if (!r.ok) throw new UsageError(r.errors.join('; '));
  const opts = parseTaskOptions(r.value.task.id, r.value.task.options);
  if (!opts.ok) throw new UsageError(opts.errors.join('; '));
  return r.value;
}

function checked(raw: Recipe): Recipe {
  const r = parseRecipe(raw);
  if (!r.ok) throw new UsageError(r.errors.join('; '));
  return r.value;
}

async function writeWeights(out: string, trainer: MetaTrainer, notes: Record<string, string | number>) {
  const header = makeHeader(trainer.opt, {
    // A checkpoint (or a stopped run) records the iterations actually done.
    recipe: { ...trainer.recipe, iterations: trainer.iteration },
    metaIterations: trainer.iteration,
    finalMetaLoss: trainer.lastMetaLoss,
    notes,
  });
  // Both files as one consistent pair, or the previous pair untouched (weightsFiles.ts).
  await writeWeightsAtomic(out, await toArtifacts(trainer.opt, header));
}

async function train(argv: string[], env: TaskEnv): Promise<number> {
  const flags = parseFlags(argv, TRAIN_FLAGS);
  if (flags.help) {
    process.stdout.write(usage('meta-train', TRAIN_FLAGS));
    return 0;
  }
  // Every flag is checked before any work (backend, reading, training).
  const logEvery = intFlag(flags, 'log-every', 1, 1_000_000) ?? 10;
  const saveEvery = intFlag(flags, 'save-every', 0, 1_000_000) ?? 0;
  const workers = intFlag(flags, 'workers', 1, 64);
  if (saveEvery > 0 && flags.out === undefined) throw new UsageError('--save-every: needs --out <path>');
  if (!flags.resume) recipeFromFlags(flags);
  if (flags.out !== undefined) await checkWritable(String(flags.out), '--out');
  const backend = await backendFrom(flags);
  guardSignals();
  const resumePath = flags.resume as string | undefined;
  const resumed = resumePath ? await readWeightsFile(resumePath) : null;
  let recipe: Recipe;
  let trainer: MetaTrainer;
  const start = resumed?.header.metaIterations ?? 0;
  try {
    const seg = recipeFromFlags(flags, resumed?.header.recipe ?? undefined);
    // Resuming: --iterations (or the recipe's) counts the extra iterations; the saved recipe's
    // iterations is the running total.
    const extra =
      flags.iterations !== undefined || !resumed ? seg.iterations : defaultRecipe(seg.kind).iterations;
    recipe = resumed ? checked({ ...seg, iterations: start + extra }) : seg;
    if (workers !== undefined) {
      const { trainParallel } = await import('./metaParallel');
      const res = resumed && resumePath ? { ...resumed, path: resumePath } : null;
      return await trainParallel({
        argv,
        recipe,
        workers,
        backend: backend as NodeBackend,
        env,
        out: flags.out as string | undefined,
        saveEvery,
        logEvery,
        resumed: res,
      });
    }
    trainer = await MetaTrainer.create(recipe, env, resumed?.opt, resumed?.opt.architecture, start);
  } catch (e) {
    resumed?.opt.dispose();
    throw e;
  }
  process.stderr.write(
    `meta-train ${recipe.kind} (${trainer.opt.weights.count()} meta-parameters) on ${recipe.task.id} ` +
      `${JSON.stringify(recipe.task.options)}, backend ${backend}\n` +
      (resumed ? `resuming ${resumePath} at meta-iteration ${start}\n` : '') +
      `recipe ${JSON.stringify(recipe)}\n`,
  );
  const t0 = performance.now();
  let window: number[] = [];
  try {
    while (!trainer.done) {
      const rep = await trainer.iterate();
      if (!rep.skipped) window.push(rep.metaLoss);
      if (saveEvery > 0 && flags.out && rep.iteration % saveEvery === 0 && !trainer.done) {
        await save((performance.now() - t0) / 1000);
        process.stdout.write(`checkpoint at ${rep.iteration} → ${flags.out}\n`);
      }
      if (rep.iteration % logEvery === 0 || trainer.done) {
        const secs = (performance.now() - t0) / 1000;
        const mean = window.length ? window.reduce((a, b) => a + b, 0) / window.length : Number.NaN;
        const eta = (secs / (rep.iteration - start)) * (recipe.iterations - rep.iteration);
        process.stdout.write(
          `iter ${rep.iteration}/${recipe.iterations}  meta-loss(mean of last ${window.length}) ${mean.toFixed(4)}  ` +
            `skipped ${trainer.skipped}  ${secs.toFixed(0)} s  eta ${eta.toFixed(0)} s  tensors ${tf.memory().numTensors}\n`,
        );
        window = [];
      }
    }
    const secs = (performance.now() - t0) / 1000;
    process.stdout.write(
      `done: ${trainer.iteration - start} meta-iterations (${trainer.iteration} in all) in ${secs.toFixed(1)} s on ${backend}\n`,
    );
    const out = flags.out as string | undefined;
    if (out) {
      await save(secs);
      process.stdout.write(`wrote ${out}.json and ${out}.bin\n`);
    }
    return 0;
  } finally {
    trainer.dispose();
  }

  async function save(secs: number): Promise<void> {
    const out = flags.out as string;
    const command = `npm run cli -- meta-train ${argv.join(' ')}`;
    const prev = resumed?.header.notes ?? {};
    await writeWeights(
      out,
      trainer,
      resumed
        ? {
            backend,
            seconds: Math.round(secs) + (Number(prev.seconds) || 0),
            // Every segment's command, oldest first, so the weights can be rebuilt.
            command: prev.command ? `${prev.command} && ${command}` : command,
          }
        : { backend, seconds: Math.round(secs), command },
    );
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
  const runs = intFlag(flags, 'runs', 1, 10_000) ?? 20;
  const steps = intFlag(flags, 'steps', 1, MAX_STEPS) ?? 100;
  const tuneRuns = intFlag(flags, 'tune-runs', 1, 10_000) ?? 5;
  const seed = intFlag(flags, 'seed', 0, 4294967295) ?? 1000;
  const acts = ((flags.activations as string | undefined) ?? ACTIVATIONS.join(',')).split(',');
  for (const a of acts) {
    if (!(ACTIVATIONS as readonly string[]).includes(a)) {
      throw new UsageError(`--activations: '${a}' is not one of ${ACTIVATIONS.join(', ')}`);
    }
  }
  const gridText = ((flags['adam-grid'] as string | undefined) ?? '0.005,0.01,0.02,0.03,0.05').split(',');
  const grid = gridText.map(Number);
  if (gridText.some((t) => !DECIMAL.test(t.trim())) || grid.some((x) => !(x > 0)))
    throw new UsageError('--adam-grid: must be positive decimal numbers, comma-separated');
  for (const lr of grid) adamHyper(lr);
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
  setLearnedSource(nodeLearnedSource(flags['weights-dir'] ? (flags['weights-dir'] as string) : undefined));
  const cpText = flags.checkpoints !== undefined ? String(flags.checkpoints).split(',') : [];
  const checkpoints = cpText.map(Number);
  if (cpText.some((t) => !DECIMAL_INT.test(t.trim())) || checkpoints.some((c) => c < 1 || c > steps))
    throw new UsageError(`--checkpoints: must be integers in [1, ${steps}] (--steps), comma-separated`);
  if (flags.json !== undefined) await checkWritable(String(flags.json), '--json');
  const backend = await backendFrom(flags);
  const curves: Record<string, Record<string, Float32Array>> = {};
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
      const crow: Record<string, Float32Array> = {};
      curves[act] = crow;
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
        const ar = await evaluateRule(adam, adamHyper(best.lr), task, { runs, steps, seed });
        row.adam = { ...meanStd(ar.finals), lr: best.lr };
        crow.adam = ar.meanCurve;
      }
      for (const l of learned) {
        const { opt } = await loadLearnedOptimizer(l.id, l.weights);
        const hp = { lr: opt.architecture.outputScale };
        const lr = await evaluateRule(learnedRule(opt), hp, task, { runs, steps, seed });
        row[l.id] = meanStd(lr.finals);
        crow[l.id] = lr.meanCurve;
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
  if (checkpoints.length > 0) {
    const at = (c: Float32Array, t: number) => {
      const w = c.slice(Math.max(0, t - 10), t);
      return w.reduce((a, b) => a + b, 0) / w.length;
    };
    process.stdout.write(
      `\nmean training loss at step t (mean over runs of f(θ_s; B_s+1), s = t−10..t−1)\n` +
        `| activation | optimizer | ${checkpoints.map((c) => `t=${c}`).join(' | ')} |\n` +
        `|---|---|${checkpoints.map(() => '---|').join('')}\n`,
    );
    for (const act of acts) {
      for (const [k, c] of Object.entries(curves[act] ?? {})) {
        process.stdout.write(
          `| ${act} | ${k} | ${checkpoints.map((t) => at(c, t).toFixed(3)).join(' | ')} |\n`,
        );
      }
    }
  }
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
    if (argv[0] === 'profile') return await (await import('./metaProfile')).main(argv.slice(1), env);
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
