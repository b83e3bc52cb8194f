/**
 * Hosting (issue 16): `vite preview` sends the CSP, X-Frame-Options and nosniff headers; the
 * built index.html carries the CSP as a <meta> tag; a link far past 16 KB reaches the app,
 * which says "link too long" (no HTTP 431); a wasm run works under the CSP with no console
 * error (no CSP violation); and the bundle contains no eval( or new Function.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP, META_CSP } from '../../vite.config';
import { openPage, runToEnd, serveApp, waitState } from './harness';

const DIST = join(process.cwd(), 'dist');
const app = serveApp();

describe('built bundle', () => {
  it.skipIf(!existsSync(DIST))('contains no eval( and no new Function (run `npm run build` first)', () => {
    const files = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThanOrEqual(3); // app + two workers
    const hits: string[] = [];
    for (const f of files) {
      const text = readFileSync(join(DIST, 'assets', f), 'utf8');
      for (const m of text.matchAll(/(?<![\w$.])eval\(|new Function\b/g))
        hits.push(`${f}: ${text.slice(Math.max(0, m.index - 40), m.index + 40)}`);
    }
    expect(hits).toEqual([]);
  });

  it('dist/index.html carries the CSP (without frame-ancestors, which a meta tag cannot set)', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta?.[1].replaceAll('&#39;', "'")).toBe(META_CSP);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    expect(META_CSP).not.toContain('frame-ancestors');
  });
});

describe('vite preview', () => {
  it('sends the security headers', async () => {
    const res = await fetch(app.server.url);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(CSP).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('a 40 KB link reaches the app, which says it is too long', async () => {
    const url = `${app.server.url}?v=1&task=beale&label=${'a'.repeat(40_000)}`;
    expect((await fetch(url)).status).toBe(200);
    const { page, errors } = await openPage(app.browser, url);
    await page
      .getByText(/the link is too long \(\d+ characters; at most 32768\)/)
      .waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('runs on wasm under the CSP without a single console error', async () => {
    const { page, errors } = await openPage(
      app.browser,
      `${app.server.url}?v=1&task=rosenbrock&opt=adam(lr=0.01)&steps=30&backend=wasm`,
    );
    await waitState(page, 'idle', 60_000);
    await runToEnd(page);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
