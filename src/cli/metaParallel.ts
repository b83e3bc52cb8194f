/**
 * `meta-train --workers K …`: data-parallel meta-training (src/core/meta/parallel/) from the CLI.
 * K = 1 runs the worker in this thread; K ≥ 2 starts K worker_threads (metaWorker.ts), each
 * with its own backend, and this thread is the leader (average, Adam, checkpoints). One
 * meta-iteration = K unrolls. Checkpoints (--save-every n: at the first run boundary after every
 * n iterations, and at the end) write <out>.json/.bin (weightsFiles.ts, atomic) and, first,
 * <out>.state.json: the trainer state (meta-Adam moments, run counter = RNG position,
 * iteration, skips). --resume <path> with a <path>.state.json whose iteration matches the
 * weights continues EXACTLY (same numbers as an uninterrupted run); without one it continues
 * the run sequence as MetaTrainer does and starts a fresh meta-Adam. A state saved with another
 * K is refused unless --change-workers (state.ts regroup: moments kept, no problem repeated).
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { type LearnedHeader, makeHeader, toArtifacts } from '../core/learned/artifacts';
import { DEFAULT_ARCHITECTURES, type Recipe } from '../core/learned/catalog';
import { initLearned } from '../core/learned/factory';
import type { LearnedOptimizer } from '../core/learned/types';
import { GradWorker } from '../core/meta/parallel/gradWorker';
import { DataParallelTrainer, type GradSource, inThread } from '../core/meta/parallel/leader';
import { regroup, stateFromJson, stateToJson, type TrainerState } from '../core/meta/parallel/state';
import { pathInUse, pathLabel } from '../core/meta/unrollPath';
import type { TaskEnv } from '../core/tasks/registry';
import { UsageError } from './args';
import { gradNormText } from './metaFlags';
import { threadSource } from './metaWorkerPool';
import type { NodeBackend } from './nodeBackend';
import { writeWeightsAtomic } from './weightsFiles';

export interface ParallelArgs {
  argv: string[];
  recipe: Recipe;
  workers: number;
  backend: NodeBackend;
  env: TaskEnv;
  out?: string;
  saveEvery: number;
  logEvery: number;
  /** Continue a state saved with another K (--change-workers). */
  changeWorkers?: boolean;
  resumed: { opt: LearnedOptimizer; header: LearnedHeader; path: string } | null;
}

/** The exact state saved beside `prefix`, if any and if it matches `iteration`. */
export async function readState(
  prefix: string,
  sizes: number[],
  iteration: number,
): Promise<TrainerState | null> {
  const path = `${prefix.replace(/\.json$/, '')}.state.json`;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  const st = stateFromJson(text, sizes, path);
  return st.iteration === iteration ? st : null;
}

async function writeState(out: string, st: TrainerState): Promise<void> {
  const tmp = `${out}.state.json.tmp-${process.pid}`;
  try {
    await writeFile(tmp, stateToJson(st));
    await rename(tmp, `${out}.state.json`);
  } finally {
    await rm(tmp, { force: true });
  }
}

