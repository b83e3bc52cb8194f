/**
 * The URL codec names rejected fields by their path in the spec
 * (`optimizers[1].hyper.adam.lr: out of range; allowed range is [1e-7, 10]`), which is exact
 * but not how a user thinks of the page. This rewrites such a message in the page's own words,
 * with the value the link gave and the value that was kept:
 *   optimizer #2 (Adam): learning rate −1 is out of range [1e-7, 10]; kept 0.01
 * Messages it does not recognise pass through unchanged.
 */
import type { ExperimentSpec } from '../../core/experiment/schema';
import { LEARNED } from '../../core/learned/catalog';
import { HYPER_SPECS, type HyperName, OPTIMIZERS } from '../../core/optim/catalog';
import { TASKS } from '../../core/tasks/catalog';
import { fmt } from '../lib/logSlider';
import { OPTION_LABELS } from '../lib/zodFields';

const FIELD_LABELS: Record<string, string> = {
  steps: 'steps',
  seed: 'seed',
  seeds: 'seeds',
  backend: 'backend',
  fused: 'fused kernels',
  smoothing: 'chart smoothing',
  logY: 'chart log y',
  logX: 'chart log x',
};

const optLabel = (id: string) =>
  Object.hasOwn(OPTIMIZERS, id)
    ? OPTIMIZERS[id as keyof typeof OPTIMIZERS].label
    : Object.hasOwn(LEARNED, id)
      ? LEARNED[id as keyof typeof LEARNED].label
      : id;

const hyperLabel = (name: string) =>
  Object.hasOwn(HYPER_SPECS, name)
    ? HYPER_SPECS[name as HyperName].label
    : name === 'sample'
      ? 'sample'
      : name;

/** "out of range; allowed range is [a, b]" → "is out of range [a, b]"; "must be …" stays. */
function predicate(rest: string): string {
  const m = /^out of range; allowed(?: range is)? (\[.*\])$/.exec(rest);
  if (m) return `is out of range ${m[1]}`;
  return rest;
}

/** The text a link gave for `name` inside the i-th `opt=` (e.g. "-1"), if present. */
function rawOptValue(query: string, i: number, name: string): string | null {
  const opt = new URLSearchParams(query).getAll('opt')[i];
  if (!opt) return null;
  const m = new RegExp(`[(,]\\s*${name}\\s*=\\s*([^,)]*)`).exec(opt);
  return m ? m[1].trim() : null;
}

function rawParam(query: string, key: string): string | null {
  const p = new URLSearchParams(query);
  if (p.has(key)) return p.get(key);
  const chart = p.get('chart');
  if (!chart) return null;
  const m = new RegExp(`(?:^|,)${key}=([^,]*)`).exec(chart);
  return m ? m[1] : null;
}

const show = (v: unknown) => (typeof v === 'number' ? fmt(v) : String(v));
const withValue = (raw: string | null) => (raw !== null && raw !== '' ? ` ${raw}` : '');

export function friendlyUrlError(msg: string, query: string, spec: ExperimentSpec): string {
  // optimizers[i].hyper.<id>.<name>: … (a rejected hyperparameter value)
  let m = /^optimizers\[(\d+)\]\.hyper\.([\w-]+)\.(\w+): (.*)$/.exec(msg);
  if (m) {
    const [, is, id, name, rest] = m;
    const i = Number(is);
    const entry = spec.optimizers[i];
    const kept =
      entry?.id === id
        ? ((entry.hyper as Record<string, unknown>)[name] ??
          (Object.hasOwn(OPTIMIZERS, id)
            ? OPTIMIZERS[id as keyof typeof OPTIMIZERS].defaults[name as HyperName]
            : Object.hasOwn(LEARNED, id)
              ? (LEARNED[id as keyof typeof LEARNED].defaults as Record<string, unknown>)[name]
              : undefined))
        : undefined;
    const keptText = kept !== undefined ? `; kept ${show(kept)}` : '';
    return `optimizer #${i + 1} (${optLabel(id)}): ${hyperLabel(name)}${withValue(rawOptValue(query, i, name))} ${predicate(rest)}${keptText}`;
  }
  // optimizers[i].hyper.<id>: … (an unknown key) or optimizers[i].hyper.<name>: … (syntax)
  m = /^optimizers\[(\d+)\]\.(hyper\.)?([\w-]+): (.*)$/.exec(msg);
  if (m) {
    const [, is, hyper, what, rest] = m;
    const i = Number(is);
    const entry = spec.optimizers[i];
    const who = `optimizer #${i + 1}${entry ? ` (${optLabel(entry.id)})` : ''}`;
    if (hyper && (Object.hasOwn(OPTIMIZERS, what) || Object.hasOwn(LEARNED, what)))
      return `optimizer #${i + 1} (${optLabel(what)}): ${rest}`;
    if (hyper) return `${who}, ${hyperLabel(what)}: ${rest}`;
    if (what === 'id') return `optimizer #${i + 1}: ${rest}; left out`;
    return `${who}, ${what}: ${rest}`;
  }
  // task.<id>.<option>: …
  m = /^task\.([\w-]+)\.(\w+): (.*)$/.exec(msg);
  if (m) {
    const [, id, name, rest] = m;
    const label = OPTION_LABELS[name] ?? name;
    const kept = spec.task.id === id ? (spec.task.options as Record<string, unknown>)[name] : undefined;
    const taskLabel = Object.hasOwn(TASKS, id) ? TASKS[id as keyof typeof TASKS].label : id;
    return `task ${taskLabel}: ${label} ${predicate(rest)}${kept !== undefined ? `; kept ${show(kept)}` : ''}`;
  }
  // steps / seed / chart.<key>: …
  m = /^(?:chart\.)?(steps|seed|seeds|backend|fused|smoothing|logY|logX): (.*)$/.exec(msg);
  if (m) {
    const [, key, rest] = m;
    const kept =
      key in spec
        ? (spec as unknown as Record<string, unknown>)[key]
        : (spec.chart as unknown as Record<string, unknown>)[key];
    const keptText = kept !== undefined && typeof kept !== 'object' ? `; kept ${show(kept)}` : '';
    return `${FIELD_LABELS[key]}${withValue(rawParam(query, key))} ${predicate(rest)}${keptText}`;
  }
  return msg;
}
