/**
 * End-to-end: "bring your own data" in Chromium — upload a small CSV, train an MLP on it, see
 * the loss fall and the held-out accuracy; the link carries the hash and shape, never the data,
 * and opening it asks for the same file; a bad CSV shows the row/column message. Screenshots at
 * 1280 px, 390 px and in dark mode.
 */
import { describe, expect, it } from 'vitest';
import { losses, openPage, runToEnd, serveApp, shot } from './harness';

const app = serveApp();

/** Two separable blobs in 3-D with text labels, 120 rows, a header. */
function blobs(): string {
  const lines = ['x1,x2,x3,label'];
  let s = 7;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
  for (let i = 0; i < 120; i++) {
    const c = i % 2;
    const p = [0, 1, 2].map(() => (c ? 1.5 : -1.5) + rand());
    lines.push(`${p.map((v) => v.toFixed(3)).join(',')},${c ? 'cat' : 'dog'}`);
  }
  return `${lines.join('\n')}\n`;
}

const CSV = blobs();
const file = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
const QUERY = '?v=1&task=csv&opt=adam(lr=0.05)&opt=sgd(lr=0.3)&steps=60&seed=1&backend=wasm';

describe('bring your own data (built app in Chromium)', () => {
  it('upload a CSV, train, see the loss and the held-out accuracy; the link keeps only hash and shape', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}${QUERY}`, { height: 1000 });
    await page.getByTestId('csv-file').setInputFiles(file('blobs.csv', CSV));
    await expect
      .poll(() => page.getByTestId('csv-summary').textContent())
      .toMatch(/^blobs\.csv: 120 rows × 3 features, 2 classes · hash [0-9a-f]{16} · stays in this browser$/);
    const spec = await page.evaluate(
      () =>
        (
          window as unknown as { __playground: { useSpec: { getState(): { spec: { task: unknown } } } } }
        ).__playground.useSpec.getState().spec.task,
    );
    expect(spec).toMatchObject({
      id: 'csv',
      options: { file: 'blobs.csv', rows: 120, features: 3, classes: 2 },
    });
    await runToEnd(page);
    const l = await losses(page);
    expect(l).toHaveLength(2);
    expect(l[0][60]).toBeLessThan(l[0][0] * 0.5);
    await page.getByTestId('metric-accuracy').check();
    const held = page.getByTestId('heldout-chart');
    await expect.poll(() => held.getAttribute('data-lines')).toBe('2');
    const acc = await page.evaluate(() => {
      const pg = (
        window as unknown as { __playground: { series: { evals: { accuracy: number[][] | null }[] } } }
      ).__playground;
      return pg.series.evals.at(-1)?.accuracy?.[0][0] ?? null;
    });
    expect(acc).toBeGreaterThan(0.9);
    await shot(page, 'csv-trained');
    // The link: hash, file name and shape; none of the data.
    await expect.poll(() => page.url()).toContain('hash=');
    const url = page.url();
    expect(decodeURIComponent(url)).toContain('file=blobs.csv');
    expect(url).not.toContain('dog');
    expect(errors).toEqual([]);

    // Opening the link in a fresh page asks for the file; another file is refused; the same one is taken.
    const fresh = await openPage(app.browser, url, { height: 1000, dark: true });
    await expect
      .poll(() => fresh.page.getByTestId('csv-needs-file').textContent())
      .toMatch(/^This link trains on 'blobs\.csv' \(120 rows × 3 features, 2 classes, hash [0-9a-f]{16}\)/);
    await shot(fresh.page, 'csv-link-needs-file-dark');
    await fresh.page.getByTestId('csv-file').setInputFiles(file('other.csv', CSV.replace('cat', 'dog')));
    await expect
      .poll(() => fresh.page.getByTestId('csv-mismatch').textContent())
      .toMatch(/^other\.csv is not the link's file/);
    await fresh.page.getByTestId('csv-file').setInputFiles(file('copy.csv', CSV));
    await expect.poll(() => fresh.page.getByTestId('csv-needs-file').count()).toBe(0);
    await runToEnd(fresh.page);
    const l2 = await losses(fresh.page);
    expect(l2[0]).toEqual(l[0]);
    expect(fresh.errors).toEqual([]);
  });

  it('a bad CSV shows the row and column; at 390 px too', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}${QUERY}`, {
      width: 390,
      height: 844,
    });
    const bad = CSV.split('\n');
    bad[5] = '0.1,oops,0.3,cat';
    await page.getByTestId('csv-file').setInputFiles(file('bad.csv', bad.join('\n')));
    await expect
      .poll(() => page.getByTestId('csv-errors').textContent())
      .toBe("bad.csv: row 6, column 2 ('x2'): 'oops' is not a number");
    await page.getByTestId('csv-errors').scrollIntoViewIfNeeded();
    await shot(page, 'csv-bad-390');
    bad[5] = '0.1,0.2,cat';
    await page.getByTestId('csv-file').setInputFiles(file('ragged.csv', bad.join('\n')));
    await expect
      .poll(() => page.getByTestId('csv-errors').textContent())
      .toBe('ragged.csv: row 6: 3 columns, expected 4 (as in row 1)');
    expect(errors).toEqual([]);
  });
});
