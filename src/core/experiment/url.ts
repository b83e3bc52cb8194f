/**
 * ExperimentSpec ↔ URL query, readable and versioned:
 *
 *   ?v=1&task=rosenbrock(x0=-1,y0=2)&opt=adam(lr=0.01)&opt=adamod(lr=0.01,beta3=0.999,label='AdaMod, slow')
 *    &steps=500&seed=1&seeds=5&backend=webgl&fused=0&chart=logY=0,smoothing=0.6
 *
 * - `v`, `task`, every `opt` (in order), `steps` and `seed` are always written; task options,
 *   `seeds` (when set), `backend`, `fused` and `chart` only where they differ from the defaults.
 *   Hyperparameters are written exactly as the entry holds them (its explicit values), in catalog
 *   order, then label (quoted), color (hex without '#'), weights. An empty optimizer list is `opt=`.
 * - Values use urlSyntax.ts; only what must be is percent-encoded (',', '=', ':', '/', '(', ')'
 *   and "'" stay readable; spaces are %20; a '+' read from a link means a space, as in forms).
 * - Decoding treats the query as untrusted: it never throws, refuses queries longer than
 *   MAX_QUERY_LENGTH, reads `?spec=<JSON>` links of version 0, migrates (migrate.ts) and
 *   validates with parseSpec. Every message starts with the field it concerns
 *   (`optimizers[1].hyper.beta3: ...`, `chart.smoothing: ...`, `query: ...` for the link as a whole).
 * specFromQuery(specToQuery(s)) gives back `s` exactly, with no messages, for every valid spec.
 */

import { HYPER_NAMES } from '../optim/catalog';
import { defaultTaskOptions } from '../tasks/catalog';
import { EXPORT_KIND } from './exportFormats';
import { migrateSpec } from './migrate';
import { DEFAULT_CHART, defaultSpec, type ExperimentSpec, type OptimizerEntry, parseSpec } from './schema';
import {
  bareValue,
  formatCall,
  formatPairs,
  type Pair,
  type Problem,
  parseCall,
  parsePairs,
  shown,
} from './urlSyntax';

/** Longest query accepted (characters, as percent-encoded). Any valid spec encodes well below it. */
export const MAX_QUERY_LENGTH = 16_384;

/** The URL parameters of format version 1, in the order they are written. */
export const URL_PARAMS = [
  'v',
  'task',
  'opt',
  'steps',
  'seed',
  'seeds',
  'backend',
  'fused',
  'chart',
] as const;

