/**
 * The runner's side of recorded hyperparameter edits (experiment/schedule.ts): schedule
 * events applied at exactly their step, and live edits recorded as events where they apply.
 * Also the held-out metric of every run (evalRuns), kept here to keep runner.ts small.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '../experiment/errors';
import { eventCount, MAX_EVENTS, recordEdit } from '../experiment/schedule';
import type { OptimizerEntry } from '../experiment/schema';
import type { Hyper } from '../optim/catalog';
import { completeHyper } from './rules';

/** What a run keeps about its hyperparameters. */
export interface EditableRun {
  index: number;
  /** Complete hyperparameters the rule receives. */
  hp: Hyper;
  /** The explicit (sparse) hyperparameters in force; `hp` is them completed. */
  explicit: Hyper;
  /** Index of the next schedule event of its entry to apply. */
  nextEvent: number;
}

/** Apply the entry's events that start at update `step` (or before, not yet applied). */
export function applySchedule(run: EditableRun, entry: OptimizerEntry, step: number): void {
  const events = entry.schedule ?? [];
  let changed = false;
  while (run.nextEvent < events.length && events[run.nextEvent].step <= step) {
    run.explicit = { ...run.explicit, ...events[run.nextEvent].hyper };
    run.nextEvent++;
    changed = true;
  }
  if (changed) run.hp = completeHyper(entry.id, run.explicit, `optimizers[${run.index}].schedule`);
}

/**
 * A live edit before update `step`: at step 0 it replaces the entry's starting values, later it
 * is recorded as an event at `step` holding the names that changed. Throws (InputError) on a
 * value out of range or when the spec already holds MAX_EVENTS events.
 */
export function liveEdit(run: EditableRun, all: OptimizerEntry[], hyper: Hyper, step: number): void {
  const entry = all[run.index];
  const hp = completeHyper(entry.id, hyper, `optimizers[${run.index}].hyper`);
  const patch: Hyper = {};
  for (const [k, v] of Object.entries(hyper) as [keyof Hyper, number][])
    if (!Object.is(run.explicit[k], v)) patch[k] = v;
  if (step === 0) entry.hyper = { ...hyper };
  else if (Object.keys(patch).length > 0) {
    const rec = recordEdit(entry.hyper, entry.schedule, step, patch);
    const schedule = rec.schedule ?? [];
    if (schedule.length > (entry.schedule?.length ?? 0) && eventCount(all) >= MAX_EVENTS)
      throw new InputError(
        `optimizers[${run.index}]: at most ${MAX_EVENTS} recorded mid-run edits per experiment; reset the run to edit further`,
      );
    entry.schedule = schedule;
    // The events up to this one have applied.
    const next = schedule.findIndex((ev) => ev.step > step);
    run.nextEvent = next < 0 ? schedule.length : next;
  }
  run.hp = hp;
  run.explicit = { ...hyper };
}

/** A metric of every run's params in one readback (null without a metric; NaN for diverged runs). */
export async function evalRuns(
  runs: readonly { index: number; params: Tensor[]; diverged: boolean }[],
  metric: ((params: Tensor[]) => Tensor) | undefined,
): Promise<(number | null)[]> {
  if (!metric) return runs.map(() => null);
  const live = runs.filter((r) => !r.diverged);
  if (live.length === 0) return runs.map(() => Number.NaN);
  const stacked = tf.tidy(() => tf.stack(live.map((r) => metric(r.params))));
  const values = await stacked.data();
  stacked.dispose();
  const out: (number | null)[] = runs.map(() => Number.NaN);
  live.forEach((r, i) => {
    out[r.index] = values[i];
  });
  return out;
}
