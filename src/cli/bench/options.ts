/** Command-line options of `npm run bench` (parsed by hand: a handful of flags). */
import { OPTIMIZER_IDS, type OptimizerId } from '../../core/optim/catalog';

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
}

export const BENCH_USAGE = `usage: npm run bench -- [options]
  --sizes 1e4,1e5,1e6     parameter counts (default 1e4,1e5,1e6; --quick: 1e4,1e5)
  --backends webgpu,cpu,wasm   (default all three)
  --rules adam,adamod,…   hand-designed rules (default all 12; --quick: sgd,adam,adamod)
  --budget <ms>           wall time per measurement (default 1500; --quick: 400)
  --out <dir>             where the JSON goes (default bench-results)
  --quick                 small and short: a smoke run
WebGPU in Node uses Dawn (npm 'webgpu'): a real GPU through its Vulkan driver when one is
found, else (VK_ICD_FILENAMES unset) Chromium's SwiftShader, a software adapter.`;

export class BenchUsageError extends Error {}

function list(flag: string, raw: string): string[] {
  const items = raw.split(',').map((s) => s.trim());
  if (items.some((s) => s.length === 0)) throw new BenchUsageError(`${flag}: empty item in '${raw}'`);
  return items;
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
    const m = /^--(sizes|backends|rules|budget|out)(?:=(.*))?$/.exec(a);
    if (!m)
      throw new BenchUsageError(
        `unknown option '${a}'; valid: --sizes, --backends, --rules, --budget, --out, --quick`,
      );
    const v = m[2] ?? argv[++i];
    if (v === undefined) throw new BenchUsageError(`--${m[1]}: missing value`);
    raw[m[1]] = v;
  }
  const sizes = raw.sizes ? list('--sizes', raw.sizes).map(Number) : quick ? [1e4, 1e5] : [1e4, 1e5, 1e6];
  for (const s of sizes) {
    if (!Number.isInteger(s) || s < 1 || s > 1e8) {
      throw new BenchUsageError(`--sizes: each size must be an integer in [1, 1e8] (got ${raw.sizes})`);
    }
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
  };
}
