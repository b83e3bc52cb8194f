/**
 * ExperimentSpec → URL query (format version 1): specToQuery, specToUrl. See url.ts for the
 * format; specLoad.ts and urlDecode.ts read it back.
 */
import { HYPER_NAMES } from '../optim/catalog';
import { defaultTaskOptions } from '../tasks/catalog';
import { DEFAULT_CHART, type ExperimentSpec, type OptimizerEntry } from './schema';
import { formatCall, formatPairs, type Pair } from './urlSyntax';

/** The URL parameters of format version 1, in the order they are written. */
export const URL_PARAMS = [
  'v',
  'task',
  'opt',
  'edit',
  'steps',
  'seed',
  'seeds',
  'backend',
  'fused',
  'chart',
] as const;

/** Percent-encode a parameter value, leaving the syntax characters readable. */
function encodeValue(s: string): string {
  // Lone surrogates cannot be encoded; valid specs have none (schema.ts), this only guards.
  const safe = s.replace(/\p{Cs}/gu, '\uFFFD');
  return encodeURIComponent(safe).replace(/%(2C|3D|3A|2F|40)/g, (m) => decodeURIComponent(m));
}

function entryPairs(o: OptimizerEntry): Pair[] {
  const pairs: Pair[] = [];
  const hyper = o.hyper as Record<string, number | undefined>;
  const names = [
    ...HYPER_NAMES,
    ...Object.keys(hyper).filter((k) => !(HYPER_NAMES as readonly string[]).includes(k)),
  ];
  for (const name of names) {
    const v = hyper[name];
    if (v !== undefined) pairs.push({ name, value: v });
  }
  if (o.label !== undefined) pairs.push({ name: 'label', value: o.label });
  if (o.color !== undefined) {
    const hex = o.color.replace(/^#/, '');
    // A hex colour is written bare (`color=1f77b4`); anything else would be quoted.
    pairs.push({ name: 'color', value: hex, ...(/^[0-9a-fA-F]{6}$/.test(hex) ? { text: hex } : {}) });
  }
  if (o.weights !== undefined) pairs.push({ name: 'weights', value: o.weights });
  return pairs;
}

function chartPairs(spec: ExperimentSpec): Pair[] {
  const pairs: Pair[] = [];
  const c = spec.chart;
  if (c.logY !== DEFAULT_CHART.logY) pairs.push({ name: 'logY', value: c.logY ? 1 : 0 });
  if (c.logX !== DEFAULT_CHART.logX) pairs.push({ name: 'logX', value: c.logX ? 1 : 0 });
  if (!Object.is(c.smoothing, DEFAULT_CHART.smoothing)) pairs.push({ name: 'smoothing', value: c.smoothing });
  return pairs;
}

/** The query (without '?') for a valid spec: deterministic, readable, exact. */
export function specToQuery(spec: ExperimentSpec): string {
  const defaults = defaultTaskOptions(spec.task.id) as Record<string, unknown>;
  const taskPairs: Pair[] = [];
  for (const [name, value] of Object.entries(spec.task.options)) {
    if (!Object.is(value, defaults[name])) taskPairs.push({ name, value: value as Pair['value'] });
  }
  const parts = [`v=${spec.v}`, `task=${encodeValue(formatCall(spec.task.id, taskPairs))}`];
  if (spec.optimizers.length === 0) parts.push('opt=');
  for (const o of spec.optimizers) parts.push(`opt=${encodeValue(formatCall(o.id, entryPairs(o)))}`);
  spec.optimizers.forEach((o, i) => {
    for (const ev of o.schedule ?? []) {
      const pairs = Object.entries(ev.hyper).map(([name, value]) => ({ name, value: value as number }));
      parts.push(`edit=${i}@${ev.step}${encodeValue(`(${formatPairs(pairs)})`)}`);
    }
  });
  parts.push(`steps=${spec.steps}`, `seed=${spec.seed}`);
  if (spec.seeds !== undefined) parts.push(`seeds=${spec.seeds}`);
  if (spec.backend !== 'auto') parts.push(`backend=${spec.backend}`);
  if (!spec.fused) parts.push('fused=0');
  const chart = chartPairs(spec);
  if (chart.length > 0) parts.push(`chart=${encodeValue(formatPairs(chart))}`);
  return parts.join('&');
}

/** `base` (any URL or path) with its query replaced by the spec's; the fragment is kept. */
export function specToUrl(spec: ExperimentSpec, base: string): string {
  const hashAt = base.indexOf('#');
  const hash = hashAt < 0 ? '' : base.slice(hashAt);
  const noHash = hashAt < 0 ? base : base.slice(0, hashAt);
  const q = noHash.indexOf('?');
  return `${q < 0 ? noHash : noHash.slice(0, q)}?${specToQuery(spec)}${hash}`;
}