export interface SpecLoad {
  /** A complete, valid spec: the valid parts of the input, defaults for the rest. */
  spec: ExperimentSpec;
  /** One message per rejected field, each starting with the field's name. Empty ⇔ all valid. */
  errors: string[];
  /** Informational (e.g. "migrated from version 0"); not problems. */
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// Encoding

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

// ---------------------------------------------------------------------------------------------
// Decoding

const OPT_STRINGS = ['label', 'color', 'weights'];

function describe(where: string, problems: Problem[], field: (name: string) => string): string[] {
  return problems.map((p) => `${p.name === undefined ? where : field(p.name)}: ${p.message}`);
}

/** A text field's value as written (a bare `1e5` stays '1e5', not 100000). */
function asString(p: Pair): string {
  return p.text ?? (typeof p.value === 'string' ? p.value : String(p.value));
}

/** Read a flag written as 1/0 or true/false; anything else goes on as text for the schema to reject. */
function flag(text: string): boolean | string {
  if (text === '1' || text === 'true') return true;
  if (text === '0' || text === 'false') return false;
  return text;
}

/** A field name from a link, quoted when it holds whitespace or ':' (so messages stay one line). */
const fieldName = (n: string): string => (/[\s:]/.test(n) ? JSON.stringify(n) : n);

function rawOptimizer(text: string, where: string, errors: string[]): Record<string, unknown> {
  const call = parseCall(text);
  const hyperEntries: [string, unknown][] = [];
  const entry: [string, unknown][] = [['id', call.id]];
  for (const pair of call.pairs) {
    const { name, value } = pair;
    if (!OPT_STRINGS.includes(name)) hyperEntries.push([name, value]);
    else if (name === 'color') {
      const c = asString(pair);
      entry.push([name, /^[0-9a-fA-F]{6}$/.test(c) ? `#${c}` : c]);
    } else entry.push([name, asString(pair)]);
  }
  entry.push(['hyper', Object.fromEntries(hyperEntries)]);
  errors.push(
    ...describe(where, call.problems, (n) =>
      OPT_STRINGS.includes(n) ? `${where}.${n}` : `${where}.hyper.${fieldName(n)}`,
    ),
  );
  return Object.fromEntries(entry);
}

function rawTask(text: string, errors: string[]): Record<string, unknown> {
  const call = parseCall(text);
  const id = call.id;
  errors.push(...describe('task', call.problems, (n) => `task.${id}.${fieldName(n)}`));
  return { id, options: Object.fromEntries(call.pairs.map((p) => [p.name, p.value])) };
}

function rawChart(text: string, errors: string[]): Record<string, unknown> {
  const { pairs, problems } = parsePairs(text);
  errors.push(...describe('chart', problems, (n) => `chart.${fieldName(n)}`));
  return Object.fromEntries(
    pairs.map(({ name, value }) => [
      name,
      name === 'logY' || name === 'logX' ? (typeof value === 'number' ? flag(String(value)) : value) : value,
    ]),
  );
}

/** Split a query into parameters, in order (lenient: bad percent-escapes stay as text). */
function params(query: string): [string, string][] {
  try {
    return [...new URLSearchParams(query)];
  } catch {
    return [];
  }
}

/**
 * Decode a query (with or without the leading '?') into a raw spec object of the version it
 * names, plus messages for what could not be read. Exposed for tools that merge a link with
 * other input before validation (e.g. CLI flags over a `--spec` link).
 */
export function queryToRaw(query: string): { raw: Record<string, unknown>; errors: string[] } {
  const errors: string[] = [];
  const q = query.startsWith('?') ? query.slice(1) : query;
  const byName = new Map<string, string[]>();
  for (const [name, value] of params(q)) {
    if (name === '' && value === '') continue;
    const list = byName.get(name);
    if (list) list.push(value);
    else byName.set(name, [value]);
  }
  const single = (name: string): string | undefined => {
    const list = byName.get(name);
    if (!list) return undefined;
    if (list.length > 1) errors.push(`${name}: given ${list.length} times; the first was used`);
    return list[0];
  };
  const v = single('v');
  const legacy = byName.has('spec') && (v === undefined || v === '0');
  if (legacy) {
    // Version 0: the whole spec as JSON in `spec=`.
    const text = single('spec')!;
    let raw: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        raw = parsed as Record<string, unknown>;
      } else errors.push('spec: must be a JSON object (a version-0 link); opened the default experiment');
    } catch (e) {
      const why = e instanceof Error ? e.message.slice(0, 80) : 'unreadable';
      errors.push(`spec: not valid JSON (${why}); opened the default experiment`);
    }
    for (const name of byName.keys()) {
      if (name !== 'spec' && name !== 'v') errors.push(unknownParam(name, true));
    }
    return { raw: { ...raw, v: 0 }, errors };
  }
  const raw: [string, unknown][] = [];
  if (v !== undefined) raw.push(['v', bareValue(v)]);
  const task = single('task');
  if (task !== undefined) raw.push(['task', rawTask(task, errors)]);
  const opts = (byName.get('opt') ?? []).filter((t) => t.trim() !== '');
  if (byName.has('opt'))
    raw.push(['optimizers', opts.map((t, i) => rawOptimizer(t, `optimizers[${i}]`, errors))]);
  for (const name of ['steps', 'seed', 'seeds'] as const) {
    const text = single(name);
    if (text !== undefined) raw.push([name, bareValue(text.trim())]);
  }
  const backend = single('backend');
  if (backend !== undefined) raw.push(['backend', backend.trim()]);
  const fused = single('fused');
  if (fused !== undefined) raw.push(['fused', flag(fused.trim())]);
  const chart = single('chart');
  if (chart !== undefined) raw.push(['chart', rawChart(chart, errors)]);
  for (const name of byName.keys()) {
    if (!(URL_PARAMS as readonly string[]).includes(name)) errors.push(unknownParam(name, false));
  }
  return { raw: Object.fromEntries(raw), errors };
}

