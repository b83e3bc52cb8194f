/**
 * Loading a spec from a query, URL, JSON text or CLI argument: decode (urlDecode.ts), migrate
 * (migrate.ts) and validate (parseSpec). Never throws; see url.ts for the format.
 */
import { EXPORT_KIND } from './exportCommon';
import { migrateSpec } from './migrate';
import { defaultSpec, type ExperimentSpec, parseSpec } from './schema';
import { queryToRaw } from './urlDecode';
import { shown } from './urlSyntax';

/** Longest query accepted (characters, as percent-encoded). Any valid spec encodes well below it. */
export const MAX_QUERY_LENGTH = 32_768;

export interface SpecLoad {
  /** A complete, valid spec: the valid parts of the input, defaults for the rest. */
  spec: ExperimentSpec;
  /** One message per rejected field, each starting with the field's name. Empty ⇔ all valid. */
  errors: string[];
  /** Informational (e.g. "migrated from version 0"); not problems. */
  notes: string[];
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
