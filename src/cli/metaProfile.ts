/**
 * `npm run --silent cli -- meta-train profile --kind rnnprop --path lean --backend wasm`: where a
 * meta-training unroll spends its time (docs/meta-training-profile.md).
 * Runs `--warmup` meta-iterations (default 1), then `--unrolls` timed ones (default 3; the
 * median is reported), then ONE more under tf.profile, and prints per kernel kind: calls per
 * optimizee step, ms per step, share of the profiled wall time, and MB allocated per step;
 * plus the tensors allocated per step, the peak bytes, and the wasm heap size. The recipe is
 * the kind's default (MNIST MLP, sigmoid, batch 128, unroll 20; VHAdam 10) unless flags say
 * otherwise. Kernel times come from the backend's timer (wall time around each kernel on
 * wasm/cpu); kernels run inside a custom-gradient node are counted once, under their own name.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defaultRecipe, parseRecipe } from '../core/learned/catalog';
import { fusedDispatches } from '../core/meta/fused/dispatchCount';
import { LEAN_KINDS, type LeanKind } from '../core/meta/lean/wrap';
import { MetaTrainer } from '../core/meta/trainer';
import { pathInUse, pathLabel } from '../core/meta/unrollPath';
import type { TaskEnv } from '../core/tasks/registry';
import { type FlagDefs, parseFlags, UsageError, usage } from './args';
import { countGpuDispatches } from './gpuDispatches';
import { META_BACKENDS, setupMetaBackend } from './metaBackend';

const FLAGS: FlagDefs = {
  kind: { kind: 'string', arg: '<id>', help: `learned optimizer: ${LEAN_KINDS.join(', ')}` },
  path: {
    kind: 'string',
    arg: '<autodiff|lean|fused>',
    help: 'unroll implementation (default autodiff; fused: WGSL nodes, needs --backend webgpu, else runs lean)',
  },
  unroll: { kind: 'string', arg: '<n>', help: "steps per unroll (default: the kind's recipe)" },
  unrolls: { kind: 'string', arg: '<n>', help: 'timed unrolls (default 3)' },
  warmup: { kind: 'string', arg: '<n>', help: 'untimed unrolls first (default 1)' },
  backend: { kind: 'string', arg: '<name>', help: `${META_BACKENDS.join(', ')} (default wasm)` },
  json: { kind: 'boolean', help: 'print one JSON document instead of the table' },
  help: { kind: 'boolean', help: 'this text' },
};

function int(flags: Record<string, unknown>, name: string, def: number, min: number): number {
  const v = flags[name];
  if (v === undefined) return def;
  const x = Number(v);
  if (!Number.isInteger(x) || x < min)
    throw new UsageError(`--${name}: must be an integer ≥ ${min}; got '${v}'`);
  return x;
}

export interface KernelRow {
  kernel: string;
  callsPerStep: number;
  msPerStep: number;
  share: number;
  mbPerStep: number;
}

/** Aggregate tf.profile kernels by registered kernel name (custom-gradient wrappers skipped). */
export function kernelTable(
  info: Awaited<ReturnType<typeof tf.profile>>,
  steps: number,
  wallMs: number,
  backend: string,
): KernelRow[] {
  const by = new Map<string, { calls: number; ms: number; bytes: number }>();
  for (const k of info.kernels) {
    if (!tf.getKernel(k.name, backend)) continue;
    const r = by.get(k.name) ?? { calls: 0, ms: 0, bytes: 0 };
    r.calls++;
    r.ms += Number(k.kernelTimeMs) || 0;
    r.bytes += k.outputShapes.reduce((s: number, sh: number[]) => s + 4 * sh.reduce((a, c) => a * c, 1), 0);
    by.set(k.name, r);
  }
  return [...by.entries()]
    .map(([kernel, r]) => ({
      kernel,
      callsPerStep: r.calls / steps,
      msPerStep: r.ms / steps,
      share: r.ms / wallMs,
      mbPerStep: r.bytes / steps / 2 ** 20,
    }))
    .sort((a, b) => b.msPerStep - a.msPerStep);
}

function wasmHeapBytes(): number | null {
  const b = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return b.wasm?.HEAPU8?.byteLength ?? null;
}

