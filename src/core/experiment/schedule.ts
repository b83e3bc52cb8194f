/**
 * Recorded hyperparameter edits: an optimizer entry's `schedule`, a list of events
 * `{ step: k, hyper: { lr: 0.001 } }`. Event k changes the named hyperparameters from the
 * update at step k on (the update that makes θ_{k+1}); the others keep their values. The
 * entry's `hyper` is the value at step 0. An edit made while a run is live is recorded as an
 * event at the step where it applied, so the spec (URL, exports, CLI) reproduces the curve.
 *
 * Validation (lenient, like schema.ts): steps are integers in [1, steps − 1], strictly
 * increasing; each event names at least one hyperparameter of the entry's optimizer, within
 * its range (checked merged over the values before it). Rejected events or fields are
 * dropped with a message naming them (`optimizers[0].schedule[1].step: ...`). Pure data.
 */
import { isLearnedKind, parseLearnedHyper } from '../learned/catalog';
import type { Hyper } from '../optim/catalog';
import { parseHyper } from '../optim/validate';

export interface HyperEvent {
  /** The first update that uses the new values (1 ≤ step < spec.steps). */
  step: number;
  /** The hyperparameters that change (a sparse record, merged over the earlier values). */
  hyper: Hyper;
}

/** Most events one spec may record, over all its entries (so that every valid spec's link fits). */
export const MAX_EVENTS = 64;

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function parseFor(id: string, h: unknown) {
  return isLearnedKind(id) ? parseLearnedHyper(id, h) : parseHyper(id, h);
}

/**
 * Validate an entry's raw schedule (steps are checked against the spec's steps later, by
 * checkScheduleSteps). `base` is the entry's validated step-0 hyperparameters.
 */
export function parseSchedule(
  id: string,
  base: Hyper,
  raw: unknown,
  where: string,
): { schedule: HyperEvent[]; errors: string[] } {
  const errors: string[] = [];
  const schedule: HyperEvent[] = [];
  if (!Array.isArray(raw))
    return { schedule, errors: [`${where}: must be a list of { step, hyper } events`] };
  if (raw.length > MAX_EVENTS)
    errors.push(`${where}: at most ${MAX_EVENTS} recorded edits; the rest were dropped`);
  let current: Hyper = { ...base };
  raw.slice(0, MAX_EVENTS).forEach((ev, i) => {
    const at = `${where}[${i}]`;
    if (!isRecord(ev)) {
      errors.push(`${at}: must be an object { step, hyper }`);
      return;
    }
    for (const key of Object.keys(ev))
      if (key !== 'step' && key !== 'hyper')
        errors.push(`${at}.${key.slice(0, 40)}: unknown field; valid: step, hyper`);
    const step = ev.step;
    const prev = schedule.at(-1)?.step ?? 0;
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 1) {
      errors.push(
        `${at}.step: must be an integer ≥ 1 (the first update that uses the new values); event dropped`,
      );
      return;
    }
    if (step <= prev) {
      errors.push(
        `${at}.step: ${step} must be greater than the previous event's step ${prev}; event dropped`,
      );
      return;
    }
    if (!isRecord(ev.hyper) || Object.keys(ev.hyper).length === 0) {
      errors.push(`${at}.hyper: must name at least one hyperparameter, e.g. { lr: 0.001 }; event dropped`);
      return;
    }
    const hyper: Hyper = {};
    for (const [k, v] of Object.entries(ev.hyper)) {
      const r = parseFor(id, { ...current, [k]: v });
      if (r.ok) hyper[k as keyof Hyper] = v as number;
      else for (const e of r.errors) errors.push(`${at}.hyper.${e}`);
    }
    if (Object.keys(hyper).length === 0) return;
    current = { ...current, ...hyper };
    schedule.push({ step, hyper });
  });
  return { schedule, errors };
}

/** Drop events at or past `steps` (they would never apply), with one message each. */
export function checkScheduleSteps(optimizers: { schedule?: HyperEvent[] }[], steps: number): string[] {
  const errors: string[] = [];
  optimizers.forEach((o, i) => {
    if (!o.schedule) return;
    const keep = o.schedule.filter((ev, j) => {
      if (ev.step < steps) return true;
      errors.push(
        `optimizers[${i}].schedule[${j}].step: ${ev.step} is out of range [1, ${steps - 1}] (steps is ${steps}); event dropped`,
      );
      return false;
    });
    if (keep.length > 0) o.schedule = keep;
    else delete o.schedule;
  });
  return errors;
}

/** Recorded edits in the whole spec. */
export function eventCount(optimizers: readonly { schedule?: readonly HyperEvent[] }[]): number {
  return optimizers.reduce((n, o) => n + (o.schedule?.length ?? 0), 0);
}

/** The hyperparameters in force at update `step` (base merged with every event ≤ step). */
export function hyperAt(base: Hyper, schedule: readonly HyperEvent[] | undefined, step: number): Hyper {
  let h: Hyper = { ...base };
  for (const ev of schedule ?? []) if (ev.step <= step) h = { ...h, ...ev.hyper };
  return h;
}

/** The values after every event (what a live run uses once all edits applied). */
export function finalHyper(base: Hyper, schedule: readonly HyperEvent[] | undefined): Hyper {
  return hyperAt(base, schedule, Number.POSITIVE_INFINITY);
}

/**
 * Record an edit at `step`: merged into an event already at that step, else inserted in order.
 * `patch` holds only the changed names. Step 0 edits the base instead. Returns new objects.
 */
export function recordEdit(
  base: Hyper,
  schedule: readonly HyperEvent[] | undefined,
  step: number,
  patch: Hyper,
): { hyper: Hyper; schedule?: HyperEvent[] } {
  const list = [...(schedule ?? [])];
  if (step <= 0) return { hyper: { ...base, ...patch }, ...(list.length > 0 ? { schedule: list } : {}) };
  const at = list.findIndex((ev) => ev.step >= step);
  if (at >= 0 && list[at].step === step) list[at] = { step, hyper: { ...list[at].hyper, ...patch } };
  else if (at < 0) list.push({ step, hyper: { ...patch } });
  else list.splice(at, 0, { step, hyper: { ...patch } });
  return { hyper: { ...base }, schedule: list };
}

/** "lr → 0.001" (several names joined by ", "), for chart marks and legends. */
export function describeEvent(ev: HyperEvent): string {
  return Object.entries(ev.hyper)
    .map(([k, v]) => `${k} → ${formatHyperValue(v as number)}`)
    .join(', ');
}

function formatHyperValue(v: number): string {
  return Number.isInteger(v) || Math.abs(v) >= 1e-3 ? String(Number(v.toPrecision(6))) : v.toExponential();
}
