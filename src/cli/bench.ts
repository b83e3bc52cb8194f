/**
 * `npm run bench`: ms per optimizer step for 1e4, 1e5 and 1e6 parameters, for each rule:
 * fused kernels (WebGPU, wasm, cpu) vs the plain-ops rules vs tfjs's tf.train (where it exists)
 * vs the cpu and wasm backends; the speed-up of fused over plain ops; the memory bandwidth
 * the fused kernels reach (bytes moved per step / time). Prints a table and writes the numbers
 * to bench-results/bench-<time>.json. The MNIST race end to end (8 hand-designed optimizers; the
 * 4 learned ones on wasm and WebGPU), fused and plain. Then the learned optimizers (RNNprop,
 * DMOptimizer, HyperAdam, VHAdam; fused and plain) per step vs Adam at 1e4/1e5, and (RNNprop,
 * DMOptimizer) meta-iterations per minute of a short meta-training on
 * dm-quadratic, per backend (bench/learned.ts). Options: see BENCH_USAGE (--sizes, --backends,
 * --rules, --learned, --meta-budget, --quick). WebGPU in Node runs through Dawn on a real GPU when its Vulkan driver is found,
 * else on SwiftShader (software); the adapter is printed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import * as tf from '@tensorflow/tfjs-core';
import { fusedBytesPerStep } from '../core/kernels/fused';
import { fusedRuleFor, learnedFusedRule, learnedWasmRule, warmUpFused } from '../core/kernels/registry';
import { KERNEL_SPECS } from '../core/kernels/specs';
import { relaxedSimdSupported } from '../core/kernels/wasmAsm';
import { OPTIMIZERS, type OptimizerId } from '../core/optim/catalog';
import { getRule } from '../core/optim/registry';
import { setupNodeWebGpu } from './bench/dawn';
import { goals } from './bench/goals';
import {
  benchLearnedSteps,
  benchMetaTraining,
  type LearnedRecord,
  META_BENCH_KINDS,
  type MetaRecord,
} from './bench/learned';
import { type Measurement, measureLoop, measureRule, measureTfTrain } from './bench/measure';
import {
  BENCH_USAGE,
  type BenchBackend,
  type BenchOptions,
  BenchUsageError,
  parseBenchArgs,
} from './bench/options';
import { benchRace, formatRace, type RaceRecord } from './bench/race';
import { formatLearnedTable, formatMetaTable, formatTable, type Row } from './bench/table';

export interface BenchRecord {
  rule: OptimizerId;
  size: number;
  backend: BenchBackend;
  /** loop: the plain Float32Array loop (the floor, no tfjs); fused: our fused kernel */
  mode: 'loop' | 'fused' | 'plain' | 'tf.train';
  msPerStep: number;
  steps: number;
  /** wasm, cpu: median process CPU ms per step (bench/measure.ts) */
  cpuMsPerStep?: number;
  /** fused only: bytes moved per step / time, GB/s */
  gbPerS?: number;
}

const say = (s: string) => process.stdout.write(`${s}\n`);

