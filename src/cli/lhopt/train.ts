/**
 * `npm run --silent cli -- meta-train --kind lhopt …`: train the LHOPT policy with PPO
 * (core/meta/ppo; docs/algorithms.md §5) headless, saving <out>.json + <out>.bin every
 * --save-every iterations and at the end, so a long run can go in the background (nohup) and
 * be continued with --resume <file>. Stops after --iterations or --max-seconds, whichever first.
 * The file's header records the recipe, iterations, episodes, wall time, backend and hardware.
 * --workers K rolls each iteration's episodes out in K worker_threads (episodePool.ts; the
 * numbers do not depend on K). Every save first writes <out>.state.json (core/meta/ppo/state.ts:
 * counters, float64 normaliser, Adam moments); --resume <path> with a <path>.state.json whose
 * iteration matches the weights continues exactly, without one it starts a fresh Adam.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { basename, dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { decodePolicyFile, encodePolicyFile, type LhoptModelJson } from '../../core/learned/lhopt/files';
import { parsePpoRecipe } from '../../core/meta/ppo/recipe';
import type { EpisodeSource } from '../../core/meta/ppo/rollout';
import { type PpoState, ppoStateFromJson, ppoStateToJson } from '../../core/meta/ppo/state';
import { type PpoReport, PpoTrainer } from '../../core/meta/ppo/trainer';
import { type FlagDefs, parseFlags, UsageError } from '../args';
import { isNodeBackend, NODE_BACKENDS, nodeTaskEnv, setupNodeBackend } from '../nodeBackend';
import { episodeThread } from './episodePool';

const FLAGS: FlagDefs = {
  kind: { kind: 'string', arg: 'lhopt', help: 'the learned kind (lhopt)' },
  iterations: { kind: 'string', arg: '<n>', help: 'PPO iterations in total (default 100)' },
  'max-seconds': { kind: 'string', arg: '<s>', help: 'stop after this wall time (default: none)' },
  'save-every': { kind: 'string', arg: '<n>', help: 'save every n iterations (default 5)' },
  out: { kind: 'string', arg: '<path>', help: 'output path without extension' },
  resume: { kind: 'string', arg: '<file.json>', help: 'continue from a saved policy' },
  recipe: { kind: 'string', arg: '<json>', help: 'PPO recipe fields (JSON), over the defaults' },
  backend: { kind: 'string', arg: `<${NODE_BACKENDS.join('|')}>`, help: 'tfjs backend (default cpu)' },
  workers: { kind: 'string', arg: '<k>', help: 'episode worker threads (1–16, default 1: this thread)' },
  quiet: { kind: 'boolean', help: 'no per-iteration lines' },
};

const posInt = (v: unknown, flag: string, def: number): number => {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${flag}: must be a positive integer (got '${String(v)}')`);
  return n;
};

/** The exact state saved beside `path` if its iteration matches the weights'. */
async function readState(path: string, iteration: number): Promise<PpoState | null> {
  const at = `${path.replace(/\.json$/, '')}.state.json`;
  let text: string;
  try {
    text = await readFile(at, 'utf8');
  } catch {
    return null;
  }
  const st = ppoStateFromJson(text, at);
  return st.iteration === iteration ? st : null;
}

