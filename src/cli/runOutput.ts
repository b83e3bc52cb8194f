/** Output of `cli run`: one JSON document, or a readable table. */
import { OPTIMIZERS, type OptimizerId } from '../core/optim/catalog';
import { isOptimizerId } from '../core/optim/validate';
import type { SpecResult } from './runSpec';

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
        probes,
      };
    }),
    tensors: r.tensors,
    timing: { setupMs: Math.round(r.setupMs), runMs: Math.round(r.runMs) },
  };
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
  const header = [
    'optimizer',
    'hyper',
    'final loss',
    'best loss',
    'best at',
    ...(hasEval ? ['eval loss'] : []),
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
      fmt(run.losses[run.losses.length - 1]),
      bestAt >= 0 ? fmt(best) : '-',
      bestAt >= 0 ? String(bestAt) : '-',
      ...(hasEval ? [fmt(run.evalLoss)] : []),
      run.diverged ? `yes (step ${run.divergedAt})` : 'no',
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
  return [
    `task ${spec.task.id} (${opts}), ${spec.steps} steps, seed ${spec.seed}, backend ${r.backend}, ` +
      `${(r.runMs / 1000).toFixed(2)} s (${msPerStep.toFixed(2)} ms/step for ${r.runs.length} runs; setup ${Math.round(r.setupMs)} ms)`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
  ].join('\n');
}
