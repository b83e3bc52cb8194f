import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main as run } from '../../src/cli/run';

async function call(args: string[]) {
  let out = '';
  let err = '';
  const code = await run(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'csv-'));
const rows = Array.from(
  { length: 40 },
  (_, i) => `${(i % 2) * 2 - 1 + (i % 7) / 10},${i / 40},${i % 2 ? 'yes' : 'no'}`,
);
const good = join(dir, 'two.csv');
writeFileSync(good, `f1,f2,label\n${rows.join('\n')}\n`);

describe('cli run --task csv --data', () => {
  it('trains on the file; the spec records hash, name and shape; held-out accuracy reported', async () => {
    const r = await call([
      ...['--task', 'csv', '--data', good, '--opt', 'adam:lr=0.05', '--steps', '40'],
      ...['--backend', 'cpu', '--json', '--print-url'],
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.task.options).toMatchObject({ file: 'two.csv', rows: 40, features: 2, classes: 2 });
    expect(doc.task.options.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(doc.url).toContain(
      `task=csv(hash=${doc.task.options.hash},file=two.csv,rows=40,features=2,classes=2)`,
    );
    expect(doc.runs[0].losses[40]).toBeLessThan(doc.runs[0].losses[0]);
    expect(doc.runs[0].evalAccuracy).toBeGreaterThan(0.5);
  });

  it('a bad file or a non-csv task exits 2 naming the row and column', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      `f1,f2,label\n${rows.slice(0, 20).join('\n')}\n1,x,yes\n${rows.slice(20).join('\n')}\n`,
    );
    const r = await call(['--task', 'csv', '--data', bad, '--backend', 'cpu']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`run: --data: ${bad}: row 22, column 2 ('f2'): 'x' is not a number\n`);
    const other = await call(['--task', 'beale', '--data', good, '--backend', 'cpu']);
    expect(other.err).toBe('run: --data: only for --task csv (the task is beale)\n');
    const none = await call(['--task', 'csv', '--steps', '5', '--backend', 'cpu']);
    expect(none.code).toBe(1);
    expect(none.err).toBe('run: error: csv: no data yet: upload a CSV file (CLI: --data <file.csv>)\n');
  });
});