async function readPolicy(path: string) {
  const json = JSON.parse(await readFile(path, 'utf8')) as LhoptModelJson;
  const binPath = `${dirname(path)}/${json.weightsManifest?.[0]?.paths?.[0] ?? ''}`;
  const b = await readFile(binPath);
  return decodePolicyFile(
    json,
    b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer,
    path,
  );
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'eval') return (await import('./eval')).main(argv.slice(1));
  let f: ReturnType<typeof parseFlags>;
  try {
    f = parseFlags(argv, FLAGS);
    if (f.kind !== undefined && f.kind !== 'lhopt')
      throw new UsageError(`--kind: this command trains 'lhopt'`);
    if (!f.out) throw new UsageError('--out: required (output path without extension)');
  } catch (e) {
    process.stderr.write(`meta-train: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const backend = (f.backend as string | undefined) ?? 'cpu';
  if (!isNodeBackend(backend)) {
    process.stderr.write(`meta-train: --backend: must be one of ${NODE_BACKENDS.join(', ')}\n`);
    return 2;
  }
  let iterations: number;
  let saveEvery: number;
  let maxSeconds: number;
  let workers: number;
  let rawRecipe: unknown = {};
  try {
    iterations = posInt(f.iterations, 'iterations', 100);
    saveEvery = posInt(f['save-every'], 'save-every', 5);
    maxSeconds = posInt(f['max-seconds'], 'max-seconds', Number.MAX_SAFE_INTEGER);
    workers = posInt(f.workers, 'workers', 1);
    if (workers > 16) throw new UsageError(`--workers: must be in [1, 16] (got ${workers})`);
    if (f.recipe) rawRecipe = JSON.parse(f.recipe as string);
  } catch (e) {
    process.stderr.write(`meta-train: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  await setupNodeBackend(backend);
  const resumed = f.resume ? await readPolicy(f.resume as string) : null;
  const base = resumed?.header.recipe ?? {};
  const parsed = parsePpoRecipe({ ...base, ...(rawRecipe as object) });
  if (!parsed.ok) {
    for (const e of parsed.errors) process.stderr.write(`meta-train: ${e}\n`);
    return 2;
  }
  const recipe = parsed.value;
  if (resumed && resumed.header.architecture.hidden !== recipe.hidden) {
    process.stderr.write(
      `meta-train: recipe.hidden: ${recipe.hidden} differs from the resumed file's ${resumed.header.architecture.hidden}\n`,
    );
    return 2;
  }
  const notes0 = resumed?.header.notes ?? {};
  const state = resumed ? await readState(f.resume as string, resumed.header.metaIterations) : null;
  const trainer = new PpoTrainer(
    recipe,
    nodeTaskEnv(),
    resumed
      ? {
          policy: resumed.policy,
          iteration: resumed.header.metaIterations,
          episodes: Number(notes0.episodes ?? 0),
          state: state ?? undefined,
        }
      : undefined,
  );
  const sources: EpisodeSource[] = [];
  if (workers > 1) for (let w = 0; w < workers; w++) sources.push(await episodeThread(recipe, backend));
  trainer.setSources(sources);
  if (resumed)
    process.stderr.write(
      `meta-train: resuming ${f.resume} at iteration ${trainer.iteration}${state ? ' (exact: state found)' : ' (no state: fresh Adam)'}\n`,
    );
  const out = f.out as string;
  await mkdir(dirname(out), { recursive: true });
  const priorSeconds = Number(notes0.seconds ?? 0);
  const t0 = Date.now();
  const rewards: number[] = [];
  const command = ['npm run cli -- meta-train', ...argv].join(' ');
  const save = async (last: PpoReport | null) => {
    await writeFile(`${out}.state.json.tmp`, ppoStateToJson(trainer.state()));
    await rename(`${out}.state.json.tmp`, `${out}.state.json`);
    trainer.syncNorm();
    const p = trainer.progress();
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
    const { json, bin } = await encodePolicyFile(
      trainer.policy,
      {
        kind: 'lhopt',
        version: 1,
        architecture: { kind: 'lhopt', outputScale: 1e-3, hidden: recipe.hidden },
        recipe: { ...recipe },
        metaIterations: p.iteration,
        finalMetaLoss: last ? last.policyLoss : null,
        notes: {
          trainer: 'ppo',
          episodes: p.episodes,
          envCount: p.envCount,
          seconds: Math.round(priorSeconds + (Date.now() - t0) / 1000),
          backend,
          workers,
          hardware: `${cpus().length}-core ${cpus()[0]?.model ?? 'CPU'} (shared), Node ${process.version}, ${workers > 1 ? `${workers} episode worker threads` : 'one thread'}`,
          command: notes0.command ? `${notes0.command}; then ${command}` : command,
          meanRewardFirst10: mean(trainer.history.slice(0, 10).map((r) => r.meanReward)),
          meanRewardLast10: mean(rewards.slice(-10)),
        },
      },
      `${basename(out)}.bin`,
    );
    await writeFile(`${out}.json`, `${JSON.stringify(json, null, 1)}\n`);
    await writeFile(`${out}.bin`, new Uint8Array(bin));
  };
  let last: PpoReport | null = null;
  try {
    while (trainer.iteration < iterations && (Date.now() - t0) / 1000 < maxSeconds) {
      last = await trainer.iterate();
      rewards.push(last.meanReward);
      if (!f.quiet) {
        process.stdout.write(
          `iter ${last.iteration} episodes ${last.episodes} reward ${last.meanReward.toFixed(3)} speedup ${last.meanSpeedup.toFixed(3)} entropy ${last.entropy.toFixed(3)} value-loss ${last.valueLoss.toFixed(3)} ${last.episodesPerSec.toFixed(2)} ep/s tensors ${tf.memory().numTensors}\n`,
        );
      }
      if (trainer.iteration % saveEvery === 0) await save(last);
    }
    await save(last);
  } finally {
    await trainer.disposeSources();
    trainer.dispose();
  }
  process.stdout.write(
    `saved ${out}.json (${trainer.iteration} iterations, ${trainer.progress().episodes} episodes)\n`,
  );
  return 0;
}
