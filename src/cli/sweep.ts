/**
 * `npm run --silent cli -- sweep`: tune one hyperparameter of one optimizer over a grid.
 *
 *   sweep --task spirals --opt adam:beta1=0.9 --param lr --from 1e-4 --to 1 --points 9 \
 *         --steps 200 --seeds 3 [--json]
 *
 * Every grid point runs over the same seeds (same inits and minibatch streams) as entries of one
 * runner (core/run/sweep.ts). "final" is the mean of the last 10% of each seed's loss curve,
 * then mean ± std over seeds; a point is diverged if any seed diverged; best = lowest mean final.
 * --json prints { param, points: [{ value, final: { mean, std }, diverged }], best }.
 */

import { parseSpec } from '../core/experiment/schema';
import { HYPER_NAMES, type HyperName } from '../core/optim/catalog';
import { GRID_SCALES, type GridScale } from '../core/run/grid';
import { MAX_SWEEP_POINTS, runSweep, type SweepResult, sweepEntries, sweepGrid } from '../core/run/sweep';
import { type FlagDefs, parseFlags, reportFailure, UsageError, usage } from './args';
import { isNodeBackend, NODE_BACKENDS, nodeTaskEnv, setupNodeBackend } from './nodeBackend';
import { DEFAULT_BACKEND, type Io, RUN_FLAGS, rawSpecFromFlags } from './run';

export const SWEEP_FLAGS: FlagDefs = {
  task: RUN_FLAGS.task,
  option: RUN_FLAGS.option,
  start: RUN_FLAGS.start,
  opt: {
    kind: 'string',
    arg: '<id[:k=v,...]>',
    help: 'the optimizer to tune, e.g. adam:beta1=0.8 (default adam)',
  },
  param: { kind: 'string', arg: '<name>', help: 'the hyperparameter to vary (default lr)' },
  from: { kind: 'string', arg: '<x>', help: 'first grid value (default 1e-4)' },
  to: { kind: 'string', arg: '<x>', help: 'last grid value (default 1)' },
  points: { kind: 'string', arg: '<n>', help: `grid points, 1..${MAX_SWEEP_POINTS} (default 9)` },
  linear: { kind: 'boolean', help: 'evenly spaced grid (same as --scale linear)' },
  scale: {
    kind: 'string',
    arg: '<log|linear|log1m>',
    help: 'grid spacing: log (default; evenly spaced when from or to ≤ 0), linear, log1m (geometric in 1 − x, for β-like decay rates)',
  },
  steps: RUN_FLAGS.steps,
  seed: RUN_FLAGS.seed,
  seeds: RUN_FLAGS.seeds,
  backend: RUN_FLAGS.backend,
  every: RUN_FLAGS.every,
  json: {
    kind: 'boolean',
    help: 'print { param, points: [{ value, final: { mean, std }, diverged }], best }',
  },
  help: RUN_FLAGS.help,
};

const processIo: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

function numberFlag(name: string, v: unknown, def: number): number {
  if (v === undefined) return def;
  const x = Number(v);
  if (String(v).trim() === '' || !Number.isFinite(x))
    throw new UsageError(`--${name}: must be a number, got '${v}'`);
  return x;
}

function nullable(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** The --json document. */
export function sweepJson(r: SweepResult): unknown {
  return {
    param: r.param,
    points: r.points.map((p) => ({
      value: p.value,
      final: { mean: nullable(p.final.mean), std: nullable(p.final.std) },
      diverged: p.diverged,
    })),
    best: r.best,
  };
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return 'NaN';
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : x.toPrecision(4);
}

export function sweepTable(r: SweepResult, title: string): string {
  const rows = r.points.map((p) => [
    String(p.value),
    Number.isFinite(p.final.mean) ? `${fmt(p.final.mean)} ± ${fmt(p.final.std)}` : 'NaN',
    p.diverged ? 'yes' : 'no',
    p.value === r.best ? '← best' : '',
  ]);
  const header = [r.param, 'final loss (mean ± std)', 'diverged', ''];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((s, c) => s.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  const best = r.points.find((p) => p.value === r.best);
  return [
    title,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    best
      ? `best: ${r.param}=${best.value} (final loss ${fmt(best.final.mean)} ± ${fmt(best.final.std)})`
      : 'best: none (every point diverged)',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const flags = parseFlags(argv, SWEEP_FLAGS);
    if (flags.help) {
      io.out(usage('sweep', SWEEP_FLAGS));
      return 0;
    }
    const backend = (flags.backend as string | undefined) ?? DEFAULT_BACKEND;
    if (!isNodeBackend(backend)) {
      throw new UsageError(`--backend: unknown backend '${backend}'; valid: ${NODE_BACKENDS.join(', ')}`);
    }
    const param = (flags.param as string | undefined) ?? 'lr';
    if (!(HYPER_NAMES as readonly string[]).includes(param)) {
      throw new UsageError(`--param: unknown hyperparameter '${param}'; valid: ${HYPER_NAMES.join(', ')}`);
    }
    const raw = rawSpecFromFlags({ ...flags, opt: [(flags.opt as string | undefined) ?? 'adam'] });
    raw.backend = backend;
    const { spec, errors } = parseSpec(raw);
    if (errors.length > 0) throw new UsageError(errors.join('\n'));
    const scale = (flags.scale as string | undefined) ?? (flags.linear ? 'linear' : 'log');
    if (!(GRID_SCALES as readonly string[]).includes(scale)) {
      throw new UsageError(`--scale: unknown grid scale '${scale}'; valid: ${GRID_SCALES.join(', ')}`);
    }
    if (flags.linear && scale !== 'linear') throw new UsageError('--linear: conflicts with --scale');
    let values: number[];
    try {
      values = sweepGrid(
        numberFlag('from', flags.from, 1e-4),
        numberFlag('to', flags.to, 1),
        numberFlag('points', flags.points, 9),
        scale as GridScale,
      );
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message.replace(/^sweep: /, '--') : String(e));
    }
    const req = { spec, entry: spec.optimizers[0], param: param as HyperName, values };
    try {
      sweepEntries(req);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const every = numberFlag('every', flags.every, 50);
    await setupNodeBackend(backend);
    const result = await runSweep(req, nodeTaskEnv(), { every: Math.max(1, Math.floor(every)) });
    if (flags.json) io.out(`${JSON.stringify(sweepJson(result))}\n`);
    else {
      const n = spec.seeds ?? 1;
      const seeds = n > 1 ? `seeds ${spec.seed}–${spec.seed + n - 1}` : `seed ${spec.seed}`;
      const title =
        `sweep ${spec.optimizers[0].id} ${param} over ${values.length} points, task ${spec.task.id}, ` +
        `${spec.steps} steps, ${seeds}, backend ${backend}; final = mean of the last 10% of the loss curve`;
      io.out(sweepTable(result, title));
    }
    return 0;
  } catch (e) {
    return reportFailure('sweep', e, (t) => io.err(t));
  }
}
