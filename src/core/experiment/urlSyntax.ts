/**
 * The small text syntax inside URL parameter values (after percent-decoding):
 *
 *   call   := id [ '(' pairs ')' ]            e.g.  adamod(lr=0.01,beta3=0.999,label='Fast, big')
 *   pairs  := [ pair ( ',' pair )* ]          e.g.  logY=0,smoothing=0.6
 *   pair   := name '=' value
 *   name   := [A-Za-z_][A-Za-z0-9_]{0,31}
 *   value  := quoted | bare
 *   quoted := "'" ( any char but "'" | "''" )* "'"      (a string, '' is one quote)
 *   bare   := text up to ',' or ')' (spaces around it ignored): a number (1e-3, -0, NaN),
 *             true / false, or else a plain string (relu, pretrained:rnnprop-mnist)
 *
 * Parsing never throws: problems come back as messages with the name they concern, and the
 * caller (url.ts) puts the field path in front. Formatting is the exact inverse for every
 * value this file formats (numbers keep -0 and their shortest round-trip digits).
 */

export type Scalar = number | string | boolean;

export interface Pair {
  name: string;
  value: Scalar;
  /** As written, unquoted (for fields that are always text, e.g. a colour `1e5000`). */
  text?: string;
}

export interface Problem {
  /** The pair's name when the problem concerns one value; undefined for the whole text. */
  name?: string;
  message: string;
}