export async function trainParallel(a: ParallelArgs): Promise<number> {
  const { recipe, workers: K, backend } = a;
  const arch = a.resumed?.opt.architecture ?? DEFAULT_ARCHITECTURES[recipe.kind];
  const opt = a.resumed?.opt ?? initLearned(arch, recipe.seed, recipe.init);
  const start = a.resumed?.header.metaIterations ?? 0;
  const sizes = opt.weights.list().map((v) => v.size);
  const saved = a.resumed ? await readState(a.resumed.path, sizes, start) : null;
  if (saved && saved.workers !== K && !a.changeWorkers)
    throw new UsageError(
      `--workers: the checkpoint was trained with ${saved.workers}; got ${K} ` +
        '(add --change-workers to continue with K, not bit-identically)',
    );
  const state = saved && saved.workers !== K ? regroup(saved, K) : saved;
  const sources: GradSource[] = [];
  try {
    if (K === 1) sources.push(inThread(await GradWorker.create(recipe, a.env, arch)));
    else for (let w = 0; w < K; w++) sources.push(await threadSource(recipe, arch, backend));
  } catch (e) {
    await Promise.all(sources.map((s) => s.dispose()));
    throw e;
  }
  const trainer = new DataParallelTrainer(recipe, opt, sources, state ?? undefined, start);
  process.stderr.write(
    `meta-train ${recipe.kind} (${opt.weights.count()} meta-parameters), ${K} worker${K > 1 ? 's' : ''} on ${backend}, ` +
      `path ${pathLabel(pathInUse(recipe.path, backend))}${a.resumed ? `, resuming ${a.resumed.path} at ${start}${state ? (state === saved ? ' (exact: trainer state found)' : ` (trainer state of ${saved?.workers} workers, regrouped: next run ${state.run})`) : ''}` : ''}\n` +
      `recipe ${JSON.stringify(recipe)}\n`,
  );
  const t0 = performance.now();
  // A saved state counts every unroll since iteration 0 itself; without one (a shipped file, an
  // old checkpoint) the count continues from the file's notes (old files: 1 per iteration), and
  // the trainer carries it on, so the state written next holds the whole count.
  if (!state) trainer.unrolls = Number(a.resumed?.header.notes?.unrolls) || start;
  const prevSecs = Number(a.resumed?.header.notes?.seconds) || 0;
  const command = `npm run cli -- meta-train ${a.argv.join(' ')}`;
  const prevCmd = a.resumed?.header.notes?.command;
  const save = async () => {
    if (!a.out) return;
    const st = trainer.state();
    if (st) await writeState(a.out, st);
    const header = makeHeader(opt, {
      recipe: { ...recipe, iterations: trainer.iteration },
      metaIterations: trainer.iteration,
      finalMetaLoss: trainer.lastMetaLoss,
      notes: {
        backend,
        workers: K,
        unrolls: trainer.unrolls,
        seconds: Math.round((performance.now() - t0) / 1000) + prevSecs,
        command: prevCmd ? `${prevCmd} && ${command}` : command,
      },
    });
    await writeWeightsAtomic(a.out, await toArtifacts(opt, header));
  };
  let lastSave = trainer.iteration;
  let window: number[] = [];
  let norms: number[] = [];
  try {
    while (!trainer.done) {
      const rep = await trainer.iterate();
      if (!rep.skipped) window.push(rep.metaLoss);
      if (rep.gradNorm !== undefined) norms.push(rep.gradNorm);
      if (
        a.saveEvery > 0 &&
        trainer.atBoundary &&
        trainer.iteration - lastSave >= a.saveEvery &&
        !trainer.done
      ) {
        await save();
        lastSave = trainer.iteration;
        process.stdout.write(`checkpoint at ${trainer.iteration} → ${a.out}\n`);
      }
      if (rep.iteration % a.logEvery === 0 || trainer.done) {
        const secs = (performance.now() - t0) / 1000;
        const mean = window.length ? window.reduce((x, y) => x + y, 0) / window.length : Number.NaN;
        process.stdout.write(
          `iter ${rep.iteration}/${recipe.iterations}  meta-loss(mean of last ${window.length}) ${mean.toFixed(4)}${gradNormText(norms)}  ` +
            `skipped ${trainer.skipped}  unrolls ${trainer.unrolls}  ${secs.toFixed(0)} s  ` +
            `${(((trainer.iteration - start) * K) / secs).toFixed(3)} unrolls/s  tensors ${tf.memory().numTensors}\n`,
        );
        window = [];
        norms = [];
      }
    }
    await save();
    if (a.out) process.stdout.write(`wrote ${a.out}.json, .bin and .state.json\n`);
    return 0;
  } finally {
    await trainer.disposeWorkers();
    if (!a.resumed) opt.dispose(); // resumed weights belong to the caller
  }
}
