/**
 * End-to-end: share, reproduce, export (src/ui/share). Copy link (clipboard, and the
 * read-only fallback field) → a fresh page gets the same spec and, on the cpu backend,
 * bit-identical losses; broken links name the bad field; CSV/JSON downloads (headers, row
 * counts); JSON import in a fresh page restores spec and curves without running (and a bad
 * file changes nothing); PNG export of the charts (signature, size, theme background);
 * a link naming missing local learned-optimizer weights says so. Screenshots: test-artifacts/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { artifactPath, backendName, losses, openPage, runToEnd, serveApp, setField, shot } from './harness';

const app = serveApp();

type Handle = {
  __playground: {
    useSpec: { getState(): { spec: unknown } };
    useRun: { getState(): { state: string; imported: unknown } };
  };
};

async function specOf(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as Handle).__playground.useSpec.getState().spec);
}

async function download(page: Page, testId: string): Promise<{ d: Download; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await d.path();
  return { d, bytes: readFileSync(path) };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk (after checking the signature). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(Array.from(bytes.subarray(0, 8))).toEqual(PNG_SIGNATURE);
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** RGBA of pixel (x, y) of a PNG, decoded by the browser. */
async function pngPixel(page: Page, bytes: Buffer, x: number, y: number): Promise<number[]> {
  return page.evaluate(
    async ({ b64, x, y }) => {
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bin], { type: 'image/png' }));
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(bmp, 0, 0);
      return Array.from(ctx.getImageData(x, y, 1, 1).data);
    },
    { b64: bytes.toString('base64'), x, y },
  );
}

/** Distinct colours in a PNG (quantised), to see that something was drawn. */
async function pngColours(page: Page, bytes: Buffer): Promise<number> {
  return page.evaluate(async (b64) => {
    const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bin], { type: 'image/png' }));
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(bmp, 0, 0);
    const d = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4)
      seen.add(((d[i] >> 4) << 8) | ((d[i + 1] >> 4) << 4) | (d[i + 2] >> 4));
    return seen.size;
  }, bytes.toString('base64'));
}

function rgbOf(css: string): number[] {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [];
}

let exportedJson = '';
let exportedLosses: number[][] = [];
let exportedSpec: unknown = null;

