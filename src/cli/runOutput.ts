/** Output of `cli run`: one JSON document, or a readable table. */
import { OPTIMIZERS, type OptimizerId } from '../core/optim/catalog';
import { isOptimizerId } from '../core/optim/validate';
import { meanStd } from '../core/run/stats';
import type { RunResult, SpecResult } from './runSpec';

/** A float32 value as the shortest decimal that round-trips (null for NaN/±Inf: JSON has none). */
function num(v: number): number | null {
  if (!Number.isFinite(v)) return null;
  for (let p = 1; p < 9; p++) {
    const short = Number(v.toPrecision(p));
    if (Math.fround(short) === v) return short;
  }
  return Number(v.toPrecision(9));
}

function list(a: Float32Array): (number | null)[] {
  return Array.from(a, num);
}

/** The JSON document: { backend, task, steps, seed, runs: [...], tensors, timing }. */
export function toJson(r: SpecResult): unknown {
  return {
    backend: r.backend,
    task: r.spec.task,
    steps: r.spec.steps,
    seed: r.spec.seed,
    seeds: r.runs[0]?.seeds.length ?? 1,
    ...(r.evalSteps.length > 0 ? { evalSteps: r.evalSteps } : {}),
    runs: r.runs.map((run) => {
      const traj = run.trajectory;
      const probes: Record<string, (number | null)[] | (number | null)[][]> = {};
      for (const [name, p] of Object.entries(run.probes)) {
        const rows = p.values.length / p.width;
        probes[name] =
          p.width === 1
            ? list(p.values)
            : Array.from({ length: rows }, (_, k) => list(p.values.subarray(k * p.width, (k + 1) * p.width)));
      }
      return {
        optimizer: run.optimizer,
        ...(run.label ? { label: run.label } : {}),
        hyper: run.hyper,
        losses: list(run.losses),
        ...(traj
          ? {
              trajectory: Array.from({ length: traj.length / 2 }, (_, k) => [
                num(traj[2 * k]),
                num(traj[2 * k + 1]),
              ]),
            }
          : {}),
        diverged: run.diverged,
        ...(run.divergedAt !== undefined ? { divergedAt: run.divergedAt } : {}),
        ...(run.evalLoss !== null ? { evalLoss: num(run.evalLoss) } : {}),
        ...(run.evalAccuracy !== null ? { evalAccuracy: num(run.evalAccuracy) } : {}),
        ...(run.speedupOverAdam !== undefined ? { speedupOverAdam: num(run.speedupOverAdam) } : {}),
        ...(run.speedupAtLeast ? { speedupAtLeast: true } : {}),
        probes,
        seeds: run.seeds.map((sr) => ({
          seed: sr.seed,
          losses: list(sr.losses),
          ...(sr.evalLosses ? { evalLosses: sr.evalLosses.map(num) } : {}),
          ...(sr.evalAccuracies ? { evalAccuracies: sr.evalAccuracies.map(num) } : {}),
          diverged: sr.diverged,
        })),
      };
    }),
    tensors: r.tensors,
    timing: { setupMs: Math.round(r.setupMs), runMs: Math.round(r.runMs) },
  };
}

/** A value over seeds: "mean ± std" with several seeds, else the value. */
function fmtSeeds(xs: number[]): string {
  if (xs.length === 1) return fmt(xs[0]);
  const m = meanStd(xs);
  return Number.isFinite(m.mean) ? `${fmt(m.mean)} ± ${fmt(m.std)}` : 'NaN';
}

/** Each seed's final held-out metric, when measured. */
function lastOf(run: RunResult, key: 'evalLosses' | 'evalAccuracies'): number[] | null {
  const xs = run.seeds.map((sr) => sr[key]?.at(-1));
  return xs.every((x) => x !== undefined) ? (xs as number[]) : null;
}

function fmt(v: number | null): string {
  if (v === null) return '-';
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toPrecision(4);
}

/** Hyperparameters that differ from the optimizer's defaults, as k=v (or "defaults"). */
function hyperText(id: string, hyper: Record<string, number | undefined>): string {
  const defaults = isOptimizerId(id)
    ? (OPTIMIZERS[id as OptimizerId].defaults as Record<string, number>)
    : {};
  const set = Object.entries(hyper).filter(([k, v]) => v !== defaults[k]);
  return set.length ? set.map(([k, v]) => `${k}=${v}`).join(',') : 'defaults';
}

export function toTable(r: SpecResult): string {
  const { spec } = r;
  const hasEval = r.runs.some((run) => run.evalLoss !== null);
  const hasAcc = r.runs.some((run) => run.evalAccuracy !== null);
  const hasSpeedup = r.runs.some((run) => run.speedupOverAdam !== undefined);
  const nSeeds = r.runs[0]?.seeds.length ?? 1;
  const header = [
    'optimizer',
    'hyper',
    nSeeds > 1 ? 'final loss (mean ± std)' : 'final loss',
    'best loss',
    'best at',
    ...(hasEval ? ['eval loss'] : []),
    ...(hasAcc ? ['eval acc'] : []),
    ...(hasSpeedup ? ['speedup vs Adam'] : []),
    'diverged',
  ];
  const rows = r.runs.map((run) => {
    let best = Number.POSITIVE_INFINITY;
    let bestAt = -1;
    run.losses.forEach((v, k) => {
      if (v < best) {
        best = v;
        bestAt = k;
      }
    });
    return [
      run.label ?? run.optimizer,
      hyperText(run.optimizer, run.hyper),
      fmtSeeds(run.seeds.map((sr) => sr.losses[sr.losses.length - 1])),
      bestAt >= 0 ? fmt(best) : '-',
      bestAt >= 0 ? String(bestAt) : '-',
      ...(hasEval ? [evalCell(lastOf(run, 'evalLosses'))] : []),
      ...(hasAcc ? [evalCell(lastOf(run, 'evalAccuracies'))] : []),
      ...(hasSpeedup ? [speedupCell(run)] : []),
      divergedCell(run),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((s, c) => s.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  const opts = Object.entries(spec.task.options)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const msPerStep = r.runMs / spec.steps;
  const seedText = nSeeds > 1 ? `seeds ${spec.seed}–${spec.seed + nSeeds - 1}` : `seed ${spec.seed}`;
  return [
    `task ${spec.task.id} (${opts}), ${spec.steps} steps, ${seedText}, backend ${r.backend}, ` +
      `${(r.runMs / 1000).toFixed(2)} s (${msPerStep.toFixed(2)} ms/step for ${r.runs.length} runs; setup ${Math.round(r.setupMs)} ms)`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
  ].join('\n');
}

function evalCell(xs: number[] | null): string {
  return xs ? fmtSeeds(xs) : '-';
}

function divergedCell(run: RunResult): string {
  if (!run.diverged) return 'no';
  const n = run.seeds.filter((sr) => sr.diverged).length;
  const of = run.seeds.length > 1 ? `, ${n}/${run.seeds.length} seeds` : '';
  return `yes (step ${run.divergedAt}${of})`;
}

function speedupCell(run: RunResult): string {
  if (run.speedupOverAdam === undefined) return '-';
  return `${run.speedupAtLeast ? '≥ ' : ''}${run.speedupOverAdam.toPrecision(3)}×`;
}
