/**
 * The fair-comparisons worker's logic (no DOM): picks a backend like the training worker, and
 * runs sweeps (core/run/sweep.ts) and presets (core/presets/run.ts), reporting progress.
 * One job at a time: a new call waits for the previous one.
 */
import { selectBackend } from '../backend/select';
import type { BackendInfo } from '../backend/types';
import type { BackendPref, ExperimentSpec } from '../experiment/schema';
import { presetById } from '../presets/catalog';
import { presetSpecs, runPreset } from '../presets/run';
import type { PresetResult } from '../presets/types';
import { seedsOf } from '../run/seeds';
import { tuneAdam } from '../run/speedup';
import { runSweep } from '../run/sweep';
import type { TaskEnv } from '../tasks/registry';
import type { FairApi, Progress, SweepCall, SweepReply } from './fairProtocol';

export class FairSession implements Omit<FairApi, 'putCsv'> {
  private backend: Promise<BackendInfo> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly env: TaskEnv) {}

  private one<T>(f: () => Promise<T>): Promise<T> {
    const next = this.queue.then(f, f);
    this.queue = next.catch(() => undefined);
    return next;
  }

  setBackend(pref: BackendPref): Promise<BackendInfo> {
    this.backend = this.one(() => selectBackend(pref));
    return this.backend;
  }

  private async ready(): Promise<void> {
    if (!this.backend) this.backend = selectBackend('auto');
    await this.backend;
  }

  sweep(call: SweepCall, onProgress: Progress): Promise<SweepReply> {
    return this.one(async () => {
      await this.ready();
      const entry = call.spec.optimizers[call.index];
      if (!entry) throw new Error(`sweep: no optimizer #${call.index + 1}`);
      const steps = call.spec.steps;
      const r = await runSweep({ spec: call.spec, entry, param: call.param, values: call.values }, this.env, {
        every: Math.max(1, Math.round(steps / 20)),
        onProgress: (step) => onProgress(step / steps, `step ${step} / ${steps}`),
      });
      return { param: r.param, points: r.points, best: r.best };
    });
  }

  tuneAdam(
    spec: ExperimentSpec,
    onProgress: Progress,
  ): Promise<{ lr: number; curve: Float32Array; steps: number }> {
    return this.one(async () => {
      await this.ready();
      onProgress(0, 'tuning Adam');
      const t = await tuneAdam({ ...spec, optimizers: [] }, this.env, {
        every: Math.max(1, Math.round(spec.steps / 10)),
      });
      onProgress(1, '');
      return { lr: t.lr, curve: t.curve, steps: t.steps };
    });
  }

  preset(id: string, onProgress: Progress): Promise<PresetResult> {
    return this.one(async () => {
      await this.ready();
      const preset = presetById(id);
      if (!preset) throw new Error(`preset: unknown preset '${id}'`);
      const specs = presetSpecs(preset);
      const total = specs.reduce((n, s) => n + s.steps * seedsOf(s).length, 0);
      const before = specs.map((_, e) =>
        specs.slice(0, e).reduce((n, s) => n + s.steps * seedsOf(s).length, 0),
      );
      return runPreset(preset, this.env, {
        onProgress: (p) => {
          const done = before[p.experiment] + (p.seed - specs[p.experiment].seed) * p.steps + p.step;
          onProgress(
            done / total,
            `experiment ${p.experiment + 1}/${specs.length}, seed ${p.seed}, step ${p.step}`,
          );
        },
      });
    });
  }
}
