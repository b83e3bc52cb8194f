/**
 * Bench rows for the learned optimizers (src/core/learned, src/core/meta):
 *   - ms per step of the coordinatewise learned optimizers (RNNprop, DMOptimizer, HyperAdam,
 *     VHAdam; their plain tfjs-ops UpdateRule, seeded φ₀ from initLearned: the step costs the
 *     same for any weights) next to Adam's, at 1e4 and 1e5 coordinates, on each backend; on
 *     WebGPU and wasm also Adam's fused kernel and the learned fused step where the kind has one
 *     (learnedFused: WGSL on WebGPU, generated WebAssembly on wasm);
 *   - meta-iterations per minute: a short truncated-BPTT meta-training (MetaTrainer, the CLI's
 *     recipe defaults but on dm-quadratic, which needs no data files) timed per backend.
 */
import { getGradient } from '@tensorflow/tfjs-core';
import { fusedRuleFor } from '../../core/kernels/registry';
import { DEFAULT_ARCHITECTURES, defaultRecipe, type Recipe } from '../../core/learned/catalog';
import { initLearned } from '../../core/learned/factory';
import { learnedRule } from '../../core/learned/rule';
import type { LearnedOptimizer } from '../../core/learned/types';
import { MetaTrainer } from '../../core/meta/trainer';
import { OPTIMIZERS } from '../../core/optim/catalog';
import { getRule } from '../../core/optim/registry';
import type { UpdateRule } from '../../core/optim/types';
import { NO_DATA_ENV } from '../../core/tasks/registry';
import { type Measurement, measureUpdateRule } from './measure';

export const BENCH_LEARNED = ['rnnprop', 'dmoptimizer', 'hyperadam', 'vhadam'] as const;
/** The kinds whose meta-training the default bench times (the others: `npm run bench -- --meta`). */
export const META_BENCH_KINDS: readonly BenchLearned[] = ['rnnprop', 'dmoptimizer'];
export type BenchLearned = (typeof BENCH_LEARNED)[number];

/** 'adam' (plain or fused) or a learned kind (plain or fused). */
export type LearnedRowRule = 'adam' | BenchLearned;

export interface LearnedRecord {
  rule: LearnedRowRule;
  size: number;
  backend: string;
  mode: 'plain' | 'fused';
  msPerStep: number;
  steps: number;
  /** median process CPU ms per step (wasm, cpu; bench/measure.ts) */
  cpuMsPerStep?: number;
}

export interface MetaRecord {
  kind: BenchLearned;
  backend: string;
  task: string;
  unroll: number;
  iterations: number;
  msPerIteration: number;
  itersPerMinute: number;
}

/** A fused WebGPU version of a learned optimizer, when one exists (set by the kernels). */
export type LearnedFusedFactory = (opt: LearnedOptimizer) => UpdateRule | undefined;

async function timeLearned(
  kind: BenchLearned,
  n: number,
  budgetMs: number,
  fused: LearnedFusedFactory | null,
): Promise<Measurement | null> {
  const arch = DEFAULT_ARCHITECTURES[kind];
  const opt = initLearned(arch, 1);
  try {
    const rule = fused ? fused(opt) : learnedRule(opt);
    if (!rule) return null;
    return await measureUpdateRule(rule, { lr: arch.outputScale }, n, budgetMs);
  } finally {
    opt.dispose();
  }
}

/** A measurement, or null (and a note) when it fails, e.g. the wasm heap runs out at 1e6. */
async function safely(f: () => Promise<Measurement | null>): Promise<Measurement | null> {
  try {
    return await f();
  } catch (e) {
    process.stdout.write(`    failed: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}\n`);
    return null;
  }
}

/** Learned vs Adam step times on the active backend. */
export async function benchLearnedSteps(
  backend: string,
  kinds: BenchLearned[],
  sizes: number[],
  budgetMs: number,
  say: (s: string) => void,
  learnedFused: LearnedFusedFactory | null,
): Promise<LearnedRecord[]> {
  const out: LearnedRecord[] = [];
  const adamFused = fusedRuleFor('adam', backend);
  const record = (rule: LearnedRowRule, size: number, mode: LearnedRecord['mode'], m: Measurement | null) => {
    if (!m) return;
    out.push({
      rule,
      size,
      backend,
      mode,
      msPerStep: m.msPerStep,
      steps: m.steps,
      cpuMsPerStep: m.cpuMsPerStep,
    });
    const cpu = m.cpuMsPerStep !== undefined ? `, cpu ${m.cpuMsPerStep.toFixed(3)} ms` : '';
    say(
      `  ${backend.padEnd(6)} ${mode.padEnd(8)} ${rule.padEnd(11)} n=${size.toExponential(0)}  ${m.msPerStep.toFixed(3)} ms/step${cpu} (${m.steps} steps)`,
    );
  };
  const adamHp = { ...OPTIMIZERS.adam.defaults };
  for (const size of sizes) {
    record('adam', size, 'plain', await measureUpdateRule(getRule('adam'), adamHp, size, budgetMs));
    if (adamFused) record('adam', size, 'fused', await measureUpdateRule(adamFused, adamHp, size, budgetMs));
    // Every fused step before any plain one: a plain step that exhausts the wasm heap (1e6)
    // leaves the backend unusable for what follows.
    if (learnedFused) {
      for (const kind of kinds) {
        record(kind, size, 'fused', await safely(() => timeLearned(kind, size, budgetMs, learnedFused)));
      }
    }
    for (const kind of kinds)
      record(kind, size, 'plain', await safely(() => timeLearned(kind, size, budgetMs, null)));
  }
  return out;
}

/** The bench's meta-training recipe: the kind's defaults on dm-quadratic (no data files). */
export function benchRecipe(kind: BenchLearned): Recipe {
  return {
    ...defaultRecipe(kind),
    task: { id: 'dm-quadratic', options: {} },
    steps: 100,
    unroll: 20,
    iterations: 1_000_000,
  };
}

/** Meta-iterations (one unroll + one meta-update each) per minute on the active backend. */
export async function benchMetaTraining(
  backend: string,
  kind: BenchLearned,
  budgetMs: number,
): Promise<MetaRecord> {
  // Gradients: plain Node (tsx) cannot load tfjs-core's ESM gradient registration, but the
  // union package's CJS bundle registers them in the shared registry (see cli/nodeBackend.ts).
  if (!getGradient('Sub')) await import('@tensorflow/tfjs');
  const recipe = benchRecipe(kind);
  const trainer = await MetaTrainer.create(recipe, NO_DATA_ENV);
  try {
    await trainer.iterate(); // warm-up: shader compiles, buffer pools, the first run's data
    let iterations = 0;
    const t0 = performance.now();
    while (iterations < 2 || performance.now() - t0 < budgetMs) {
      await trainer.iterate();
      iterations++;
      if (iterations >= 10_000) break;
    }
    const ms = (performance.now() - t0) / iterations;
    return {
      kind,
      backend,
      task: recipe.task.id,
      unroll: recipe.unroll,
      iterations,
      msPerIteration: ms,
      itersPerMinute: 60_000 / ms,
    };
  } finally {
    trainer.dispose();
  }
}
