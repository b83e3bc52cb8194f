/**
 * Fuzz: ≥ 1,000 generated and mutated links through the decoder (seeded, deterministic).
 * Properties, for every input:
 *   - specFromQuery never throws;
 *   - the spec it returns is complete and valid (parseSpec finds nothing) and survives its own
 *     round trip, so the app can always open it and share it again;
 *   - every message starts with the field it concerns (`task.rosenbrock.x0: …`, `query: …`),
 *     whose root is a spec field, a URL parameter, or a name present in the input;
 *   - messages stay short (untrusted text is echoed clipped).
 */
import { describe, expect, it } from 'vitest';
import { makeRng, type Rng } from '../../src/core/experiment/rng';
import { parseSpec } from '../../src/core/experiment/schema';
import { MAX_QUERY_LENGTH, specFromQuery, specToQuery } from '../../src/core/experiment/url';
import { pick, randomSpec } from './genSpec';

const KNOWN_ROOTS = [
  'query',
  'v',
  'task',
  'optimizers',
  'edit',
  'steps',
  'seed',
  'backend',
  'fused',
  'chart',
  'spec',
];
const FIELD_RE = /^([A-Za-z_][\w-]*)(\[\d+\])?(\.[^\s:]+)*: \S/;

// Characters that matter to the syntax, percent-encoding, and Unicode edge cases.
const NASTY = [
  ...'&=?#%+(),\'";:/\\ <>{}[]|!*~@$^`',
  '%',
  '%%',
  '%G1',
  '%2',
  '%E2%82',
  '%ED%A0%80',
  '%00',
  '%FF',
  '%C3%28',
  '%27',
  '%28',
  '%29',
  '%2C',
  '%26',
  '\u0000',
  '\n',
  '\t',
  '\uD800',
  '\uDFFF',
  '😀',
  'é',
  '\u202E',
  '<script>alert(1)</script>',
];
const WRONG_VALUES = [
  '',
  'abc',
  '-1',
  '0',
  '1e999',
  '-1e999',
  'NaN',
  'Infinity',
  '1.5',
  '99999999999999999999',
  '0x10',
  'true',
  "'0.1'",
  "'",
  '((',
  ')',
  '1,2',
  '%',
  '__proto__',
  'constructor',
  'toString',
  'x'.repeat(5000),
];
const UNKNOWN_PARAMS = [
  'foo=bar',
  '__proto__=1',
  'constructor=1',
  'toString=x',
  'opt=adamm(lr=1)',
  'opt=constructor',
  'task=constructor',
  'task=toString(x=1)',
  'opt=adam(__proto__=1,hasOwnProperty=2)',
  'v=0',
  'v=2',
  'v=-1',
  'v=1.5',
  'v=abc',
  'spec=%7B%22task%22%3A%22beale%22',
  'spec=%7B%22optimizers%22%3A%5B1%2Cnull%2C%7B%7D%5D%7D',
  'chart=logY=2,logX=,smoothing=-1,zoom=3',
  'fused=2',
  'backend=%3Cb%3Ex%3C%2Fb%3E',
  `opt=adam(label='${'y'.repeat(100)}')`,
  `task=${'z'.repeat(3000)}`,
];

function randomChars(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (r < 0.4) s += String.fromCharCode(32 + rng.int(95));
    else if (r < 0.7) s += pick(rng, NASTY);
    else if (r < 0.9) s += String.fromCharCode(rng.int(0x10000));
    else s += String.fromCharCode(rng.int(32));
  }
  return s;
}

/** Replace the value of one random parameter (or of one name=value inside it). */
function replaceValue(rng: Rng, q: string, value: string): string {
  const eqs = [...q.matchAll(/=/g)].map((m) => m.index!);
  if (eqs.length === 0) return `${q}&steps=${value}`;
  const at = pick(rng, eqs) + 1;
  let end = at;
  while (end < q.length && !'&,)'.includes(q[end])) end++;
  return q.slice(0, at) + value + q.slice(end);
}

