import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/experiment/rng';
import { csvHash } from '../../src/core/tasks/csvHash';
import { cellNumber, MAX_CSV_BYTES, parseCsv, splitLine } from '../../src/core/tasks/csvParse';
import { splitTable } from '../../src/core/tasks/csvTask';

const rows = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
const IRIS_LIKE = `sepal,petal,species\n${rows(12, (i) => `${i}.5,${(i * 0.3).toFixed(1)},${['setosa', 'virginica', 'versicolor'][i % 3]}`)}\n`;

describe('parseCsv', () => {
  it('header, numeric features, text labels → classification with sorted class names', () => {
    const r = parseCsv(IRIS_LIKE);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    const t = r.table;
    expect(t.header).toEqual(['sepal', 'petal', 'species']);
    expect([t.rows, t.features, t.labelColumn]).toEqual([12, 2, 2]);
    expect(Array.from(t.x.slice(0, 4))).toEqual([0.5, 0, 1.5, 0.3]);
    expect(t.target.kind).toBe('classification');
    if (t.target.kind !== 'classification') return;
    expect(t.target.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(t.target.y.slice(0, 3))).toEqual([0, 2, 1]);
  });

  it('no header; whole-number labels → classes; fractional or many → regression; target forces it', () => {
    const ints = rows(10, (i) => `${i};${i * 2};${i % 2}`);
    const a = parseCsv(ints);
    expect(a.ok && a.table.header === null && a.table.target.kind).toBe('classification');
    const reals = rows(10, (i) => `${i}\t${i / 3}`);
    const b = parseCsv(reals);
    expect(b.ok && b.table.target.kind).toBe('regression');
    if (b.ok && b.table.target.kind === 'regression') expect(b.table.target.y[3]).toBeCloseTo(1, 12);
    const many = rows(60, (i) => `${i},${i}`);
    expect(
      parseCsv(many).ok && (parseCsv(many) as { table: { target: { kind: string } } }).table.target.kind,
    ).toBe('regression');
    const forced = parseCsv(ints, { target: 'regression' });
    expect(forced.ok && forced.table.target.kind).toBe('regression');
    // The label can be any column (1-based).
    const first = parseCsv(ints, { label: 3 });
    expect(first.ok && first.table.labelColumn).toBe(2);
    const mid = parseCsv(ints, { label: 1 });
    expect(mid.ok && Array.from(mid.table.x.slice(0, 2))).toEqual([0, 0]);
  });

  it('quotes, CRLF, BOM, blank lines', () => {
    const text = `\uFEFF"a","b,c",label\r\n${rows(10, (i) => `"${i}",${i + 1},"x""${i % 2}"`)}\r\n\r\n`;
    const r = parseCsv(text);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.table.header).toEqual(['a', 'b,c', 'label']);
    expect(r.table.target.kind === 'classification' && r.table.target.classes).toEqual(['x"0', 'x"1']);
    expect(splitLine('"a,b",c', ',')).toEqual(['a,b', 'c']);
    expect(splitLine('"a,b', ',')).toBe(null);
    expect(cellNumber(' 1e3 ')).toBe(1000);
    expect(cellNumber('0x10')).toBe(null);
    expect(cellNumber('Infinity')).toBe(null);
  });

  it('messages name the row (file line) and column', () => {
    const bad = IRIS_LIKE.replace('3.5,0.9', '3.5,abc');
    expect(parseCsv(bad)).toEqual({
      ok: false,
      errors: ["row 5, column 2 ('petal'): 'abc' is not a number"],
    });
    const empty = IRIS_LIKE.replace('3.5,0.9', '3.5,');
    expect(parseCsv(empty)).toEqual({
      ok: false,
      errors: ["row 5, column 2 ('petal'): empty cell (missing values are not supported)"],
    });
    const ragged = IRIS_LIKE.replace('3.5,0.9,setosa', '3.5,0.9');
    expect(parseCsv(ragged)).toEqual({ ok: false, errors: ['row 5: 2 columns, expected 3 (as in row 1)'] });
    expect(parseCsv('')).toEqual({ ok: false, errors: ['the file is empty: no rows'] });
    expect(parseCsv('a,b\n')).toEqual({ ok: false, errors: ['the file has a header row but no data rows'] });
    expect(parseCsv('1,2\n3,4\n')).toEqual({
      ok: false,
      errors: ['too few rows: 2 data rows; need at least 10'],
    });
    expect(parseCsv(rows(60, (i) => `${i},c${i}`))).toEqual({
      ok: false,
      errors: ['too many classes: 60 distinct labels in label column 2; at most 50'],
    });
    expect(parseCsv(rows(10, (i) => `${i},same`))).toEqual({
      ok: false,
      errors: ["label column 2: only one class ('same'); need at least 2"],
    });
    expect(parseCsv(IRIS_LIKE, { target: 'regression' })).toEqual({
      ok: false,
      errors: [
        "row 2, label column 3 ('species'): 'setosa' is not a number; regression needs a numeric target",
      ],
    });
    const big = 'x'.repeat(MAX_CSV_BYTES + 1);
    expect(parseCsv(big)).toEqual({
      ok: false,
      errors: [`the file is too large: ${MAX_CSV_BYTES + 1} bytes; at most ${MAX_CSV_BYTES} (5 MB)`],
    });
    // Many bad cells: the first five, then a count.
    const many = parseCsv(rows(12, (i) => `x${i},1`));
    expect(!many.ok && many.errors.length).toBe(6);
    expect(!many.ok && many.errors[5]).toBe('… and 7 more');
  });

  it('fuzz: 2,000 mutated CSVs never throw; every failure names a row or the file, every success is consistent', () => {
    const rng = makeRng(7);
    const alphabet = [
      '',
      ',',
      ';',
      '\t',
      '"',
      '\n',
      '\r\n',
      'a',
      '-',
      '.',
      'e',
      '1',
      '9',
      ' ',
      'NaN',
      '\uFEFF',
      '\u0000',
    ];
    for (let k = 0; k < 2000; k++) {
      let text = IRIS_LIKE;
      const edits = 1 + rng.int(6);
      for (let e = 0; e < edits; e++) {
        const at = rng.int(text.length + 1);
        const cut = rng.int(4);
        text = text.slice(0, at) + alphabet[rng.int(alphabet.length)] + text.slice(at + cut);
      }
      const r = parseCsv(text, {
        label: rng.int(4),
        target: (['auto', 'classification', 'regression'] as const)[rng.int(3)],
      });
      if (r.ok) {
        const t = r.table;
        expect(t.x.length).toBe(t.rows * t.features);
        expect(t.rows).toBeGreaterThanOrEqual(10);
        for (const v of t.x) expect(Number.isFinite(v)).toBe(true);
        if (t.target.kind === 'classification') {
          expect(t.target.y.length).toBe(t.rows);
          for (const c of t.target.y) expect(c >= 0 && c < t.target.classes.length).toBe(true);
        } else expect(t.target.y.length).toBe(t.rows);
      } else {
        expect(r.errors.length).toBeGreaterThan(0);
        for (const m of r.errors) expect(m).toMatch(/^(row \d+|the file|too |label column|… and)/);
      }
    }
  });
});

