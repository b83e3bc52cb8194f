/**
 * `npm run bench -- --meta`: meta-training throughput, in one run, for each learned kind × unroll
 * path × backend × workers on the MNIST MLP (sigmoid, batch 128, unroll 20 — VHAdam too, the
 * issue's fixed workload), with the data-parallel trainer (src/core/meta/parallel/). Prints
 * unrolls/s (wall) and CPU ms per unroll (process time of all threads: robust to other load on
 * the machine), the lean/autodiff ratio and K-worker scaling, and writes bench-results/*.json
 * with `meta` records gaining `path` and `workers`.
 * Every cpu/wasm cell runs its workers in fresh worker_threads (its own wasm heap, so one
 * kind's 3–4 GiB tape cannot starve the next); WebGPU cells run in this thread, one worker.
 * Path 'fused' (the WGSL nodes, src/core/meta/fused/) runs on webgpu only; on cpu/wasm it would
 * run the lean path again, so it is listed as a note there. WebGPU cells also record the GPU
 * compute dispatches per optimizee step (tfjs's and the fused nodes', src/cli/gpuDispatches.ts).
 * Options: --backends cpu,wasm,webgpu (default wasm) · --learned <kinds> (default all four) ·
 * --paths autodiff,lean,fused (default autodiff,lean) · --workers 1,2 (default 1,2) · --unrolls n timed
 * meta-iterations per cell after one warm-up (default 2) · --unroll n (default 20; VHAdam's
 * 20-step variational tape exceeds the 4 GiB wasm heap, so it is measured at 10) · --out <dir>.
 * The load average before and after is recorded (a shared machine inflates wall times).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  DEFAULT_ARCHITECTURES,
  defaultRecipe,
  type LearnedId,
  parseRecipe,
} from '../../core/learned/catalog';
import { initLearned } from '../../core/learned/factory';
import { LEAN_KINDS, type LeanKind } from '../../core/meta/lean/wrap';
import { GradWorker } from '../../core/meta/parallel/gradWorker';
import { DataParallelTrainer, type GradSource, inThread } from '../../core/meta/parallel/leader';
import { countGpuDispatches } from '../gpuDispatches';
import { threadSource } from '../metaWorkerPool';
import { nodeTaskEnv, setupNodeBackend } from '../nodeBackend';

const BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;
const PATHS = ['autodiff', 'lean', 'fused'] as const;

export interface MetaPathRecord {
  kind: LearnedId;
  backend: string;
  task: 'mnist-mlp';
  unroll: number;
  path: (typeof PATHS)[number];
  workers: number;
  iterations: number;
  msPerIteration: number;
  itersPerMinute: number;
  unrollsPerSec: number;
  cpuMsPerUnroll: number;
  /** webgpu: GPU compute dispatches per optimizee step (timed unrolls, meta-update included). */
  gpuDispatchesPerStep?: number;
}

interface Opts {
  backends: string[];
  learned: LeanKind[];
  paths: (typeof PATHS)[number][];
  workers: number[];
  unrolls: number;
  unroll: number;
  out: string;
}

export class MetaBenchUsage extends Error {}

function list<T extends string>(flag: string, v: string, valid: readonly T[]): T[] {
  const xs = v.split(',').filter(Boolean);
  for (const x of xs)
    if (!(valid as readonly string[]).includes(x))
      throw new MetaBenchUsage(`--${flag}: '${x}' is not one of ${valid.join(', ')}`);
  return xs as T[];
}

export function parseMetaBenchArgs(argv: string[]): Opts {
  const o: Opts = {
    backends: ['wasm'],
    learned: [...LEAN_KINDS],
    paths: ['autodiff', 'lean'],
    workers: [1, 2],
    unrolls: 2,
    unroll: 20,
    out: 'bench-results',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--meta') continue;
    const m = /^--(backends|learned|paths|workers|unrolls|unroll|out)(?:=(.*))?$/.exec(a);
    if (!m)
      throw new MetaBenchUsage(
        `unknown option '${a}' with --meta; valid: --backends, --learned, --paths, --workers, --unrolls, --unroll, --out`,
      );
    const v = m[2] ?? argv[++i];
    if (v === undefined) throw new MetaBenchUsage(`--${m[1]}: missing value`);
    if (m[1] === 'backends') o.backends = list('backends', v, BACKENDS);
    else if (m[1] === 'learned') o.learned = list('learned', v, LEAN_KINDS);
    else if (m[1] === 'paths') o.paths = list('paths', v, PATHS);
    else if (m[1] === 'out') o.out = v;
    else {
      const ns = v.split(',').map(Number);
      const max = m[1] === 'workers' ? 16 : 1000;
      if (ns.some((n) => !Number.isInteger(n) || n < 1 || n > max))
        throw new MetaBenchUsage(`--${m[1]}: integers in [1, ${max}]; got '${v}'`);
      if (m[1] === 'workers') o.workers = ns;
      else if (m[1] === 'unroll') o.unroll = ns[0];
      else o.unrolls = ns[0];
    }
  }
  return o;
}