async function activate(b: BenchBackend): Promise<string | null> {
  try {
    if (b === 'webgpu') {
      const env = await setupNodeWebGpu();
      for (const n of env.notes) say(`  webgpu: ${n}`);
      if (!env.ok) return `no WebGPU adapter (${env.notes.join('; ')})`;
      say(`  webgpu adapter: ${env.adapter}${env.software ? ' (software: expect it slower than wasm)' : ''}`);
      await import('@tensorflow/tfjs-backend-webgpu');
    } else if (b === 'wasm') {
      await import('@tensorflow/tfjs-backend-wasm');
    } else {
      await import('@tensorflow/tfjs-backend-cpu');
    }
    const ok = await tf.setBackend(b);
    if (!ok || tf.getBackend() !== b) return `tf.setBackend('${b}') returned false`;
    await tf.ready();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

interface Collected {
  records: BenchRecord[];
  learned: LearnedRecord[];
  meta: MetaRecord[];
  race: RaceRecord[];
}

/** The MNIST race end to end, fused kernels and plain ops (bench/race.ts). */
async function benchRaces(b: BenchBackend, opts: BenchOptions, out: Collected): Promise<void> {
  if (opts.raceSteps === 0) return;
  // The learned race on wasm and WebGPU (the cpu backend's learned steps take seconds).
  const groups: RaceRecord['group'][] = b === 'cpu' ? ['hand-designed'] : ['hand-designed', 'learned'];
  for (const group of groups) {
    for (const fused of [true, false]) {
      try {
        const r = await benchRace(b, fused, opts.raceSteps, group);
        out.race.push(r);
        say(formatRace(r));
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        say(`  race ${b} ${group} ${fused ? 'fused' : 'plain'}: failed: ${why}`);
      }
    }
  }
}

async function benchLearnedAndMeta(b: BenchBackend, opts: BenchOptions, out: Collected): Promise<void> {
  if (opts.learned.length > 0 && opts.learnedSizes.length > 0) {
    const fused = b === 'webgpu' ? learnedFusedRule : b === 'wasm' ? learnedWasmRule : null;
    out.learned.push(
      ...(await benchLearnedSteps(b, opts.learned, opts.learnedSizes, opts.budgetMs, say, fused)),
    );
  }
  if (opts.metaBudgetMs > 0) {
    for (const kind of opts.learned.filter((k) => META_BENCH_KINDS.includes(k))) {
      try {
        const m = await benchMetaTraining(b, kind, opts.metaBudgetMs);
        out.meta.push(m);
        say(
          `  ${b.padEnd(6)} meta     ${kind.padEnd(11)} ${m.task}  ${m.msPerIteration.toFixed(1)} ms/iteration, ${m.itersPerMinute.toFixed(1)} per minute (${m.iterations} timed)`,
        );
      } catch (e) {
        say(`  ${b.padEnd(6)} meta     ${kind}: failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}

async function benchBackend(b: BenchBackend, opts: BenchOptions, out: BenchRecord[]): Promise<void> {
  if (b === 'webgpu') {
    const t0 = performance.now();
    await warmUpFused(opts.rules, [[opts.sizes[0]]]);
    say(
      `  warm-up (compile ${opts.rules.length} fused pipelines + probe ops): ${(performance.now() - t0).toFixed(0)} ms`,
    );
  }
  for (const size of opts.sizes) {
    for (const id of opts.rules) {
      const record = (mode: BenchRecord['mode'], m: Measurement | null) => {
        if (!m) return;
        const r: BenchRecord = { rule: id, size, backend: b, mode, msPerStep: m.msPerStep, steps: m.steps };
        if (m.cpuMsPerStep !== undefined) r.cpuMsPerStep = m.cpuMsPerStep;
        if (mode === 'fused') {
          r.gbPerS = fusedBytesPerStep(KERNEL_SPECS[id], OPTIMIZERS[id].defaults, size) / (m.msPerStep * 1e6);
        }
        out.push(r);
        say(
          `  ${b.padEnd(6)} ${mode.padEnd(8)} ${id.padEnd(9)} n=${size.toExponential(0)}  ${m.msPerStep.toFixed(3)} ms/step (${m.steps} steps)`,
        );
      };
      if (b !== 'webgpu') record('loop', measureLoop(id, size, opts.budgetMs));
      const fused = fusedRuleFor(id, b);
      if (fused) record('fused', await measureRule(fused, id, size, opts.budgetMs));
      record('plain', await measureRule(getRule(id), id, size, opts.budgetMs));
      record('tf.train', await measureTfTrain(id, size, opts.budgetMs));
    }
  }
}

export async function main(argv: string[]): Promise<number> {
  // Meta-training throughput per kind × path × backend × workers: its own runner.
  if (argv.includes('--meta')) return (await import('./bench/metaBench')).main(argv);
  let opts: BenchOptions | 'help';
  try {
    opts = parseBenchArgs(argv);
  } catch (e) {
    if (e instanceof BenchUsageError) {
      process.stderr.write(`bench: ${e.message}\n${BENCH_USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (opts === 'help') {
    say(BENCH_USAGE);
    return 0;
  }
  // Relaxed SIMD (the learned wasm step's multiply-add, as Chromium runs it): behind a flag in Node 20.
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  say(
    `bench: sizes ${opts.sizes.join(', ')}; rules ${opts.rules.join(', ')}; backends ${opts.backends.join(', ')}; ` +
      `wasm relaxed SIMD ${relaxedSimdSupported() ? 'on' : 'off'}`,
  );
  const records: BenchRecord[] = [];
  const collected: Collected = { records, learned: [], meta: [], race: [] };
  const skipped: Record<string, string> = {};
  let adapter = '';
  for (const b of opts.backends) {
    say(`[${b}]`);
    const err = await activate(b);
    if (err) {
      skipped[b] = err;
      say(`  skipped: ${err}`);
      continue;
    }
    if (b === 'webgpu') adapter = (await setupNodeWebGpu()).adapter;
    await benchBackend(b, opts, records);
    await benchRaces(b, opts, collected);
    await benchLearnedAndMeta(b, opts, collected);
  }
  const rows: Row[] = records.map((r) => ({ ...r }));
  say('');
  say(formatTable(rows, opts));
  if (collected.learned.length > 0) {
    say('');
    say(formatLearnedTable(collected.learned, opts.backends));
  }
  if (collected.meta.length > 0) {
    say('');
    say(formatMetaTable(collected.meta));
  }
  const goalLines = goals(records, collected.learned, collected.meta);
  say('');
  for (const l of goalLines) say(l);
  mkdirSync(opts.out, { recursive: true });
  const file = join(opts.out, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        relaxedSimd: relaxedSimdSupported(),
        webgpuAdapter: adapter || null,
        options: opts,
        skipped,
        results: records,
        goals: goalLines,
        learned: collected.learned,
        meta: collected.meta,
        race: collected.race,
      },
      null,
      2,
    )}\n`,
  );
  say(`wrote ${file}`);
  return 0;
}
