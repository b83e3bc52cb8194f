/** Command-line options of `npm run bench` (parsed by hand: a handful of flags). */
import { OPTIMIZER_IDS, type OptimizerId } from '../../core/optim/catalog';
import { BENCH_LEARNED, type BenchLearned } from './learned';

export const BENCH_BACKENDS = ['webgpu', 'cpu', 'wasm'] as const;
export type BenchBackend = (typeof BENCH_BACKENDS)[number];

export interface BenchOptions {
  sizes: number[];
  backends: BenchBackend[];
  rules: OptimizerId[];
  /** target wall time per measurement (ms): the step count adapts to it */
  budgetMs: number;
  out: string;
  quick: boolean;
  /** learned optimizers to time against Adam (empty: skip those rows) */
  learned: BenchLearned[];
  learnedSizes: number[];
  /** wall time of each meta-training measurement (ms); 0 skips it */
  metaBudgetMs: number;
  /** timed race steps of the MNIST race per backend and path (bench/race.ts); 0 skips it */
  raceSteps: number;
}

export const BENCH_USAGE = `usage: npm run bench -- [options]
  --sizes 1e4,1e5,1e6     parameter counts (default 1e4,1e5,1e6; --quick: 1e4,1e5)
  --backends webgpu,cpu,wasm   (default all three)
  --rules adam,adamod,…   hand-designed rules (default all 12; --quick: sgd,adam,adamod)
  --budget <ms>           wall time per measurement (default 1500; --quick: 400)
  --out <dir>             where the JSON goes (default bench-results)
  --learned rnnprop,dmoptimizer,hyperadam,vhadam|none   learned rules timed vs Adam
                          (default all four; meta-training timed for rnnprop, dmoptimizer)
  --learned-sizes 1e4,1e5 their parameter counts (default 1e4,1e5; --quick: 1e4)
  --meta-budget <ms>      meta-training time per kind and backend, on dm-quadratic
                          (default 10000; --quick: 3000; 0 skips)
  --race-steps <n>        timed steps of the MNIST race (8 hand-designed optimizers; the 4
                          learned ones on wasm and webgpu), fused and plain, per backend
                          (default 10; --quick: 3; 0 skips)
  --quick                 small and short: a smoke run
WebGPU in Node uses Dawn (npm 'webgpu'): a real GPU through its Vulkan driver when one is
found, else (VK_ICD_FILENAMES unset) Chromium's SwiftShader, a software adapter.`;

export class BenchUsageError extends Error {}

function list(flag: string, raw: string): string[] {
  const items = raw.split(',').map((s) => s.trim());
  if (items.some((s) => s.length === 0)) throw new BenchUsageError(`${flag}: empty item in '${raw}'`);
  return items;
}

function sizeList(flag: string, raw: string | undefined, dflt: number[]): number[] {
  const sizes = raw ? list(flag, raw).map(Number) : dflt;
  for (const s of sizes) {
    if (!Number.isInteger(s) || s < 1 || s > 1e8) {
      throw new BenchUsageError(`${flag}: each size must be an integer in [1, 1e8] (got ${raw})`);
    }
  }
  return sizes;
}

export function parseBenchArgs(argv: string[]): BenchOptions | 'help' {
  const raw: Record<string, string> = {};
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return 'help';
    if (a === '--quick') {
      quick = true;
      continue;
    }
    const m =
      /^--(sizes|backends|rules|budget|out|learned|learned-sizes|meta-budget|race-steps)(?:=(.*))?$/.exec(a);
    if (!m)
      throw new BenchUsageError(
        `unknown option '${a}'; valid: --sizes, --backends, --rules, --budget, --out, --learned, --learned-sizes, --meta-budget, --race-steps, --quick`,
      );
    const v = m[2] ?? argv[++i];
    if (v === undefined) throw new BenchUsageError(`--${m[1]}: missing value`);
    raw[m[1]] = v;
  }
  const sizes = sizeList('--sizes', raw.sizes, quick ? [1e4, 1e5] : [1e4, 1e5, 1e6]);
  const learnedSizes = sizeList('--learned-sizes', raw['learned-sizes'], quick ? [1e4] : [1e4, 1e5]);
  const learned = !raw.learned
    ? [...BENCH_LEARNED]
    : raw.learned === 'none'
      ? []
      : list('--learned', raw.learned);
  for (const k of learned) {
    if (!(BENCH_LEARNED as readonly string[]).includes(k)) {
      throw new BenchUsageError(
        `--learned: unknown learned rule '${k}'; valid: ${BENCH_LEARNED.join(', ')}, none`,
      );
    }
  }
  const metaBudgetMs = raw['meta-budget'] !== undefined ? Number(raw['meta-budget']) : quick ? 3000 : 10_000;
  if (!Number.isFinite(metaBudgetMs) || metaBudgetMs < 0 || metaBudgetMs > 600_000) {
    throw new BenchUsageError(`--meta-budget: milliseconds in [0, 600000] (got ${raw['meta-budget']})`);
  }
  const raceSteps = raw['race-steps'] !== undefined ? Number(raw['race-steps']) : quick ? 3 : 10;
  if (!Number.isInteger(raceSteps) || raceSteps < 0 || raceSteps > 10_000) {
    throw new BenchUsageError(`--race-steps: an integer in [0, 10000] (got ${raw['race-steps']})`);
  }
  const backends = raw.backends ? list('--backends', raw.backends) : [...BENCH_BACKENDS];
  for (const b of backends) {
    if (!(BENCH_BACKENDS as readonly string[]).includes(b)) {
      throw new BenchUsageError(`--backends: unknown backend '${b}'; valid: ${BENCH_BACKENDS.join(', ')}`);
    }
  }
  const rules = raw.rules
    ? list('--rules', raw.rules)
    : quick
      ? ['sgd', 'adam', 'adamod']
      : [...OPTIMIZER_IDS];
  for (const r of rules) {
    if (!(OPTIMIZER_IDS as readonly string[]).includes(r)) {
      throw new BenchUsageError(`--rules: unknown rule '${r}'; valid: ${OPTIMIZER_IDS.join(', ')}`);
    }
  }
  const budgetMs = raw.budget ? Number(raw.budget) : quick ? 400 : 1500;
  if (!Number.isFinite(budgetMs) || budgetMs < 10 || budgetMs > 600_000) {
    throw new BenchUsageError(`--budget: milliseconds in [10, 600000] (got ${raw.budget})`);
  }
  return {
    sizes,
    backends: backends as BenchBackend[],
    rules: rules as OptimizerId[],
    budgetMs,
    out: raw.out ?? 'bench-results',
    quick,
    learned: learned as BenchLearned[],
    learnedSizes,
    metaBudgetMs,
    raceSteps,
  };
}
