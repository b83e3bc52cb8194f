/**
 * Run a paper preset headless (CLI `preset run`, and the UI's preset worker): every experiment,
 * every seed, then each row's metric per seed (mean ± std) and the verdict (verdict.ts).
 * Seeds run one at a time (SeedRunner of one seed each) so every seed's probes are kept.
 * Rows measuring speedup over tuned Adam tune Adam once per experiment (run/speedup.ts) over
 * the experiment's seeds; `adamCache` shares that sweep between presets with the same task,
 * steps, seeds and backend.
 */
import type { ExperimentSpec } from '../experiment/schema';
import { specFromQuery } from '../experiment/url';
import { SeedRunner, seedsOf } from '../run/seeds';
import { speedupOverAdam, type TunedAdam, tuneAdam } from '../run/speedup';
import { finalOfCurve, meanStd } from '../run/stats';
import type { TaskEnv } from '../tasks/registry';
import type { MeasuredRow, Metric, Preset, PresetResult } from './types';
import { judge } from './verdict';

/** One optimizer's run at one seed. */
interface SeedRun {
  losses: Float32Array;
  probes: Record<string, Float32Array>;
  evalAccuracy: number;
}

export interface PresetProgress {
  experiment: number;
  seed: number;
  step: number;
  steps: number;
}

/** The experiment specs of a preset (validated; a broken query is a bug and throws). */
export function presetSpecs(preset: Preset): ExperimentSpec[] {
  return preset.experiments.map((e, i) => {
    const { spec, errors } = specFromQuery(e.query);
    if (errors.length > 0) throw new Error(`preset ${preset.id}, experiment ${i}: ${errors.join('; ')}`);
    return spec;
  });
}

async function runSeed(spec: ExperimentSpec, env: TaskEnv, withEval: boolean, onStep: (s: number) => void) {
  const runner = await SeedRunner.create(spec, env);
  const n = spec.steps + 1;
  const out: SeedRun[] = spec.optimizers.map(() => ({
    losses: new Float32Array(n).fill(Number.NaN),
    probes: {},
    evalAccuracy: Number.NaN,
  }));
  try {
    while (!runner.done) {
      const frame = await runner.advance(100);
      for (const rf of frame.runs) {
        const r = out[rf.index];
        r.losses.set(rf.losses, frame.fromStep);
        for (const [name, p] of Object.entries(rf.probes)) {
          if (p.width !== 1) continue;
          r.probes[name] ??= new Float32Array(n).fill(Number.NaN);
          r.probes[name].set(p.values, frame.fromStep);
        }
      }
      onStep(runner.step);
    }
    if (withEval) {
      const ev = await runner.evaluate();
      ev?.accuracy?.forEach((a, i) => {
        out[i].evalAccuracy = a[0];
      });
    }
  } finally {
    runner.dispose();
  }
  return out;
}

/** Mean of the `window` losses ending at `step` (NaN if any is not finite). */
function finalOfWindow(losses: Float32Array, step: number, window: number): number {
  const part = losses.subarray(Math.max(0, step - window + 1), step + 1);
  return meanStd(part).mean;
}

/** Tuned Adam for one experiment and the index of a seed in its sweep. */
interface AdamAt {
  adam: TunedAdam;
  seed: number;
}

function metricOf(m: Metric, runs: SeedRun[], optimizer: number, adam?: AdamAt): number {
  const r = runs[optimizer];
  switch (m.kind) {
    case 'speedup':
      return adam ? (speedupOverAdam(r.losses, adam.adam)?.value ?? Number.NaN) : Number.NaN;
    case 'tunedAdamFinal': {
      if (!adam) return Number.NaN;
      const best = adam.adam.sweep.points.findIndex((p) => p.value === adam.adam.lr);
      return finalOfCurve(adam.adam.sweep.seedCurves[best]?.[adam.seed] ?? []);
    }
    case 'final':
      return finalOfCurve(r.losses);
    case 'lossAt':
      return finalOfWindow(r.losses, m.step, m.window);
    case 'probeRatio':
      return (
        (r.probes[m.probe]?.[m.step] ?? Number.NaN) / (runs[m.over].probes[m.probe]?.[m.step] ?? Number.NaN)
      );
    case 'evalAccuracy':
      return r.evalAccuracy;
  }
}

/** Tuned-Adam sweeps by experiment (task, steps, seeds, backend), shared between presets. */
export type AdamCache = Map<string, Promise<TunedAdam>>;

const ADAM_METRICS = new Set<Metric['kind']>(['speedup', 'tunedAdamFinal']);

function tunedAdamFor(spec: ExperimentSpec, env: TaskEnv, cache: AdamCache): Promise<TunedAdam> {
  const key = JSON.stringify([spec.task, spec.steps, spec.seed, spec.seeds ?? 1, spec.backend, spec.fused]);
  let t = cache.get(key);
  if (!t) {
    t = tuneAdam({ ...spec, optimizers: [] }, env, { every: Math.max(1, Math.round(spec.steps / 10)) });
    cache.set(key, t);
  }
  return t;
}

/** Run every experiment of the preset and judge it. `overrides` (e.g. backend) apply to every spec. */
export async function runPreset(
  preset: Preset,
  env: TaskEnv,
  opts: {
    onProgress?: (p: PresetProgress) => void;
    overrides?: Partial<ExperimentSpec>;
    adamCache?: AdamCache;
  } = {},
): Promise<PresetResult> {
  const specs = presetSpecs(preset).map((s) => ({ ...s, ...opts.overrides }));
  const withEval = preset.rows.some((r) => r.metric.kind === 'evalAccuracy');
  const perSeed: number[][] = preset.rows.map(() => []);
  const cache = opts.adamCache ?? new Map();
  for (const [e, spec] of specs.entries()) {
    const needsAdam = preset.rows.some((r) => r.experiment === e && ADAM_METRICS.has(r.metric.kind));
    const adam = needsAdam ? await tunedAdamFor(spec, env, cache) : undefined;
    for (const [s, seed] of seedsOf(spec).entries()) {
      const one: ExperimentSpec = { ...spec, seed };
      delete one.seeds;
      const runs = await runSeed(one, env, withEval, (step) =>
        opts.onProgress?.({ experiment: e, seed, step, steps: spec.steps }),
      );
      preset.rows.forEach((row, i) => {
        if (row.experiment === e)
          perSeed[i].push(metricOf(row.metric, runs, row.optimizer, adam && { adam, seed: s }));
      });
    }
  }
  const rows: MeasuredRow[] = preset.rows.map((row, i) => ({
    label: row.label,
    ...meanStd(perSeed[i]),
    seeds: perSeed[i],
    ...(row.paper !== undefined ? { paper: row.paper } : {}),
  }));
  return judge(preset, rows);
}