export async function main(argv: string[], env: TaskEnv): Promise<number> {
  const flags = parseFlags(argv, FLAGS);
  if (flags.help) {
    process.stdout.write(usage('meta-train profile', FLAGS));
    return 0;
  }
  const kind = (flags.kind as string | undefined) ?? 'rnnprop';
  if (!(LEAN_KINDS as readonly string[]).includes(kind))
    throw new UsageError(`--kind: must be one of ${LEAN_KINDS.join(', ')}; got '${kind}'`);
  const b = (flags.backend as string | undefined) ?? 'wasm';
  if (!(META_BACKENDS as readonly string[]).includes(b))
    throw new UsageError(`--backend: must be one of ${META_BACKENDS.join(', ')}; got '${b}'`);
  const unrolls = int(flags, 'unrolls', 3, 1);
  const warmup = int(flags, 'warmup', 1, 0);
  const base = defaultRecipe(kind as LeanKind);
  const parsed = parseRecipe({
    ...base,
    path: (flags.path as string | undefined) ?? 'autodiff',
    unroll: int(flags, 'unroll', base.unroll, 1),
    iterations: warmup + unrolls + 1,
  });
  if (!parsed.ok) throw new UsageError(parsed.errors.join('; '));
  const recipe = parsed.value;
  const backend = await setupMetaBackend(b);
  const used = pathInUse(recipe.path, backend);
  const dispatches = countGpuDispatches(); // webgpu: every compute dispatch (null elsewhere)
  const trainer = await MetaTrainer.create(recipe, env);
  try {
    for (let i = 0; i < warmup; i++) await trainer.iterate();
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < unrolls; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await trainer.iterate();
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      times.push(performance.now() - t0);
    }
    cpu.sort((a, c) => a - c);
    const cpuMedian = cpu[Math.floor(cpu.length / 2)];
    times.sort((a, c) => a - c);
    const median = times[Math.floor(times.length / 2)];
    const t0 = performance.now();
    const d0 = dispatches?.() ?? 0;
    const f0 = fusedDispatches();
    const info = await tf.profile(async () => {
      await trainer.iterate();
    });
    const wallMs = performance.now() - t0;
    const steps = recipe.unroll;
    const dispatchesPerStep = dispatches ? (dispatches() - d0) / steps : null;
    const fusedPerStep = (fusedDispatches() - f0) / steps;
    const rows = kernelTable(info, steps, wallMs, backend);
    const kernelMs = rows.reduce((s, r) => s + r.msPerStep * steps, 0);
    const tensorsPerStep = rows.reduce((s, r) => s + r.callsPerStep, 0);
    const mbPerStep = rows.reduce((s, r) => s + r.mbPerStep, 0);
    const summary = {
      kind,
      path: recipe.path,
      pathRunning: used.running,
      backend,
      gpuDispatchesPerStep: dispatchesPerStep,
      fusedNodeDispatchesPerStep: fusedPerStep,
      unroll: steps,
      medianUnrollMs: median,
      unrollsPerSec: 1000 / median,
      medianUnrollCpuMs: cpuMedian,
      profiledWallMs: wallMs,
      kernelShare: kernelMs / wallMs,
      kernelCallsPerStep: tensorsPerStep,
      mbAllocatedPerStep: mbPerStep,
      peakMB: info.peakBytes / 2 ** 20,
      wasmHeapMB: (wasmHeapBytes() ?? 0) / 2 ** 20,
    };
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ ...summary, kernels: rows })}\n`);
      return 0;
    }
    const f = (x: number, d = 1) => x.toFixed(d);
    process.stdout.write(
      (used.note ? `note: ${used.note}\n` : '') +
        `${kind} · path ${pathLabel(used)} · ${backend} · unroll ${steps}: median ${f(median, 0)} ms/unroll ` +
        `(${f(summary.unrollsPerSec, 3)} unrolls/s; ${times.map((t) => f(t, 0)).join(', ')} ms); ` +
        `CPU ${f(cpuMedian, 0)} ms/unroll (process time: robust to other load on the machine)\n` +
        `profiled unroll ${f(wallMs, 0)} ms, kernels ${f(100 * summary.kernelShare)}% of it; ` +
        `${f(tensorsPerStep, 0)} kernel calls (tensors) and ${f(mbPerStep)} MB allocated per step; ` +
        `peak ${f(summary.peakMB, 0)} MB tracked, wasm heap ${f(summary.wasmHeapMB, 0)} MB\n` +
        (dispatchesPerStep === null
          ? ''
          : `GPU compute dispatches per optimizee step: ${f(dispatchesPerStep)} (fused LSTM-cell nodes: ${f(fusedPerStep)})\n`) +
        '\n' +
        '| kernel | calls/step | ms/step | share | MB/step |\n|---|---|---|---|---|\n',
    );
    for (const r of rows.filter((x) => x.share >= 0.005))
      process.stdout.write(
        `| ${r.kernel} | ${f(r.callsPerStep)} | ${f(r.msPerStep, 2)} | ${f(100 * r.share)}% | ${f(r.mbPerStep)} |\n`,
      );
    return 0;
  } finally {
    trainer.dispose();
  }
}