async function cell(
  kind: LearnedId,
  backend: string,
  path: (typeof PATHS)[number],
  K: number,
  n: number,
  unroll: number,
) {
  const r = parseRecipe({ ...defaultRecipe(kind), unroll, path, iterations: n + 1 });
  if (!r.ok) throw new Error(r.errors.join('; '));
  const recipe = r.value;
  const arch = DEFAULT_ARCHITECTURES[kind];
  const sources: GradSource[] = [];
  if (backend === 'webgpu') sources.push(inThread(await GradWorker.create(recipe, nodeTaskEnv(), arch)));
  else for (let w = 0; w < K; w++) sources.push(await threadSource(recipe, arch, backend as 'cpu' | 'wasm'));
  const opt = initLearned(arch, recipe.seed);
  const t = new DataParallelTrainer(recipe, opt, sources);
  try {
    await t.iterate(); // warm-up: backend start, MNIST, the first run
    const dispatches = backend === 'webgpu' ? countGpuDispatches() : null;
    const d0 = dispatches?.() ?? 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await t.iterate();
    const ms = (performance.now() - t0) / n;
    const c = process.cpuUsage(c0);
    const perStep = dispatches ? (dispatches() - d0) / (n * unroll) : undefined;
    return { ms, cpuMsPerUnroll: (c.user + c.system) / 1000 / (n * K), perStep };
  } finally {
    await t.disposeWorkers();
    opt.dispose();
  }
}

export async function main(argv: string[]): Promise<number> {
  let o: Opts;
  try {
    o = parseMetaBenchArgs(argv);
  } catch (e) {
    if (e instanceof MetaBenchUsage) {
      process.stderr.write(`bench --meta: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const say = (s: string) => process.stdout.write(`${s}\n`);
  say(
    `bench --meta: MNIST MLP (sigmoid, batch 128, unroll ${o.unroll}); kinds ${o.learned.join(', ')}; paths ${o.paths.join(', ')}; backends ${o.backends.join(', ')}; workers ${o.workers.join(', ')}; ${o.unrolls} timed meta-iterations per cell`,
  );
  const loadBefore = loadavg();
  say(`load average ${loadBefore.map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  const records: MetaPathRecord[] = [];
  const notes: string[] = [];
  for (const b of o.backends) {
    if (b === 'webgpu') {
      try {
        const { setupNodeWebGpu } = await import('./dawn');
        const env = await setupNodeWebGpu();
        if (!env.ok) throw new Error(env.notes.join('; '));
        await import('@tensorflow/tfjs-backend-webgpu');
        if (!(await tf.setBackend('webgpu'))) throw new Error("tf.setBackend('webgpu') returned false");
        say(`[webgpu] adapter ${env.adapter}${env.software ? ' (software)' : ''}`);
      } catch (e) {
        notes.push(`webgpu skipped: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
    } else await setupNodeBackend(b as 'cpu' | 'wasm'); // the leader's own backend (φ, Adam on the host)
    for (const kind of o.learned)
      for (const path of o.paths)
        for (const K of b === 'webgpu' ? [1] : o.workers) {
          if (path === 'fused' && b !== 'webgpu') {
            if (K === o.workers[0])
              notes.push(`${kind} ${b}: path fused runs the lean path off webgpu (measured as lean)`);
            continue;
          }
          try {
            const m = await cell(kind, b, path, K, o.unrolls, o.unroll);
            const rec: MetaPathRecord = {
              kind,
              backend: b,
              task: 'mnist-mlp',
              unroll: o.unroll,
              path: path as MetaPathRecord['path'],
              workers: K,
              iterations: o.unrolls,
              msPerIteration: m.ms,
              itersPerMinute: 60_000 / m.ms,
              unrollsPerSec: (1000 * K) / m.ms,
              cpuMsPerUnroll: m.cpuMsPerUnroll,
              ...(m.perStep === undefined ? {} : { gpuDispatchesPerStep: m.perStep }),
            };
            records.push(rec);
            say(
              `  ${b.padEnd(6)} ${kind.padEnd(11)} ${path.padEnd(8)} workers ${K}: ${rec.unrollsPerSec.toFixed(3)} unrolls/s, ${(m.cpuMsPerUnroll / 1000).toFixed(2)} CPU s/unroll${m.perStep === undefined ? '' : `, ${m.perStep.toFixed(0)} GPU dispatches/step`}`,
            );
          } catch (e) {
            notes.push(
              `${kind} ${b} ${path} workers ${K}: failed: ${e instanceof Error ? e.message : String(e)}`,
            );
            say(`  ${b.padEnd(6)} ${kind.padEnd(11)} ${path.padEnd(8)} workers ${K}: failed`);
          }
        }
  }
  say(
    '\n| backend | kind | path | workers | unrolls/s | CPU s/unroll | vs autodiff (CPU) | vs 1 worker (wall) |\n|---|---|---|---|---|---|---|---|',
  );
  for (const r of records) {
    const base = records.find(
      (x) => x.kind === r.kind && x.backend === r.backend && x.path === 'autodiff' && x.workers === r.workers,
    );
    const one = records.find(
      (x) => x.kind === r.kind && x.backend === r.backend && x.path === r.path && x.workers === 1,
    );
    say(
      `| ${r.backend} | ${r.kind} | ${r.path} | ${r.workers} | ${r.unrollsPerSec.toFixed(3)} | ${(r.cpuMsPerUnroll / 1000).toFixed(2)} | ${base ? `${(base.cpuMsPerUnroll / r.cpuMsPerUnroll).toFixed(2)}×` : '—'} | ${one ? `${(r.unrollsPerSec / one.unrollsPerSec).toFixed(2)}×` : '—'} |`,
    );
  }
  const loadAfter = loadavg();
  say(`load average after: ${loadAfter.map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  for (const n of notes) say(`note: ${n}`);
  mkdirSync(o.out, { recursive: true });
  const file = join(o.out, `bench-meta-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cores: cpus().length, loadBefore, loadAfter, options: o, meta: records, notes }, null, 2)}\n`,
  );
  say(`wrote ${file}`);
  return 0;
}
