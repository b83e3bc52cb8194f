/**
 * Random valid ExperimentSpecs for property tests, from the seeded rng. Catalog-driven: every
 * generated value is checked with the same validators the app uses, so a catalog change keeps
 * the generator valid (a value that does not validate falls back to the default).
 */

import type { Rng } from '../../src/core/experiment/rng';
import { type HyperEvent, parseSchedule } from '../../src/core/experiment/schedule';
import {
  BACKENDS,
  type ExperimentSpec,
  knownOptimizerIds,
  MAX_OPTIMIZERS,
  MAX_STEPS,
  type OptimizerEntry,
  parseOptimizerEntry,
  SPEC_VERSION,
} from '../../src/core/experiment/schema';
import {
  HYPER_SPECS,
  type Hyper,
  type HyperName,
  hyperNamesOf,
  OPTIMIZER_IDS,
} from '../../src/core/optim/catalog';
import {
  ACTIVATIONS,
  defaultTaskOptions,
  parseTaskOptions,
  TASK_IDS,
  type TaskOptions,
} from '../../src/core/tasks/catalog';

export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

/** A double with a random number of significant digits (1–17), so formatting is exercised. */
export function randomDigits(rng: Rng, x: number): number {
  const p = 1 + rng.int(17);
  return Number(x.toPrecision(p));
}

function randomHyper(rng: Rng, name: HyperName): number {
  const { min, max, scale } = HYPER_SPECS[name];
  const r = rng.next();
  if (r < 0.1) return min;
  if (r < 0.2) return max;
  const u = rng.next();
  const x =
    scale === 'log' ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
  const d = randomDigits(rng, x);
  return d >= min && d <= max ? d : x;
}

// Label characters: everything that needs escaping somewhere, plus non-ASCII and surrogate pairs.
const LABEL_CHARS = [
  ...'abcXYZ019 _-.,;:\'"()[]{}=&%#+?/\\!*~@$^|<>`',
  'é',
  'ß',
  '€',
  '✓',
  '中',
  '\u00a0',
  '\u2028',
  '😀',
  '👍🏽',
];

export function randomLabel(rng: Rng, maxUnits = 60): string {
  const n = rng.int(maxUnits + 1);
  let s = '';
  while (true) {
    const c = pick(rng, LABEL_CHARS);
    if (s.length + c.length > n) break;
    s += c;
  }
  return s;
}

const WEIGHT_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789_.-ABC';

function randomEntry(rng: Rng): OptimizerEntry {
  const id = pick(rng, knownOptimizerIds());
  const hand = (OPTIMIZER_IDS as readonly string[]).includes(id);
  const names: HyperName[] = hand ? hyperNamesOf(id as (typeof OPTIMIZER_IDS)[number]) : ['lr'];
  const hyper: Hyper = {};
  for (const name of names) if (rng.next() < 0.5) hyper[name] = randomHyper(rng, name);
  const entry: OptimizerEntry = { id, hyper };
  if (rng.next() < 0.4) entry.label = randomLabel(rng);
  if (rng.next() < 0.5) {
    entry.color = `#${Array.from({ length: 6 }, () => pick(rng, [...'0123456789abcdefABCDEF'])).join('')}`;
  }
  if (!hand && rng.next() < 0.6) {
    const len = 1 + rng.int(64);
    entry.weights = `${pick(rng, ['pretrained', 'local'])}:${Array.from({ length: len }, () => pick(rng, [...WEIGHT_CHARS])).join('')}`;
  }
  const r = parseOptimizerEntry(entry, 'gen');
  if (r.errors.length > 0 || !r.entry)
    throw new Error(`generator made an invalid entry: ${r.errors.join('; ')}`);
  return r.entry;
}

function randomTaskOptions(rng: Rng, id: (typeof TASK_IDS)[number]): TaskOptions {
  const opts = { ...defaultTaskOptions(id) } as Record<string, unknown>;
  for (const [key, def] of Object.entries(opts)) {
    if (rng.next() < 0.5) continue;
    let v: unknown;
    if (typeof def === 'string') v = pick(rng, ACTIVATIONS);
    else if (typeof def === 'number' && Number.isInteger(def) && def !== 0) v = 1 + rng.int(2 * def + 4);
    else {
      const r = rng.next();
      v = r < 0.1 ? -0 : r < 0.2 ? 0 : randomDigits(rng, (rng.next() * 2 - 1) * 10 ** (rng.int(5) - 2));
    }
    if (parseTaskOptions(id, { [key]: v }).ok) opts[key] = v;
  }
  const r = parseTaskOptions(id, opts);
  if (!r.ok) throw new Error(`generator made invalid task options: ${r.errors.join('; ')}`);
  return r.value;
}

/** Recorded edits (schedule.ts) for some entries: random steps in [1, steps − 1], increasing. */
function addSchedules(rng: Rng, spec: ExperimentSpec): ExperimentSpec {
  if (spec.steps < 2) return spec;
  spec.optimizers.forEach((o, i) => {
    if (rng.next() < 0.6) return;
    const hand = (OPTIMIZER_IDS as readonly string[]).includes(o.id);
    const names: HyperName[] = hand ? hyperNamesOf(o.id as (typeof OPTIMIZER_IDS)[number]) : ['lr'];
    const raw: HyperEvent[] = [];
    let step = 0;
    for (let n = 1 + rng.int(4); n > 0 && step < spec.steps - 1; n--) {
      step += 1 + rng.int(Math.max(1, Math.floor((spec.steps - 1 - step) / 2)));
      if (step > spec.steps - 1) break;
      const hyper: Hyper = {};
      for (const name of names) if (rng.next() < 0.4) hyper[name] = randomHyper(rng, name);
      if (Object.keys(hyper).length === 0) hyper[names[0]] = randomHyper(rng, names[0]);
      raw.push({ step, hyper });
    }
    const r = parseSchedule(o.id, o.hyper, raw, `gen[${i}]`);
    if (r.errors.length > 0) throw new Error(`generator made an invalid schedule: ${r.errors.join('; ')}`);
    if (r.schedule.length > 0) o.schedule = r.schedule;
  });
  return spec;
}

export function randomSpec(rng: Rng): ExperimentSpec {
  return addSchedules(rng, randomSpecNoEdits(rng));
}

function randomSpecNoEdits(rng: Rng): ExperimentSpec {
  const taskId = pick(rng, TASK_IDS);
  const r = rng.next();
  const count = r < 0.05 ? 0 : r < 0.1 ? MAX_OPTIMIZERS : 1 + rng.int(4);
  return {
    v: SPEC_VERSION,
    task: { id: taskId, options: randomTaskOptions(rng, taskId) },
    optimizers: Array.from({ length: count }, () => randomEntry(rng)),
    steps: rng.next() < 0.2 ? pick(rng, [1, MAX_STEPS]) : 1 + rng.int(MAX_STEPS),
    seed: rng.next() < 0.2 ? pick(rng, [0, 4294967295]) : rng.int(4294967296),
    backend: pick(rng, BACKENDS),
    fused: rng.next() < 0.5,
    chart: {
      logY: rng.next() < 0.5,
      logX: rng.next() < 0.5,
      smoothing:
        rng.next() < 0.3
          ? pick(rng, [0, 0.999, 0.6])
          : Math.min(0.999, randomDigits(rng, rng.next() * 0.999)),
    },
  };
}