describe('csv split and hash', () => {
  it('seeded split: same seed → same rows; held-out fraction; features standardised on the train rows', () => {
    const r = parseCsv(rows(50, (i) => `${i},${100 + 2 * i},${i % 2}`));
    if (!r.ok) throw new Error('parse');
    const a = splitTable(r.table, 0.2, makeRng(1));
    const b = splitTable(r.table, 0.2, makeRng(1));
    const c = splitTable(r.table, 0.2, makeRng(2));
    expect([a.train.n, a.test.n, a.features, a.classes]).toEqual([40, 10, 2, 2]);
    expect(Array.from(a.test.x)).toEqual(Array.from(b.test.x));
    expect(Array.from(a.test.x)).not.toEqual(Array.from(c.test.x));
    for (let j = 0; j < 2; j++) {
      const col = Array.from({ length: 40 }, (_, i) => a.train.x[i * 2 + j]);
      const mean = col.reduce((s, v) => s + v, 0) / 40;
      const sd = Math.sqrt(col.reduce((s, v) => s + (v - mean) ** 2, 0) / 40);
      expect(mean).toBeCloseTo(0, 5);
      expect(sd).toBeCloseTo(1, 5);
    }
  });

  it('hash: 16 hex digits of SHA-256 of the text', async () => {
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223…
    expect(await csvHash('abc')).toBe('ba7816bf8f01cfea');
    expect(await csvHash('abd')).not.toBe('ba7816bf8f01cfea');
  });
});
