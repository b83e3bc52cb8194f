/**
 * Validation of the Meta-train panel's start options (recipe + evaluation settings). Pure data
 * (no tfjs): the panel checks its fields with it before Start, and the worker's session checks
 * again before anything runs, so a value the schema refuses never reaches the training loop.
 */
import type { Parsed } from '../experiment/errors';
import { parseRecipe } from '../learned/catalog';
import { HYPER_SPECS } from '../optim/catalog';
import type { MetaStartOptions } from './protocol';

export const EVAL_RUNS_MAX = 100;
export const EVAL_EVERY_MAX = 100_000;

function intIn(name: string, v: unknown, min: number, max: number): string | null {
  const range = `allowed range is [${min}, ${max}] (integer)`;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    return `${name}: ${typeof v === 'number' && Number.isFinite(v) ? String(v) : JSON.stringify(v ?? null)} is not valid; ${range}`;
  }
  return null;
}

/** The errors of the evaluation settings, one line per field naming its allowed range. */
export function evalSettingsErrors(o: { evalEvery: unknown; evalRuns: unknown; adamLr: unknown }): string[] {
  const errors: string[] = [];
  const every = intIn('evaluate every N iterations', o.evalEvery, 0, EVAL_EVERY_MAX);
  if (every) errors.push(every);
  const runs = intIn('evaluation runs', o.evalRuns, 1, EVAL_RUNS_MAX);
  if (runs) errors.push(runs);
  const { min, max } = HYPER_SPECS.lr;
  const lr = o.adamLr;
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < min || lr > max) {
    errors.push(
      `Adam lr (baseline): ${typeof lr === 'number' && Number.isFinite(lr) ? lr : 'not a number'} is out of range; allowed range is [${min}, ${max}]`,
    );
  }
  return errors;
}

export const WORKERS_MAX = 16;

/** The error of the data-parallel workers field (null when valid; absent = 1). */
export function workersError(v: unknown): string | null {
  return v === undefined ? null : intIn('workers', v, 1, WORKERS_MAX);
}

/** Recipe, evaluation settings and workers, validated together. */
export function parseStartOptions(o: MetaStartOptions): Parsed<MetaStartOptions> {
  const r = parseRecipe(o.recipe);
  const w = workersError(o.workers);
  const errors = [...(r.ok ? [] : r.errors), ...evalSettingsErrors(o), ...(w ? [w] : [])];
  if (!r.ok || errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { ...o, recipe: r.value } };
}