const MUTATIONS: ((rng: Rng, q: string) => string)[] = [
  (rng, q) => q.slice(0, rng.int(q.length + 1)), // truncate
  (rng, q) => {
    const i = rng.int(q.length + 1);
    return q.slice(0, i) + randomChars(rng, 1 + rng.int(8)) + q.slice(i);
  },
  (rng, q) => {
    const i = rng.int(q.length + 1);
    return q.slice(0, i) + q.slice(i + 1 + rng.int(20));
  },
  (rng, q) => replaceValue(rng, q, pick(rng, WRONG_VALUES)),
  (rng, q) => replaceValue(rng, q, pick(rng, WRONG_VALUES)),
  (rng, q) => `${q}&${pick(rng, UNKNOWN_PARAMS)}`,
  (rng, q) => `${pick(rng, UNKNOWN_PARAMS)}&${q}`,
  (rng, q) => {
    const i = rng.int(q.length + 1);
    return (
      q.slice(0, i) + pick(rng, ['%', '%G1', '%E2%82', '%00', '%FF', '%2', '%%25', '%ED%A0%80']) + q.slice(i)
    );
  },
  (rng, q) => {
    const parts = q.split('&');
    const p = pick(rng, parts);
    return [...parts, p].join('&');
  },
  (rng, q) => {
    const i = rng.int(q.length);
    const c = q[i];
    const swap: Record<string, string> = { '(': ')', ')': '(', "'": '"', ',': ';', '=': ':', '&': ',' };
    return q.slice(0, i) + (swap[c] ?? pick(rng, ['(', ')', "'", '=', ','])) + q.slice(i + 1);
  },
  (rng, q) => `${q}&opt=adam(label='${'w'.repeat(MAX_QUERY_LENGTH + rng.int(1000))}')`, // oversized
  (rng, q) =>
    q.replace(/lr=[^,)&]*/, pick(rng, ["lr='0.01'", 'lr=true', 'lr=', 'lr=1e-300', 'lr=11', 'lr=1,lr=2'])),
  (_rng, q) => q.replace(/\)/g, ''), // every closing paren lost
  (_rng, q) => encodeURIComponent(q), // double-encoded (one long garbage parameter name)
  (_rng, q) => decodeURIComponentSafe(q), // decoded once too often
];

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Version-0 links with mutated JSON. */
function v0Input(rng: Rng): string {
  const doc = {
    task: pick(rng, ['beale', 'rosenbrock', 'nope', 7, null]),
    taskOptions: pick(rng, [{ x0: 1 }, { x0: 'a' }, [], 3]),
    optimizers: pick(rng, [
      [{ name: 'adam', params: { learningRate: 0.01 } }],
      [{ name: 'adam', params: { learningRate: -3 } }, 'sgd'],
      { name: 'adam' },
      [{ params: null }],
    ]),
    steps: pick(rng, [100, -1, '7', 1e9]),
    logScale: pick(rng, [true, 'yes']),
    smoothing: pick(rng, [0.3, 2]),
    extra: 1,
  };
  const json = JSON.stringify(doc);
  const cut = rng.next() < 0.3 ? json.slice(0, rng.int(json.length)) : json;
  return `spec=${encodeURIComponent(cut)}`;
}

function generateInputs(): { kind: string; q: string }[] {
  const rng = makeRng(0xf022);
  const inputs: { kind: string; q: string }[] = [];
  for (let i = 0; i < 300; i++) {
    inputs.push({ kind: 'random bytes', q: randomChars(rng, rng.int(i < 290 ? 300 : 20_000)) });
  }
  for (let i = 0; i < 800; i++) {
    let q = specToQuery(randomSpec(rng.fork(`base${i}`)));
    const n = 1 + rng.int(3);
    for (let k = 0; k < n; k++) q = pick(rng, MUTATIONS)(rng, q);
    inputs.push({ kind: 'mutated', q });
  }
  for (let i = 0; i < 100; i++) inputs.push({ kind: 'version 0', q: v0Input(rng) });
  return inputs;
}

describe('URL decoder fuzz', () => {
  it('never throws, always opens a valid spec, and names a field in every rejection', () => {
    const inputs = generateInputs();
    expect(inputs.length).toBeGreaterThanOrEqual(1000);
    let rejected = 0;
    let messages = 0;
    let tooLong = 0;
    for (const { kind, q } of inputs) {
      let r: ReturnType<typeof specFromQuery>;
      try {
        r = specFromQuery(q);
      } catch (e) {
        throw new Error(`${kind} input threw: ${String(e)}\n${q.slice(0, 500)}`);
      }
      const valid = parseSpec(r.spec);
      if (valid.errors.length > 0)
        throw new Error(`invalid spec opened from ${q.slice(0, 300)}: ${valid.errors}`);
      const again = specFromQuery(specToQuery(r.spec));
      expect(again.errors).toEqual([]);
      expect(again.spec).toEqual(r.spec);
      for (const m of r.errors) {
        const match = FIELD_RE.exec(m);
        const root = match?.[1] ?? '';
        if (!match || !(KNOWN_ROOTS.includes(root) || q.includes(root))) {
          throw new Error(
            `message names no field: ${JSON.stringify(m)}\n from ${kind} input ${q.slice(0, 300)}`,
          );
        }
        expect(m.length).toBeLessThanOrEqual(400);
      }
      if (r.errors.length > 0) rejected++;
      messages += r.errors.length;
      if (r.errors.some((m) => m.startsWith('query: the link is too long'))) tooLong++;
    }
    console.info(
      `URL fuzz: ${inputs.length} inputs, ${rejected} with rejections (${messages} messages), ${tooLong} refused as too long`,
    );
    expect(rejected).toBeGreaterThan(900);
    expect(tooLong).toBeGreaterThan(10);
  });
});
