/**
 * The CLI's `--spec <arg>`: a playground link, a query, JSON text, or a file holding one of
 * them. Stricter than the browser's decoder about what it will even try: an empty file, a
 * link without a query, a non-http(s) URL (file:///etc/passwd) and JSON that is not an object
 * (null, an array) are refused instead of silently running the default experiment. Files are
 * read with a size limit and a regular-file check (boundedRead.ts).
 */
import { stat } from 'node:fs/promises';
import { type SpecLoad, specFromJson, specFromQuery, specFromUrl } from '../core/experiment/url';
import { MAX_SPEC_FILE_BYTES } from '../core/io/limits';
import { UsageError } from './args';
import { FileReadError, readBoundedText } from './boundedRead';

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const JSON_START = /^(\{|\[|null$|true$|false$|-?\d[\d.eE+-]*$|")/;

function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

/** Decode spec text (from the argument or a file); UsageError for what is not a spec at all. */
export function specFromText(text: string, where: string): SpecLoad {
  const s = text.trim();
  if (s === '') throw new UsageError(`--spec: ${where} is empty; expected a link, a query or JSON`);
  if (JSON_START.test(s)) {
    let v: unknown;
    try {
      v = JSON.parse(s);
    } catch {
      return specFromJson(s); // names the JSON error
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new UsageError(
        `--spec: ${where}: JSON must be an object (a spec or an export document); got ${jsonKind(v)}`,
      );
    }
    return specFromJson(s);
  }
  const scheme = SCHEME.exec(s)?.[1];
  if (scheme !== undefined) {
    if (!/^https?$/i.test(scheme)) {
      throw new UsageError(
        `--spec: ${where}: only http(s) playground links are read; got a '${scheme}:' URL`,
      );
    }
    const q = s.indexOf('?');
    if (
      q < 0 ||
      s
        .slice(q + 1)
        .split('#')[0]
        .trim() === ''
    ) {
      throw new UsageError(`--spec: ${where}: the link has no query (expected …?v=1&task=…&opt=…)`);
    }
    return specFromUrl(s);
  }
  const query = s.startsWith('?') ? s.slice(1) : s.includes('?') ? s.slice(s.indexOf('?') + 1) : s;
  if (query.trim() === '' || !query.includes('=')) {
    throw new UsageError(`--spec: ${where}: not a link, a query (v=1&task=…) or JSON`);
  }
  return s.includes('?') && !s.startsWith('?') ? specFromUrl(s) : specFromQuery(query);
}

async function isPath(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Resolve `--spec <arg>` to a validated spec load (errors name the rejected fields). */
export async function loadSpecSource(arg: string): Promise<SpecLoad> {
  const t = arg.trim();
  if (t === '') throw new UsageError('--spec: empty; expected a link, a query, JSON text or a file');
  if (t.startsWith('{') || t.startsWith('[') || t.startsWith('?') || SCHEME.test(t) || !(await isPath(t))) {
    if (!(await isPath(t)) && !t.includes('=') && !JSON_START.test(t) && !SCHEME.test(t)) {
      throw new UsageError(
        `--spec: cannot read '${t.slice(0, 120)}' (no such file); expected a link, a query (v=1&task=…), JSON text, or a file holding one`,
      );
    }
    return specFromText(t, 'the argument');
  }
  let text: string;
  try {
    text = await readBoundedText(t, MAX_SPEC_FILE_BYTES, '--spec');
  } catch (e) {
    if (e instanceof FileReadError) throw new UsageError(e.message);
    throw e;
  }
  return specFromText(text, `file '${t}'`);
}