function unknownParam(name: string, legacy: boolean): string {
  const valid = legacy ? 'spec, v' : URL_PARAMS.join(', ');
  if (name === '') return `query: a parameter without a name was ignored; valid: ${valid}`;
  const field = /^[A-Za-z_][\w-]{0,39}$/.test(name) ? name : `query`;
  const what = field === 'query' ? `parameter ${shown(name)}` : 'unknown parameter';
  return `${field}: ${what} ignored; valid: ${valid}`;
}

/** Migrate and validate a raw spec; `errors` come first (decoding), then the schema's. */
export function finishRaw(raw: unknown, errors: string[], notes: string[] = []): SpecLoad {
  const m = migrateSpec(raw);
  const parsed = parseSpec(m.raw);
  return {
    spec: parsed.spec,
    errors: [...errors, ...m.errors, ...parsed.errors],
    notes: [...notes, ...m.notes],
  };
}

/** Decode and validate a query (`location.search`, with or without '?'). Never throws. */
export function specFromQuery(query: string): SpecLoad {
  try {
    const text = String(query);
    if (text.length > MAX_QUERY_LENGTH) {
      return {
        spec: defaultSpec(),
        errors: [
          `query: the link is too long (${text.length} characters; at most ${MAX_QUERY_LENGTH}); opened the default experiment`,
        ],
        notes: [],
      };
    }
    const { raw, errors } = queryToRaw(text);
    return finishRaw(raw, errors);
  } catch (e) {
    // Not expected (the fuzz test feeds it thousands of broken links); a last guard.
    const why = e instanceof Error ? e.message.slice(0, 80) : String(e).slice(0, 80);
    return {
      spec: defaultSpec(),
      errors: [`query: could not be read (${why}); opened the default experiment`],
      notes: [],
    };
  }
}

/** The query part of a URL (between '?' and '#'); '' when it has none. */
export function queryOfUrl(url: string): string {
  const hashAt = url.indexOf('#');
  const noHash = hashAt < 0 ? url : url.slice(0, hashAt);
  const q = noHash.indexOf('?');
  return q < 0 ? '' : noHash.slice(q + 1);
}

/** Decode and validate a whole URL (e.g. a shared link). Never throws. */
export function specFromUrl(url: string): SpecLoad {
  return specFromQuery(queryOfUrl(url));
}

/**
 * Validate JSON text: a spec of any version, or an export document (its `spec` is used).
 * Never throws.
 */
export function specFromJson(text: string): SpecLoad {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message.slice(0, 80) : 'unreadable';
    return { spec: defaultSpec(), errors: [`spec: not valid JSON (${why})`], notes: [] };
  }
  if (typeof raw === 'object' && raw !== null && (raw as { kind?: unknown }).kind === EXPORT_KIND) {
    return finishRaw((raw as { spec?: unknown }).spec ?? {}, [], ['spec: read from an export document']);
  }
  return finishRaw(raw, []);
}

const SCHEME_RE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * The CLI's `--spec <arg>`: a URL (http(s)://…?v=1&…), a query (`?v=1&…` or `v=1&…`), JSON
 * text (`{…}`, a spec or an export document), or a file path holding any of these. Never throws;
 * an unreadable file is an error naming `spec`.
 */
export function loadSpecArg(arg: string, readFile: (p: string) => string): SpecLoad {
  const t = arg.trim();
  const fromText = (text: string): SpecLoad => {
    const s = text.trim();
    if (s.startsWith('{')) return specFromJson(s);
    if (SCHEME_RE.test(s) || (!s.startsWith('?') && s.includes('?'))) return specFromUrl(s);
    return specFromQuery(s);
  };
  if (t.startsWith('{') || t.startsWith('?') || SCHEME_RE.test(t)) return fromText(t);
  let content: string;
  try {
    content = readFile(t);
  } catch (e) {
    if (t.includes('=')) return specFromQuery(t);
    const why = e instanceof Error ? e.message.split('\n')[0].slice(0, 120) : String(e);
    return {
      spec: defaultSpec(),
      errors: [
        `spec: cannot read ${shown(t, 120)} (${why}); expected a URL, a query (v=1&task=...&opt=...), JSON text, or a file holding one`,
      ],
      notes: [],
    };
  }
  return fromText(content);
}
