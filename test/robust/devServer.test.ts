/**
 * The dev server (`npm start`): security headers (a CSP that allows only what Fast Refresh
 * needs beyond the built app's), and links far past Node's 16 KB header limit reach the app
 * instead of HTTP 431. Labels with bidirectional overrides are refused by the schema.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/core/experiment/schema';
import { specFromQuery } from '../../src/core/experiment/url';
import { DEV_CSP } from '../../vite.config';

const ROOT = join(import.meta.dirname, '..', '..');
let server: ViteDevServer;
let base = '';
beforeAll(async () => {
  server = await createServer({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    server: { port: 0, strictPort: false, hmr: false },
    logLevel: 'silent',
  });
  await server.listen();
  base = `http://127.0.0.1:${(server.httpServer!.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await server?.close();
});

describe('dev server', () => {
  it('sends the security headers', async () => {
    const res = await fetch(base);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(DEV_CSP);
    expect(DEV_CSP).toContain("frame-ancestors 'none'");
    expect(DEV_CSP).not.toContain("'unsafe-eval'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([16 * 1024, 100 * 1024])('serves a %i-character link (no HTTP 431)', async (n) => {
    const res = await fetch(`${base}?v=1&task=beale&label=${'a'.repeat(n)}`);
    expect(res.status).toBe(200);
  });
});

describe('labels', () => {
  it.each(['\u202E', '\u202A', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069'])(
    'refuses bidi control U+%s in a label, naming the field',
    (ch) => {
      const r = parseSpec({ v: 1, optimizers: [{ id: 'adam', hyper: {}, label: `evil${ch}gpj.exe` }] });
      expect(r.errors).toEqual([
        'optimizers[0].label: must not contain bidirectional-override characters (U+202A–U+202E, U+2066–U+2069)',
      ]);
    },
  );
  it('refuses it in a link too, and keeps ordinary right-to-left text', () => {
    expect(specFromQuery('v=1&opt=adam(label=a%E2%80%AEb)').errors.join('\n')).toMatch(
      /bidirectional-override/,
    );
    expect(parseSpec({ v: 1, optimizers: [{ id: 'adam', hyper: {}, label: 'آدام' }] }).errors).toEqual([]);
  });
});
