/**
 * End-to-end: classroom/embed mode (src/ui/embed). `embed=1` shows a focused view (no header,
 * intro or tabs; charts and the run bar), `hide=controls,meta,share` hides those panels for real,
 * unknown names get a notice and are dropped from the address bar, the link still runs the same
 * experiment, Share → Embed offers the embed link and an <iframe> snippet, and only embed links
 * may be framed by another site (CSP frame-ancestors / X-Frame-Options).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CSP } from '../../vite.config';
import { ARTIFACTS, backendName, openPage, runToEnd, serveApp, shot } from './harness';

const app = serveApp();

type Handle = { __playground: { useSpec: { getState(): { spec: unknown } } } };
const specOf = (page: Page) =>
  page.evaluate(() => (window as unknown as Handle).__playground.useSpec.getState().spec);

const EXPERIMENT = '?v=1&task=beale&opt=adam(lr=0.05)&opt=sgd(lr=0.005)&steps=60&seed=3&backend=cpu';

describe('embed mode (built app in Chromium)', () => {
  for (const view of [
    { name: '1280', width: 1280, dark: false },
    { name: '390', width: 390, dark: false },
    { name: 'dark', width: 1280, dark: true },
  ]) {
    it(`embed=1&hide=controls: charts and the run bar only, same experiment (${view.name})`, async () => {
      const full = await openPage(app.browser, `${app.server.url}${EXPERIMENT}`);
      await backendName(full.page);
      const spec = await specOf(full.page);
      await full.page.context().close();

      const { page, errors } = await openPage(
        app.browser,
        `${app.server.url}${EXPERIMENT}&embed=1&hide=controls`,
        {
          width: view.width,
          height: 720,
          dark: view.dark,
        },
      );
      await backendName(page);
      expect(await specOf(page)).toEqual(spec);
      expect(await page.getByTestId('embed-bar').count()).toBe(1);
      // Really hidden: not rendered at all.
      for (const gone of [
        'header.topbar',
        '[data-testid=copy-link]',
        '[data-testid=task-select]',
        '[role=tab]',
      ])
        expect(await page.locator(gone).count(), gone).toBe(0);
      expect(await page.getByText('Race neural-network optimizers').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Run', exact: true }).isVisible()).toBe(true);
      await runToEnd(page);
      expect(await page.getByTestId('loss-chart').isVisible()).toBe(true);
      expect(await page.getByTestId('contour-map').count()).toBe(1);
      // The address bar keeps the view; "Open in the playground" opens the plain experiment link.
      await expect.poll(() => page.evaluate(() => location.search)).toMatch(/&embed=1&hide=controls$/);
      const open = await page.getByTestId('open-full').getAttribute('href');
      expect(open).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?v=1&task=beale/);
      expect(open).not.toMatch(/embed|hide/);
      expect(await page.getByTestId('open-full').getAttribute('target')).toBe('_blank');
      await shot(page, `embed-${view.name}`);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  it('hide=controls,meta,share without embed; unknown names get a notice and leave the link', async () => {
    const { page, errors } = await openPage(
      app.browser,
      `${app.server.url}${EXPERIMENT}&hide=meta,bogus,share`,
    );
    await backendName(page);
    expect(await page.locator('header.topbar').count()).toBe(1);
    expect(await page.getByTestId('copy-link').count()).toBe(0);
    expect(await page.getByRole('tab', { name: 'Meta-train' }).count()).toBe(0);
    expect(await page.getByTestId('task-select').count()).toBe(1);
    const notice = page.locator('.notice', { hasText: 'Some settings in the URL were not applied' });
    expect(await notice.textContent()).toMatch(
      /hide: unknown panel "bogus" ignored; valid: controls, meta, share/,
    );
    await expect.poll(() => page.evaluate(() => location.search)).toMatch(/&hide=meta,share$/);
    await shot(page, 'embed-hide-notice');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('Share → Embed gives the embed link and an <iframe> snippet that reproduce the experiment', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}${EXPERIMENT}`, { height: 900 });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.url });
    await backendName(page);
    await page.getByTestId('embed-share').locator('summary').click();
    const link = page.getByTestId('embed-link');
    await expect.poll(() => link.isVisible()).toBe(true);
    const url = await link.inputValue();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?v=1&task=beale.*&embed=1&hide=controls$/);
    await page.getByTestId('copy-embed-link').click();
    await expect.poll(() => page.getByTestId('copy-embed-link').textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    const snippet = await page.getByTestId('embed-snippet').inputValue();
    expect(snippet).toBe(
      `<iframe src="${url.replaceAll('&', '&amp;')}" title="Optimizer Playground: Beale" width="100%" height="620" style="border:0" loading="lazy"></iframe>`,
    );
    await page.getByTestId('embed-hide-controls').uncheck();
    expect(await link.inputValue()).toMatch(/&embed=1$/);
    await shot(page, 'embed-share-popover');
    const spec = await specOf(page);
    const fresh = await openPage(app.browser, url);
    expect(await specOf(fresh.page)).toEqual(spec);
    await fresh.page.context().close();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('only embed links may be framed by another site', async () => {
    const embedHead = await fetch(`${app.server.url}${EXPERIMENT}&embed=1`);
    expect(embedHead.headers.get('content-security-policy')).toBe(
      CSP.replace("frame-ancestors 'none'", 'frame-ancestors *'),
    );
    expect(embedHead.headers.get('x-frame-options')).toBeNull();
    expect(embedHead.headers.get('x-content-type-options')).toBe('nosniff');
    const plainHead = await fetch(`${app.server.url}${EXPERIMENT}`);
    expect(plainHead.headers.get('x-frame-options')).toBe('DENY');
    expect(plainHead.headers.get('content-security-policy')).toBe(CSP);

    // A lesson page on another origin (another port) frames both links: the embed link loads
    // and runs there.
    const embedSrc = `${app.server.url}${EXPERIMENT}&embed=1&hide=controls`;
    const plainSrc = `${app.server.url}${EXPERIMENT}`;
    const lesson = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><h1>Lesson</h1>
<iframe id="embed" src="${embedSrc.replaceAll('&', '&amp;')}" width="1000" height="640"></iframe>
<iframe id="plain" src="${plainSrc.replaceAll('&', '&amp;')}" width="600" height="200"></iframe>`);
    });
    await new Promise<void>((ok) => lesson.listen(0, '127.0.0.1', ok));
    const port = (lesson.address() as AddressInfo).port;
    const ctx = await app.browser.newContext({ viewport: { width: 1280, height: 1100 } });
    const page = await ctx.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    const embed = page.frameLocator('#embed');
    await embed.getByTestId('embed-bar').waitFor({ timeout: 60_000 });
    await embed.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => embed.getByTestId('run-state').textContent(), { timeout: 120_000 }).toBe('done');
    // The plain link is refused in a frame (frame-ancestors 'none'): nothing of the app renders.
    await page.waitForTimeout(1000);
    expect(await page.frameLocator('#plain').locator('#root').count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/embed-framed.png` });
    await ctx.close();
    lesson.close();
  });
});
