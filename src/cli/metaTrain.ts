/**
 * `npm run --silent cli -- meta-train …`: meta-train a learned optimizer headless, or evaluate
 * learned optimizers against a tuned Adam.
 *
 *   meta-train --kind rnnprop --iterations 200 --out public/pretrained/rnnprop-mnist
 *   meta-train --kind dmoptimizer --task dm-quadratic --iterations 100 --meta-lr 1e-3
 *   meta-train eval --runs 20 --activations sigmoid,relu,elu,tanh
 *
 * Training flags build a recipe (metaFlags.ts) for any registered outer trainer (core/meta/outer.ts,
 * created through the trainer registry); the result is written as <out>.json + <out>.bin
 * (tfjs weight format with the learned-optimizer header). Exit codes: 0 done, 2 bad command
 * line (one line naming the flag and the allowed values), 1 a runtime failure.
 */
import * as tf from '@tensorflow/tfjs-core';
import { makeHeader, toArtifacts } from '../core/learned/artifacts';
import { createOuterTrainer } from '../core/meta/createTrainer';
import type { OuterTrainer } from '../core/meta/outer';
import { defaultRecipe } from '../core/meta/recipe';
import type { Recipe } from '../core/meta/trainers/catalog';
import { pathInUse, pathLabel, type UnrollPath } from '../core/meta/unrollPath';
import type { TaskEnv } from '../core/tasks/registry';
import { intFlag, parseFlags, UsageError, usage } from './args';
import { evaluate } from './metaEval';
import { backendFrom, checked, gradNormText, recipeFromFlags, TRAIN_FLAGS } from './metaFlags';
import { type NodeBackend, nodeTaskEnv } from './nodeBackend';
import { readCheckpoint } from './prevGeneration';
import {
  checkWritable,
  guardSignals,
  nodeLearnedSource,
  readWeightsFile,
  writeWeightsAtomic,
} from './weightsFiles';

export { recipeFromFlags } from './metaFlags';
export { nodeLearnedSource, readWeightsFile };

async function writeWeights(
  out: string,
  trainer: OuterTrainer<Recipe>,
  notes: Record<string, string | number>,
) {
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

/** Which unroll path runs, and why when it is not the one asked for (unrollPath.ts). */
function pathLine(path: UnrollPath, backend: string): string {
  const p = pathInUse(path, backend);
  return `unroll path ${pathLabel(p)}${p.note ? `: ${p.note}` : ''}\n`;
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
  if (flags['change-workers'] && (!flags.resume || workers === undefined))
    throw new UsageError('--change-workers: needs --resume <path> and --workers <k>');
  if (!flags.resume) recipeFromFlags(flags);
  if (flags.out !== undefined) await checkWritable(String(flags.out), '--out');
  const backend = await backendFrom(flags);
  guardSignals();
  // The current pair, or the previous generation when it is missing or inconsistent (prevGeneration.ts).
  const resumed = flags.resume ? await readCheckpoint(String(flags.resume), (p) => readWeightsFile(p)) : null;
  const resumePath = resumed?.path;
  let recipe: Recipe;
  let trainer: OuterTrainer<Recipe>;
  const start = resumed?.header.metaIterations ?? 0;
  try {
    const seg = recipeFromFlags(flags, resumed?.header.recipe ?? undefined);
    // Resuming: --iterations (or the recipe's) counts the extra iterations; the saved recipe's
    // iterations is the running total.
    const extra =
      flags.iterations !== undefined || !resumed
        ? seg.iterations
        : defaultRecipe(seg.kind, seg.trainer).iterations;
    recipe = resumed ? checked({ ...seg, iterations: start + extra } as Recipe) : seg;
    if (workers !== undefined) {
      if (recipe.trainer !== 'bptt') throw new UsageError('--workers: only for the bptt trainer');
      if (backend === 'webgpu')
        throw new UsageError('--workers: not with --backend webgpu (one GPU, one thread)');
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
        changeWorkers: flags['change-workers'] === true,
      });
    }
    trainer = await createOuterTrainer(recipe, env, {
      opt: resumed?.opt,
      architecture: resumed?.opt.architecture,
      from: { iteration: start },
    });
  } catch (e) {
    resumed?.opt.dispose();
    throw e;
  }
  process.stderr.write(
    `meta-train ${recipe.kind} (${trainer.opt.weights.count()} meta-parameters) on ${recipe.task.id} ` +
      `${JSON.stringify(recipe.task.options)}, backend ${backend}\n` +
      (resumed ? `resuming ${resumePath} at meta-iteration ${start}\n` : '') +
      `recipe ${JSON.stringify(recipe)}\n` +
      (recipe.trainer === 'bptt' ? pathLine(recipe.path, backend) : ''),
  );
  const t0 = performance.now();
  let window: number[] = [];
  let norms: number[] = [];
  try {
    while (!trainer.done) {
      const rep = await trainer.iterate();
      if (!rep.skipped) window.push(rep.metaLoss);
      if (rep.gradNorm !== undefined) norms.push(rep.gradNorm);
      if (saveEvery > 0 && flags.out && rep.iteration % saveEvery === 0 && !trainer.done) {
        await save((performance.now() - t0) / 1000);
        process.stdout.write(`checkpoint at ${rep.iteration} → ${flags.out}\n`);
      }
      if (rep.iteration % logEvery === 0 || trainer.done) {
        const secs = (performance.now() - t0) / 1000;
        const mean = window.length ? window.reduce((a, b) => a + b, 0) / window.length : Number.NaN;
        const eta = (secs / (rep.iteration - start)) * (recipe.iterations - rep.iteration);
        process.stdout.write(
          `iter ${rep.iteration}/${recipe.iterations}  meta-loss(mean of last ${window.length}) ${mean.toFixed(4)}${gradNormText(norms)}  ` +
            `skipped ${trainer.skipped}  ${secs.toFixed(0)} s  eta ${eta.toFixed(0)} s  tensors ${tf.memory().numTensors}\n`,
        );
        window = [];
        norms = [];
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

export async function main(argv: string[]): Promise<number> {
  const env = nodeTaskEnv();
  try {
    if (argv.includes('lhopt') || argv.includes('--kind=lhopt'))
      return await (await import('./lhopt/train')).main(argv);
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
