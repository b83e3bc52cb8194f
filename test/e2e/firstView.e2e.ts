/**
 * End-to-end: the first view (issue 14) in Chromium at 1280 px, 390 px and in dark mode.
 *  - an intro paragraph; a first-visit race (src/ui/starter.ts) that finishes with a clear
 *    difference between the two optimizers;
 *  - the backend's reason lives in a popover on the badge, not in the header; the fused-kernels
 *    switch is offered on wasm (fused kernels exist there); optimizer cards keep their buttons on one line at 1280 px;
 *  - keyboard shortcuts Space / S / R / ? (help popover);
 *  - phones: the loss chart comes before the controls and the run bar stays on screen.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { backendName, losses, openPage, serveApp, shot, waitState } from './harness';

const app = serveApp();

const stepCount = (page: Page) => page.getByTestId('step-counter').textContent();

describe('first view (built app in Chromium)', () => {
  it('intro, a race that shows a difference, a quiet header, cards on one line', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, { height: 900 });
    expect(await backendName(page)).toBe('wasm');
    expect(await page.getByTestId('intro').textContent()).toMatch(/Race neural-network optimizers/);

    // The backend reason is not spelled out in the header; the badge opens it.
    const why = page.getByTestId('backend-reason');
    expect(await why.isVisible()).toBe(false);
    const header = (await page.locator('header.topbar').innerText()).toLowerCase();
    expect(header).not.toMatch(/software|swiftshader|adapter/);
    expect(await page.getByTestId('backend-badge').getAttribute('title')).toMatch(/software|adapter/i);
    await page.getByTestId('backend-badge').click();
    await expect.poll(() => why.isVisible()).toBe(true);
    expect(await why.textContent()).toMatch(/auto: .*(software|navigator\.gpu|adapter)/i);
    await shot(page, 'first-01-backend-popover');
    await page.keyboard.press('Escape');
    await page.locator('h1').click();
    await expect.poll(() => why.isVisible()).toBe(false);

    // wasm has fused kernels too (kernels/hostFused.ts): the switch is offered.
    expect(await page.getByTestId('fused').count()).toBe(1);

    // Each card's buttons sit on the same line as its optimizer select (1280 px).
    for (const i of [0, 1]) {
      const card = page.getByTestId(`opt-${i}`);
      const sel = (await card.locator('.opt-head select').boundingBox())!;
      const rm = (await card.getByRole('button', { name: /^Remove/ }).boundingBox())!;
      expect(Math.abs(rm.y + rm.height / 2 - (sel.y + sel.height / 2))).toBeLessThan(4);
    }

    // The first-visit race: 300 steps, Adam ends far lower than AdaMod (its warm-up).
    expect(await page.getByTestId('steps').inputValue()).toBe('300');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitState(page, 'done');
    const [adam, adamod] = await losses(page);
    expect(adam).toHaveLength(301);
    expect(adamod).toHaveLength(301);
    expect(adam[300]).toBeLessThan(0.5);
    expect(adamod[300]).toBeGreaterThan(1);
    expect(adamod[300] / adam[300]).toBeGreaterThan(3);
    await shot(page, 'first-02-race-1280');

    // The map: hovering a path names its run and the step under the pointer.
    const map = page.locator('canvas.contour');
    const box = (await map.boundingBox())!;
    const [x, y] = await page.evaluate(() => {
      const t = (
        window as unknown as {
          __playground: { series: { runs: { trajectory: { view(): Float32Array } }[] } };
        }
      ).__playground.series.runs[0].trajectory.view();
      return [t[2 * 150], t[2 * 150 + 1]];
    });
    // Rosenbrock's view box is [-2, 2] × [-1, 3].
    await map.hover({ position: { x: ((x + 2) / 4) * box.width, y: ((3 - y) / 4) * box.height } });
    await expect
      .poll(() => page.getByTestId('map-hover').textContent())
      .toMatch(/^#1 Adam lr=0\.1 · step \d+ at \(/);
    await page.getByTestId('contour-map').screenshot({ path: 'test-artifacts/first-08-map-hover.png' });
    await page.mouse.move(5, 5);
    await expect.poll(() => page.getByTestId('map-hover').textContent()).toMatch(/Hover a path/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('dark mode: the finished first race', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, { dark: true, height: 900 });
    await backendName(page);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitState(page, 'done');
    await shot(page, 'first-03-race-dark');
    await page.getByTestId('contour-map').screenshot({ path: 'test-artifacts/first-09-map-dark.png' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keyboard: Space runs and pauses, S steps, R resets, ? shows the list', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}?task=rosenbrock&steps=100000`);
    await backendName(page);
    await page.locator('h1').click(); // focus outside any field
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => help.isVisible()).toBe(true);
    expect(await help.textContent()).toMatch(/Space.*run \/ pause.*S.*one step.*R.*reset/);
    await shot(page, 'first-04-shortcuts');
    await page.keyboard.press('?');
    await expect.poll(() => help.isVisible()).toBe(false);

    await page.keyboard.press('Space');
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=step-counter]')?.textContent) > 5,
    );
    await page.keyboard.press('Space');
    await waitState(page, 'paused');
    const at = Number(await stepCount(page));
    await page.keyboard.press('s');
    await expect.poll(async () => Number(await stepCount(page))).toBe(at + 1);
    // Typing in a field is not a shortcut.
    await page.getByTestId('seed').press('s');
    await page.waitForTimeout(300);
    expect(Number(await stepCount(page))).toBe(at + 1);
    await page.locator('h1').click();
    await page.keyboard.press('r');
    await expect.poll(() => stepCount(page)).toBe('0');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('390 px: the loss chart comes before the controls and the run bar stays on screen', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, { width: 390, height: 844 });
    await backendName(page);
    const chart = (await page.getByTestId('loss-chart').boundingBox())!;
    const task = (await page.getByTestId('task-select').boundingBox())!;
    const run = page.getByRole('button', { name: 'Run', exact: true });
    expect(chart.y).toBeLessThan(task.y);
    expect(chart.y).toBeLessThan(844);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await run.click();
    await waitState(page, 'done');
    await shot(page, 'first-05-narrow');
    await page.mouse.wheel(0, 1500);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
    const bar = (await page.locator('.run-controls').boundingBox())!;
    expect(bar.y).toBeGreaterThanOrEqual(-1);
    expect(bar.y).toBeLessThan(5);
    await shot(page, 'first-06-narrow-scrolled');
    await shot(page, 'first-07-narrow-full', true);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