describe('share, reproduce, export (built app in Chromium)', () => {
  it('Copy link → the same spec and bit-identical first 50 losses in a fresh page (cpu)', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}?backend=cpu`);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.url });
    expect(await backendName(page)).toBe('cpu');
    await setField(page, 'opt-0-lr', '0.02');
    await setField(page, 'seed', '5');
    await setField(page, 'steps', '50');
    await page.getByRole('button', { name: '+ Add optimizer' }).click();
    await page.getByTestId('opt-2').locator('select').selectOption('rmsprop');
    await setField(page, 'opt-2-lr', '0.003');
    await page.getByTestId('copy-link').click();
    await expect.poll(() => page.getByTestId('copy-link').textContent()).toBe('Copied');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link.startsWith(app.server.url)).toBe(true);
    expect(link).toContain('seed=5');
    expect(link).toContain('opt=rmsprop(lr=0.003');
    expect(link).toContain('opt=adam(lr=0.02');
    await shot(page, 'share-01-copied');
    await runToEnd(page);
    const a = await losses(page);
    expect(a.length).toBe(3);
    for (const l of a) expect(l.length).toBe(51);
    const specA = await specOf(page);

    const fresh = await openPage(app.browser, link);
    expect(await backendName(fresh.page)).toBe('cpu');
    expect(await specOf(fresh.page)).toEqual(specA);
    expect(await fresh.page.locator('.notice').count()).toBe(0);
    await runToEnd(fresh.page);
    const b = await losses(fresh.page);
    // Bit-identical: the same float32 values, compared exactly.
    expect(b.map((l) => l.slice(0, 50))).toEqual(a.map((l) => l.slice(0, 50)));
    expect(b).toEqual(a);
    await shot(fresh.page, 'share-02-opened-link');
    expect(errors).toEqual([]);
    expect(fresh.errors).toEqual([]);
    await fresh.page.context().close();
    await page.context().close();
  });

  it('without a clipboard, Copy link shows the link selected in a read-only field', async () => {
    const { page, errors } = await openPage(app.browser, 'about:blank');
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
    });
    await page.goto(`${app.server.url}?task=beale&seed=9`);
    await backendName(page);
    await page.getByTestId('copy-link').click();
    const field = page.getByTestId('share-link');
    await expect.poll(() => field.isVisible()).toBe(true);
    const value = await field.inputValue();
    expect(value).toBe(
      `${app.server.url}?v=1&task=beale&opt=adam(lr=0.01)&opt=adamod(lr=0.01)&steps=500&seed=9`,
    );
    expect(await field.getAttribute('readonly')).not.toBeNull();
    const sel = await field.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd]);
    expect(sel).toEqual([0, value.length]);
    expect(await page.getByTestId('copy-link').textContent()).toBe('Copy link');
    await shot(page, 'share-03-fallback-field');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the share bar fits a narrow screen (wraps, nothing overflows)', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, { width: 420, height: 800 });
    await backendName(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const id of ['copy-link', 'export-csv', 'export-json', 'import-button'])
      expect(await page.getByTestId(id).isVisible()).toBe(true);
    await shot(page, 'share-11-narrow');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('each of six broken links gives a message naming the field', async () => {
    const cases: [string, RegExp][] = [
      [
        '?opt=adam(lr=50)',
        /optimizer #1 \(Adam\): learning rate 50 is out of range \[1e-7, 10\]; kept 0\.001/,
      ],
      ['?steps=-3', /steps -3 must be ≥ 1 \(allowed \[1, 100000\]\); kept 500/],
      ['?task=nosuchtask', /task: unknown task 'nosuchtask'/],
      ['?opt=adam(beta9=1)', /optimizer #1 \(Adam\): .*beta9/],
      [
        '?seed=1.5&chart=smoothing=2',
        /seed 1\.5 must be an integer[\s\S]*chart smoothing 2 must be ≤ 0\.999/,
      ],
      ['?opt=adam(lr=0.01', /optimizer #1 \(Adam\), learning rate: no closing '\)'/],
    ];
    const { page, errors } = await openPage(app.browser, 'about:blank');
    for (const [i, [q, re]] of cases.entries()) {
      await page.goto(`${app.server.url}${q}`);
      const notice = page.locator('.notice').filter({ hasText: 'Some settings in the URL were not applied' });
      await expect.poll(() => notice.count()).toBe(1);
      expect(await notice.textContent()).toMatch(re);
      expect(await notice.textContent()).toContain('The address bar now shows the repaired link.');
      // The broken query is gone from the address bar: it holds a link that parses cleanly.
      expect(new URL(page.url()).search).not.toBe(q);
      await shot(page, `share-04-broken-link-${i + 1}`);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('exports CSV and JSON (headers, row counts) and each chart as a PNG', async () => {
    const { page, errors } = await openPage(
      app.browser,
      `${app.server.url}?task=rosenbrock&opt=adam(lr=0.02)&opt=adamod(lr=0.02,label='AdaMod, slow')&steps=60&seed=3&backend=cpu`,
    );
    expect(await backendName(page)).toBe('cpu');
    expect(await page.getByTestId('export-csv').isDisabled()).toBe(true);
    await runToEnd(page);
    exportedLosses = await losses(page);
    exportedSpec = await specOf(page);

    const csv = await download(page, 'export-csv');
    expect(csv.d.suggestedFilename()).toBe('optimizer-playground-rosenbrock-seed-3.csv');
    const rows = csv.bytes.toString('utf8').split('\r\n');
    expect(rows[0]).toBe('step,Adam (lr=0.02),"AdaMod, slow"');
    expect(rows.length).toBe(1 + 61 + 1); // header, steps 0..60, trailing empty
    expect(rows[1].startsWith('0,')).toBe(true);
    expect(rows[61].startsWith('60,')).toBe(true);
    expect(Math.fround(Number(rows[61].split(',')[1]))).toBe(exportedLosses[0][60]);

    const json = await download(page, 'export-json');
    expect(json.d.suggestedFilename()).toBe('optimizer-playground-rosenbrock-seed-3.json');
    exportedJson = json.bytes.toString('utf8');
    const doc = JSON.parse(exportedJson);
    expect(doc.kind).toBe('optimizer-playground-export');
    expect(doc.version).toBe(1);
    expect(doc.appVersion).toBe('0.1.0');
    expect(doc.backend).toBe('cpu');
    expect(typeof doc.exportedAt).toBe('string');
    expect(doc.spec.seed).toBe(3);
    expect(doc.runs.map((r: { label: string }) => r.label)).toEqual(['Adam', 'AdaMod, slow']);
    for (const r of doc.runs) {
      expect(r.losses.length).toBe(61);
      expect(r.trajectory.length).toBe(122);
      expect(Object.keys(r.probes)).toContain('updateNorm');
    }
    expect(Object.keys(doc.runs[1].probes)).toContain('etaQuantiles');
    writeFileSync(artifactPath('share-export.json'), exportedJson);

    const bg = rgbOf(
      await page.getByTestId('loss-chart').evaluate((el) => getComputedStyle(el).backgroundColor),
    );
    for (const name of ['loss', 'landscape-rosenbrock', 'adamod-2', 'probe-updatenorm']) {
      const png = await download(page, `png-${name}`);
      expect(png.d.suggestedFilename()).toBe(`${name}.png`);
      const { width, height } = pngSize(png.bytes);
      expect(width).toBeGreaterThan(200);
      expect(height).toBeGreaterThan(100);
      expect((await pngPixel(page, png.bytes, 3, 3)).slice(0, 3)).toEqual(bg);
      expect(await pngColours(page, png.bytes)).toBeGreaterThan(8);
      writeFileSync(artifactPath(`share-05-${name}.png`), png.bytes);
    }
    await shot(page, 'share-05-exported');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('imports the JSON in a fresh page: same spec and curves, without running; a bad file changes nothing', async () => {
    expect(exportedJson).not.toBe('');
    const { page, errors } = await openPage(app.browser, `${app.server.url}?task=beale&seed=11`, {
      dark: true,
    });
    await backendName(page);
    const before = await specOf(page);
    const input = page.getByTestId('import-json');

    // A broken file first: a message naming the fields, nothing changed.
    const bad = JSON.parse(exportedJson);
    bad.runs[0].losses[3] = 'x';
    bad.spec.steps = 0;
    await input.setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    const err = page.locator('.notice-error');
    await expect.poll(() => err.count()).toBe(1);
    expect(await err.textContent()).toMatch(/Could not import bad\.json; nothing was changed/);
    expect(await err.textContent()).toMatch(/runs\[0\]\.losses\[3\]: must be a number or null/);
    expect(await specOf(page)).toEqual(before);
    await shot(page, 'share-06-import-error');
    await input.setInputFiles({
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"hello":1}'),
    });
    await expect
      .poll(() => err.textContent())
      .toMatch(
        /notes\.json is a JSON file of another kind \(it has no "kind": "optimizer-playground-export"\)/,
      );
    expect(await specOf(page)).toEqual(before);

    await input.setInputFiles({
      name: 'run.json',
      mimeType: 'application/json',
      buffer: Buffer.from(exportedJson),
    });
    const note = page.getByTestId('imported-notice');
    await expect.poll(() => note.count()).toBe(1);
    expect(await note.textContent()).toMatch(/Imported from run\.json, not re-run/);
    expect(await note.textContent()).toMatch(/60 steps computed on cpu by app version 0\.1\.0/);
    expect(await page.locator('.notice-error').count()).toBe(0);
    expect(await specOf(page)).toEqual(exportedSpec);
    expect(await losses(page)).toEqual(exportedLosses);
    expect(await page.getByTestId('run-state').textContent()).toBe('idle');
    expect(await page.getByTestId('step-counter').textContent()).toBe('60');
    const paths = page.locator('[data-testid=loss-chart] path.fast-line');
    await expect.poll(() => paths.count()).toBe(2);
    await page.waitForTimeout(500);
    await shot(page, 'share-07-imported-dark', true);

    // Dark theme PNG: background of the dark panel.
    const bg = rgbOf(
      await page.getByTestId('loss-chart').evaluate((el) => getComputedStyle(el).backgroundColor),
    );
    expect(bg[0]).toBeLessThan(60);
    const png = await download(page, 'png-loss');
    pngSize(png.bytes);
    expect((await pngPixel(page, png.bytes, 3, 3)).slice(0, 3)).toEqual(bg);
    writeFileSync(artifactPath('share-08-loss-dark.png'), png.bytes);

    // Re-exporting the imported runs gives the same curves (and the original backend).
    const again = JSON.parse((await download(page, 'export-json')).bytes.toString('utf8'));
    const orig = JSON.parse(exportedJson);
    expect(again.runs).toEqual(orig.runs);
    expect(again.backend).toBe('cpu');

    // Reset leaves the imported state; so does changing the seed after a second import.
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => note.count()).toBe(0);
    expect(await page.getByTestId('step-counter').textContent()).toBe('0');
    await input.setInputFiles({
      name: 'run.json',
      mimeType: 'application/json',
      buffer: Buffer.from(exportedJson),
    });
    await expect.poll(() => note.count()).toBe(1);
    expect(await losses(page)).toEqual(exportedLosses);
    await setField(page, 'seed', '4');
    await expect.poll(() => note.count()).toBe(0);
    await expect.poll(async () => (await losses(page)).every((l) => l.length === 0)).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a link naming local learned-optimizer weights this browser lacks says so and offers a way', async () => {
    const { page, errors } = await openPage(
      app.browser,
      `${app.server.url}?task=quadratic&opt=rnnprop(weights=local:shared-by-friend)&opt=adam(lr=0.01)&steps=20`,
    );
    await backendName(page);
    const box = page.getByTestId('missing-weights');
    await expect.poll(() => box.count()).toBe(1);
    const text = await box.textContent();
    expect(text).toMatch(
      /optimizers\[0\] \(RNNprop\) uses local:shared-by-friend, which is not saved in this browser/,
    );
    expect(
      await box.getByRole('button', { name: /Load its files \(shared-by-friend\.json \+ \.bin\)/ }).count(),
    ).toBe(1);
    await shot(page, 'share-09-missing-weights');
    await box.getByRole('button', { name: /Re-train it/ }).click();
    await expect
      .poll(() => page.getByRole('tab', { name: 'Meta-train' }).getAttribute('aria-selected'))
      .toBe('true');
    await page.getByRole('tab', { name: 'Compare' }).click();

    // Wrong files: named, nothing saved.
    const files = box.getByLabel('weight files for local:shared-by-friend');
    await files.setInputFiles([
      join('public', 'pretrained', 'dmoptimizer-mnist.json'),
      join('public', 'pretrained', 'dmoptimizer-mnist.bin'),
    ]);
    await expect
      .poll(() => box.locator('.field-error').textContent(), { timeout: 60_000 })
      .toMatch(/these are dmoptimizer weights; the link needs rnnprop weights/);
    // The friend's files (here: the shipped RNNprop weights) are saved as local:shared-by-friend.
    await files.setInputFiles([
      join('public', 'pretrained', 'rnnprop-mnist.json'),
      join('public', 'pretrained', 'rnnprop-mnist.bin'),
    ]);
    await expect.poll(() => page.getByTestId('missing-weights').count(), { timeout: 60_000 }).toBe(0);
    await runToEnd(page);
    const ls = await losses(page);
    expect(ls.map((l) => l.length)).toEqual([21, 21]);
    expect(ls[0].every(Number.isFinite)).toBe(true);
    await shot(page, 'share-10-local-weights-loaded');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a link naming pretrained weights: shipped ones pass silently, unknown ones are named', async () => {
    const { page, errors } = await openPage(
      app.browser,
      `${app.server.url}?task=quadratic&opt=rnnprop(weights=pretrained:rnnprop-mnist)`,
    );
    await backendName(page);
    await page.waitForTimeout(1000);
    expect(await page.getByTestId('missing-weights').count()).toBe(0);
    await page.goto(`${app.server.url}?task=quadratic&opt=rnnprop(weights=pretrained:no-such-weights)`);
    await expect.poll(() => page.getByTestId('missing-weights').count()).toBe(1);
    expect(await page.getByTestId('missing-weights').textContent()).toMatch(
      /pretrained:no-such-weights, which this version of the app does not ship/,
    );
    expect(errors.filter((e) => !/404|Failed to load resource/.test(e))).toEqual([]);
    await page.context().close();
  });
});
