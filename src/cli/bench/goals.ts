/** The bench's goal lines (issue targets), from one run's records. */
import type { OptimizerId } from '../../core/optim/catalog';
import type { BenchRecord } from '../bench';
import type { LearnedRecord, MetaRecord } from './learned';

function learnedGoal(learned: LearnedRecord[]): string {
  const at = (rule: string, mode: string, backend: string) =>
    learned.find((r) => r.rule === rule && r.mode === mode && r.backend === backend && r.size === 1e5);
  const parts: string[] = [];
  let fusedRatio: number | null = null;
  for (const backend of [...new Set(learned.map((r) => r.backend))]) {
    for (const mode of ['fused', 'plain']) {
      const r = at('rnnprop', mode, backend);
      const a = at('adam', mode, backend);
      if (!r || !a) continue;
      const x = r.msPerStep / a.msPerStep;
      if (backend === 'webgpu' && mode === 'fused') fusedRatio = x;
      parts.push(`${backend} ${mode} ${x.toFixed(2)}×`);
    }
  }
  if (parts.length === 0)
    return 'learned (RNNprop) step vs Adam step at 1e5 (goal ≤ 8×): n/a (not measured at 1e5)';
  const verdict =
    fusedRatio === null
      ? 'goal applies to fused WebGPU kernels: no fused learned kernel measured'
      : fusedRatio <= 8
        ? 'met (webgpu fused)'
        : 'NOT met (webgpu fused)';
  return `learned (RNNprop) step vs Adam step at 1e5 (goal ≤ 8×): ${parts.join(', ')} → ${verdict}`;
}

function metaGoal(meta: MetaRecord[]): string {
  if (meta.length === 0) return 'meta-iterations per minute: n/a (not measured)';
  return `meta-iterations per minute (dm-quadratic, unroll ${meta[0].unroll}): ${meta
    .map((m) => `${m.kind}@${m.backend} ${m.itersPerMinute.toFixed(0)}`)
    .join(', ')}`;
}

export function goals(records: BenchRecord[], learned: LearnedRecord[], meta: MetaRecord[]): string[] {
  const at = (mode: BenchRecord['mode'], size: number, rule: OptimizerId) =>
    records.find((r) => r.backend === 'webgpu' && r.mode === mode && r.size === size && r.rule === rule);
  const lines: string[] = [];
  const big = Math.max(...records.map((r) => r.size));
  const ratios = [...new Set(records.map((r) => r.rule))]
    .map((rule) => {
      const f = at('fused', big, rule);
      const p = at('plain', big, rule);
      return f && p ? p.msPerStep / f.msPerStep : null;
    })
    .filter((x): x is number => x !== null);
  if (ratios.length > 0) {
    const min = Math.min(...ratios);
    const tag = big >= 1e6 ? '' : ` (measured at n=${big.toExponential(0)}, not 1e6)`;
    lines.push(
      `goal: fused ≥ 3× faster than plain ops at 1e6 on WebGPU${tag}: min ${min.toFixed(2)}×, ` +
        `median ${ratios.sort((a, b) => a - b)[Math.floor(ratios.length / 2)].toFixed(2)}× → ${min >= 3 ? 'met' : 'NOT met'}`,
    );
  } else {
    lines.push('goal: fused ≥ 3× plain ops at 1e6 on WebGPU: n/a (no WebGPU measurements)');
  }
  lines.push(...hostGoals(records));
  lines.push(learnedGoal(learned));
  lines.push(metaGoal(meta));
  return lines;
}

/** Fused wasm (and cpu) step vs the plain-loop floor at the largest size (goal: wasm ≤ 1.2×). */
function hostGoals(records: BenchRecord[]): string[] {
  const lines: string[] = [];
  for (const backend of ['wasm', 'cpu'] as const) {
    const mine = records.filter((r) => r.backend === backend);
    if (mine.length === 0) continue;
    const big = Math.max(...mine.map((r) => r.size));
    const at = (mode: BenchRecord['mode'], rule: OptimizerId) =>
      mine.find((r) => r.mode === mode && r.size === big && r.rule === rule);
    const parts: string[] = [];
    let worst = 0;
    for (const rule of [...new Set(mine.map((r) => r.rule))]) {
      const f = at('fused', rule);
      const l = at('loop', rule);
      if (!f || !l) continue;
      const x = f.msPerStep / l.msPerStep;
      worst = Math.max(worst, x);
      parts.push(`${rule} ${x.toFixed(2)}×`);
    }
    if (parts.length === 0) continue;
    const goal = backend === 'wasm' ? ` (goal ≤ 1.2×: ${worst <= 1.2 ? 'met' : 'NOT met'})` : '';
    lines.push(`fused ${backend} / loop floor at n=${big.toExponential(0)}${goal}: ${parts.join(', ')}`);
  }
  return lines;
}
