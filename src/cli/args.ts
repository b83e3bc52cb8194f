/**
 * A small strict command-line parser: `--name value`, `--name=value`, repeatable flags and
 * booleans. Anything unknown is a UsageError (exit code 2) whose one-line message names the
 * offending flag and lists the valid ones.
 */

export interface FlagDef {
  kind: 'string' | 'boolean';
  /** Repeatable: the values are collected in order. */
  multiple?: boolean;
  /** Shown by --help, e.g. '<id>'. */
  arg?: string;
  help: string;
}

export type FlagDefs = Record<string, FlagDef>;
export type FlagValues = Record<string, string | boolean | string[] | undefined>;

/** A bad command line: the CLI prints the message and exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * A command's failure as its exit code: a UsageError prints each line as `cmd: …` (exit 2),
 * anything else one `cmd: error: …` line (exit 1).
 */
export function reportFailure(cmd: string, e: unknown, err: (text: string) => void): number {
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof UsageError) {
    err(
      `${msg
        .split('\n')
        .map((l) => `${cmd}: ${l}`)
        .join('\n')}\n`,
    );
    return 2;
  }
  err(`${cmd}: error: ${msg}\n`);
  return 1;
}

export function parseFlags(argv: string[], defs: FlagDefs): FlagValues {
  const out: FlagValues = {};
  const valid = () =>
    Object.keys(defs)
      .map((n) => `--${n}`)
      .join(', ');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') {
      throw new UsageError(`unexpected argument '${arg}'; flags: ${valid()}`);
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const def = defs[name];
    if (!def) throw new UsageError(`unknown flag '--${name}'; valid: ${valid()}`);
    let value: string | boolean;
    if (def.kind === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      value = true;
    } else if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`--${name} needs a value ${def.arg ?? ''}`.trimEnd());
      }
      value = next;
      i++;
    }
    if (def.multiple) {
      const list = (out[name] as string[] | undefined) ?? [];
      list.push(value as string);
      out[name] = list;
    } else {
      if (out[name] !== undefined) throw new UsageError(`--${name} given twice`);
      out[name] = value;
    }
  }
  return out;
}

/** Usage text: one line per flag. */
export function usage(command: string, defs: FlagDefs): string {
  const rows = Object.entries(defs).map(([name, d]) => {
    const left = `  --${name}${d.arg ? ` ${d.arg}` : ''}`;
    return `${left.padEnd(30)} ${d.help}${d.multiple ? ' (repeatable)' : ''}`;
  });
  return `usage: npm run --silent cli -- ${command} [flags]\n${rows.join('\n')}\n`;
}

/**
 * A scalar from the command line: a number when it looks like one, true/false, else the
 * string (so the schema reports the type error with its allowed range).
 */
export function scalarValue(s: string): number | boolean | string {
  const t = s.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  // Decimal only: Number() would also take '0x10', '0b1', '0o7' and '' (= 0).
  if (DECIMAL.test(t) && Number.isFinite(Number(t))) return Number(t);
  return t;
}

/** A decimal number: digits, optional fraction and exponent (no hex, binary, octal or Infinity). */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** A decimal integer. */
export const DECIMAL_INT = /^[+-]?\d+$/;
/** Names of options and hyperparameters: never '__proto__', 'constructor' or the like. */
export const KEY_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const RESERVED_KEYS = new Set(['constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty']);

/** Check a key=value key; `what` names the flag in the message. */
export function checkKey(key: string, what: string): string {
  if (!KEY_NAME.test(key) || RESERVED_KEYS.has(key)) {
    throw new UsageError(
      `${what}: '${key.slice(0, 64)}' is not a valid name (letters, digits and _, starting with a letter)`,
    );
  }
  return key;
}

/**
 * An integer flag: decimal digits only, within [min, max]; undefined when not given.
 * The message names the flag and the allowed range.
 */
export function intFlag(
  flags: Record<string, unknown>,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const t = typeof v === 'string' ? v.trim() : '';
  const n = Number(t);
  if (!DECIMAL_INT.test(t) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name}: must be an integer in [${min}, ${max}]; got '${String(v)}'`);
  }
  return n;
}

/** A decimal number flag within [min, max]; undefined when not given. */
export function numFlag(
  flags: Record<string, unknown>,
  name: string,
  min = Number.NEGATIVE_INFINITY,
  max = Number.POSITIVE_INFINITY,
): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const t = typeof v === 'string' ? v.trim() : '';
  const n = Number(t);
  if (!DECIMAL.test(t) || !Number.isFinite(n) || n < min || n > max) {
    const range = Number.isFinite(min) || Number.isFinite(max) ? ` in [${min}, ${max}]` : '';
    throw new UsageError(`--${name}: must be a decimal number${range}; got '${String(v)}'`);
  }
  return n;
}

/**
 * `key=value,key=value` → { key: value }. Empty input gives {}. Each pair must contain '='.
 * `what` names the flag in messages.
 */
export function parsePairs(s: string, what: string): Record<string, number | boolean | string> {
  const out: Record<string, number | boolean | string> = {};
  if (s.trim() === '') return out;
  for (const pair of s.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`${what}: expected key=value, got '${pair}'`);
    const key = checkKey(pair.slice(0, eq).trim(), what);
    if (Object.hasOwn(out, key)) throw new UsageError(`${what}: '${key}' given twice`);
    out[key] = scalarValue(pair.slice(eq + 1));
  }
  return out;
}
