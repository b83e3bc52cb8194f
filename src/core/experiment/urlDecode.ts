/**
 * URL query → raw spec object (queryToRaw), before migration and validation. Treats the query
 * as untrusted; every message starts with the field it concerns. See url.ts for the format.
 */
import { URL_PARAMS } from './urlEncode';
import { bareValue, type Pair, type Problem, parseCall, parsePairs, shown } from './urlSyntax';

const OPT_STRINGS = ['label', 'color', 'weights'];
/** View-only parameters of the playground (src/ui/embed/viewParams.ts): not part of the experiment. */
const VIEW_PARAMS: readonly string[] = ['embed', 'hide'];

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

/**
 * `edit=<optimizer index>@<step>(name=value,...)`: one recorded edit (schedule.ts), appended to
 * that entry's raw schedule in link order.
 */
function rawEdits(texts: string[], list: Record<string, unknown>[], errors: string[]): void {
  texts.forEach((text, n) => {
    const m = /^\s*(\d{1,3})@(\d{1,9})(\(.*)$/s.exec(text);
    if (!m) {
      errors.push(
        `edit[${n}]: expected <optimizer index>@<step>(<name>=<value>,...), got ${shown(text)}; ignored`,
      );
      return;
    }
    const i = Number(m[1]);
    const entry = list[i];
    if (!entry) {
      errors.push(`edit[${n}]: optimizer index ${i} is out of range [0, ${list.length - 1}]; ignored`);
      return;
    }
    const where = `optimizers[${i}].schedule`;
    const call = parseCall(`edit${m[3]}`);
    errors.push(...describe(where, call.problems, (name) => `${where}.hyper.${fieldName(name)}`));
    const hyper = Object.fromEntries(call.pairs.map((p) => [p.name, p.value]));
    if (!Array.isArray(entry.schedule)) entry.schedule = [];
    (entry.schedule as unknown[]).push({ step: Number(m[2]), hyper });
  });
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
  if (byName.has('opt')) {
    const list = opts.map((t, i) => rawOptimizer(t, `optimizers[${i}]`, errors));
    rawEdits(byName.get('edit') ?? [], list, errors);
    raw.push(['optimizers', list]);
  } else if (byName.has('edit')) errors.push('edit: no opt= parameter for the edits to apply to; ignored');
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
    if (![...URL_PARAMS, ...VIEW_PARAMS].includes(name)) errors.push(unknownParam(name, false));
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