export interface Call {
  id: string;
  pairs: Pair[];
  problems: Problem[];
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;
export const ID_RE = /^[A-Za-z][A-Za-z0-9_-]{0,47}$/;
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_NUMBERS: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '+Infinity': Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

/** Quote untrusted text for a message, shortened. */
export function shown(text: string, max = 40): string {
  const clean = text.replace(/[\p{Cc}\p{Cs}]/gu, '\uFFFD');
  return `'${clean.length > max ? `${clean.slice(0, max)}…` : clean}'`;
}

/** A bare token's value: number, boolean, or the text itself. */
export function bareValue(token: string): Scalar {
  if (NUMBER_RE.test(token)) return Number(token);
  if (Object.hasOwn(SPECIAL_NUMBERS, token)) return SPECIAL_NUMBERS[token];
  if (token === 'true') return true;
  if (token === 'false') return false;
  return token;
}

/** Shortest text that reads back as exactly `n` (keeps the sign of −0). */
export function formatNumber(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

const BARE_STRING_RE = /^[A-Za-z_][A-Za-z0-9_.:/-]*$/;

export function formatValue(v: Scalar): string {
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  // A string goes bare only when it would read back as the same string.
  if (BARE_STRING_RE.test(v) && bareValue(v) === v) return v;
  return `'${v.replaceAll("'", "''")}'`;
}

/** Pairs to text. A pair with `text` (trusted to be a bare-safe token) is written verbatim. */
export function formatPairs(pairs: readonly Pair[]): string {
  return pairs.map((p) => `${p.name}=${p.text ?? formatValue(p.value)}`).join(',');
}

export function formatCall(id: string, pairs: readonly Pair[]): string {
  return pairs.length === 0 ? id : `${id}(${formatPairs(pairs)})`;
}

class Scanner {
  i = 0;
  constructor(readonly s: string) {}
  get done(): boolean {
    return this.i >= this.s.length;
  }
  peek(): string {
    return this.s[this.i] ?? '';
  }
  skipSpace(): void {
    while (!this.done && /\s/.test(this.s[this.i])) this.i++;
  }
  /** Text up to (not including) the first char in `stops`, or the end. */
  until(stops: string): string {
    const start = this.i;
    while (!this.done && !stops.includes(this.s[this.i])) this.i++;
    return this.s.slice(start, this.i);
  }
}

/**
 * Read `pairs` from the scanner up to `closer` (')' inside a call, '' for a whole value).
 * `closed` is false when a ')' was expected but the text ended first (a cut-short link):
 * then the last pair, which may itself be cut short, is dropped with a message.
 */
function readPairs(sc: Scanner, closer: string): { pairs: Pair[]; problems: Problem[]; closed: boolean } {
  const pairs: Pair[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const stops = `,=${closer}`;
  let closed = closer === '';
  // Whether the text's final segment (not followed by ',' or ')') added a pair.
  let openPair = false;
  while (true) {
    openPair = false;
    sc.skipSpace();
    if (sc.done) break;
    if (closer !== '' && sc.peek() === closer) {
      sc.i++;
      closed = true;
      break;
    }
    const name = sc.until(stops).trim();
    let value: Scalar | undefined;
    let written = '';
    let ok = true;
    if (sc.peek() === '=') {
      sc.i++;
      sc.skipSpace();
      if (sc.peek() === "'") {
        sc.i++;
        let text = '';
        let terminated = false;
        while (!sc.done) {
          const c = sc.s[sc.i++];
          if (c === "'") {
            if (sc.peek() === "'") {
              text += "'";
              sc.i++;
            } else {
              terminated = true;
              break;
            }
          } else text += c;
        }
        if (!terminated) {
          problems.push({ name, message: `unterminated quoted text (the link may be cut short); ignored` });
          ok = false;
        } else {
          value = text;
          written = text;
          const rest = sc.until(`,${closer}`).trim();
          if (rest !== '') {
            problems.push({
              name,
              message: `unexpected text ${shown(rest)} after the closing quote; ignored`,
            });
            ok = false;
          }
        }
      } else {
        written = sc.until(`,${closer}`).trim();
        value = bareValue(written);
      }
    } else {
      const rest = sc.until(`,${closer}`);
      problems.push({
        name: NAME_RE.test(name) ? name : undefined,
        message: `expected name=value, got ${shown(name + rest)}; ignored`,
      });
      ok = false;
    }
    if (ok && !NAME_RE.test(name)) {
      problems.push({ message: `${shown(name)} is not a valid name (letters, digits, _); ignored` });
      ok = false;
    }
    if (ok && seen.has(name)) {
      problems.push({ name, message: 'given more than once; the first was used' });
      ok = false;
    }
    if (ok && value !== undefined) {
      seen.add(name);
      pairs.push({ name, value, text: written });
    }
    sc.skipSpace();
    if (sc.peek() === ',') {
      sc.i++;
      continue;
    }
    openPair = ok && value !== undefined;
    if (closer !== '' && sc.peek() === closer) continue; // closes on the next turn
    if (sc.done) break;
    // Stray text (e.g. a '(' or '=' inside a bare value): skip to the next separator.
    const junk = sc.until(`,${closer}`);
    problems.push({ message: `unexpected text ${shown(junk)}; ignored` });
  }
  if (!closed && openPair) {
    const last = pairs.pop()!;
    problems.push({
      name: last.name,
      message: "no closing ')': the link looks cut short, so this last value was ignored",
    });
  } else if (!closed) {
    problems.push({ message: "no closing ')': the link looks cut short" });
  }
  return { pairs, problems, closed };
}

/** Parse `text` as a pair list (a whole parameter value, e.g. the chart settings). */
export function parsePairs(text: string): { pairs: Pair[]; problems: Problem[] } {
  const { pairs, problems } = readPairs(new Scanner(text), '');
  return { pairs, problems };
}

/** Parse `text` as `id(pairs)`. The id is returned even when malformed, for the caller to judge. */
export function parseCall(text: string): Call {
  const sc = new Scanner(text);
  const id = sc.until('(').trim();
  const problems: Problem[] = [];
  if (!ID_RE.test(id)) {
    return {
      id,
      pairs: [],
      problems: [{ message: `expected <id>(<name>=<value>,...), got ${shown(text)}` }],
    };
  }
  if (sc.done) return { id, pairs: [], problems };
  sc.i++; // '('
  const r = readPairs(sc, ')');
  problems.push(...r.problems);
  sc.skipSpace();
  if (!sc.done) problems.push({ message: `unexpected text ${shown(sc.s.slice(sc.i))} after ')'; ignored` });
  return { id, pairs: r.pairs, problems };
}
