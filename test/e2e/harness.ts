/**
 * E2E harness: serve dist/ with `vite preview` on 127.0.0.1 (started and stopped here),
 * drive Debian's Chromium with playwright-core (WebGPU via --enable-unsafe-webgpu on the
 * SwiftShader software adapter), collect console errors, save screenshots to test-artifacts/.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const ARTIFACTS = join(process.cwd(), 'test-artifacts');

/** Path of an artifact file, the folder made first (a clean clone has none; git ignores it). */
export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface Server {
  url: string;
  stop(): Promise<void>;
}

export async function startPreview(): Promise<Server> {
  if (!existsSync(join(process.cwd(), 'dist', 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` before the e2e tests');
  }
  const port = await freePort();
  const proc: ChildProcess = spawn(
    process.execPath,
    [
      join('node_modules', 'vite', 'bin', 'vite.js'),
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  proc.stdout?.on('data', (d) => {
    log += String(d);
  });
  proc.stderr?.on('data', (d) => {
    log += String(d);
  });
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill();
      throw new Error(`vite preview did not start on ${url}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

export async function launchBrowser(): Promise<Browser> {
  const args = ['--enable-unsafe-webgpu', '--disable-quic', '--disable-background-networking'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return chromium.launch({ executablePath: CHROMIUM, args });
}

export interface TrackedPage {
  page: Page;
  errors: string[];
}

/** A page that records console errors, page errors and failed requests. */
export async function openPage(
  browser: Browser,
  url: string,
  opts: { width?: number; height?: number; dark?: boolean } = {},
): Promise<TrackedPage> {
  const ctx = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 720 },
    colorScheme: opts.dark ? 'dark' : 'light',
  });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText ?? '';
    // A fetch cut short by the page navigating away (a test opening the next link) is not an
    // app error; every other failed request is.
    if (why !== 'net::ERR_ABORTED') errors.push(`request failed: ${r.url()} ${why}`);
  });
  await page.goto(url);
  return { page, errors };
}

export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: artifactPath(`${name}.png`), fullPage });
}

/** Text of the backend badge once a backend has been chosen. */
export async function backendName(page: Page): Promise<string> {
  const badge = page.getByTestId('backend-badge');
  await page.waitForFunction(
    () => {
      const t = document.querySelector('[data-testid=backend-badge]')?.textContent ?? '';
      return t !== '' && t !== 'backend…';
    },
    undefined,
    { timeout: 60_000 },
  );
  return (await badge.textContent()) ?? '';
}

export async function waitState(page: Page, state: string, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    (s) => document.querySelector('[data-testid=run-state]')?.textContent === s,
    state,
    { timeout },
  );
}

/** Per-run losses, from the app's read-only test handle. */
export async function losses(page: Page): Promise<number[][]> {
  return page.evaluate(() => {
    const pg = (
      window as unknown as { __playground: { series: { runs: { losses: { view(): Float32Array } }[] } } }
    ).__playground;
    return pg.series.runs.map((r) => Array.from(r.losses.view()));
  });
}

export async function setField(page: Page, testId: string, value: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(value);
}

/** Serve dist/ and launch Chromium once for the calling test file; both stop after it. */
export function serveApp(): { readonly server: Server; readonly browser: Browser } {
  let server: Server | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startPreview();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('e2e: the preview server is not up yet');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('e2e: the browser is not up yet');
      return browser;
    },
  };
}

/** Set the step count (unless omitted), press Run and wait for the run to finish. */
export async function runToEnd(page: Page, steps?: number, timeout = 180_000): Promise<void> {
  if (steps !== undefined) await setField(page, 'steps', String(steps));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await waitState(page, 'done', timeout);
}
