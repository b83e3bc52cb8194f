/**
 * End-to-end (issue 14, ux items): one number format on every axis, diverged labels stacked
 * inside the plot area clear of tick labels (1280 px, 390 px, dark), import errors that say what
 * the file is and what was expected, and the fused-kernels switch only where fused kernels run.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { backendName, openPage, runToEnd, serveApp, shot } from './harness';

const app = serveApp();

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, outer: Box) =>
  a.x >= outer.x - 1 &&
  a.y >= outer.y - 1 &&
  a.x + a.width <= outer.x + outer.width + 1 &&
  a.y + a.height <= outer.y + outer.height + 1;

async function boxes(page: Page, selector: string): Promise<Box[]> {
  return page.locator(selector).evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

// Three SGD runs blow up within 5 steps (loss ~1e13 before NaN), Adam goes on.
const DIVERGING =
  '?v=1&task=rosenbrock&opt=sgd(lr=0.005)&opt=sgd(lr=0.01)&opt=sgd(lr=0.05)&opt=adam(lr=0.1)&steps=40&backend=cpu';

describe('readable charts, import messages, kernel switch (built app in Chromium)', () => {
  for (const view of [
    { name: '1280', width: 1280, dark: false },
    { name: '390', width: 390, dark: false },
    { name: 'dark', width: 1280, dark: true },
  ]) {
    it(`ticks share one format; diverged labels stack inside the plot (${view.name})`, async () => {
      const { page, errors } = await openPage(app.browser, `${app.server.url}${DIVERGING}`, {
        width: view.width,
        height: 900,
        dark: view.dark,
      });
      await runToEnd(page);
      const chart = '[data-testid=loss-chart]';
      const labels = page.locator(`${chart} [data-testid=diverged-label]`);
      await expect.poll(() => labels.count()).toBe(3);
      // Rows from the top in run order (their order in the DOM follows when recharts mounted each
      // line, which the chart render queue may change; what the user reads is top to bottom).
      const rows = await labels.evaluateAll((els) =>
        els.map((e) => ({ text: e.textContent, y: e.getBoundingClientRect().y })).sort((a, b) => a.y - b.y),
      );
      expect(rows.map((r) => r.text)).toEqual(['✕ #1 diverged', '✕ #2 diverged', '✕ #3 diverged']);
      const ticks = await page.locator(`${chart} .recharts-cartesian-axis-tick-value`).allTextContents();
      expect(ticks.length).toBeGreaterThan(4);
      // 1e13 / 2.5e4 / 1e-4 or plain 0.5, 20; never "1e+13", "10M", "20k".
      for (const t of ticks) expect(t).toMatch(/^-?\d+(\.\d+)?(e-?\d+)?$/);
      expect(ticks.some((t) => /e\d/.test(t))).toBe(true);
      // The chart settles after the last point (the y-axis widens as its ticks change, moving the
      // grid): measure once every label sits inside it, as the user sees it.
      const settled = async () => {
        const g = (await boxes(page, `${chart} .recharts-cartesian-grid`))[0];
        return (await boxes(page, `${chart} [data-testid=diverged-label]`)).every((a) => inside(a, g));
      };
      await expect.poll(settled, { timeout: 10_000 }).toBe(true);
      const grid = (await boxes(page, `${chart} .recharts-cartesian-grid`))[0];
      const labelBoxes = await boxes(page, `${chart} [data-testid=diverged-label]`);
      const tickBoxes = await boxes(page, `${chart} .recharts-cartesian-axis-tick-value`);
      for (const [i, a] of labelBoxes.entries()) {
        expect(inside(a, grid), `label ${i + 1} inside the plot area`).toBe(true);
        for (const t of tickBoxes) expect(overlap(a, t), `label ${i + 1} clear of tick labels`).toBe(false);
        for (const b of labelBoxes.slice(i + 1)) expect(overlap(a, b), 'labels do not overlap').toBe(false);
      }
      await page.locator(chart).scrollIntoViewIfNeeded();
      await shot(page, `ux-diverged-${view.name}`);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  it('import says what a wrong file is and what was expected', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}?task=beale`);
    await backendName(page);
    const input = page.getByTestId('import-json');
    const err = page.locator('.notice-error');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await input.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => err.count()).toBe(1);
    expect(await err.textContent()).toMatch(
      /Could not import photo\.png; nothing was changed.*photo\.png is a PNG image, not an experiment export: expected the JSON file that Export → JSON writes/,
    );
    await shot(page, 'ux-import-png');
    await input.setInputFiles({
      name: 'curves.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('step,adam(lr=0.1)\r\n0,1.5\r\n'),
    });
    await expect
      .poll(() => err.textContent())
      .toMatch(/curves\.csv is a CSV export \(it holds the loss curves only, not the experiment\)/);
    await input.setInputFiles({
      name: 'weights.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format":"learned-optimizer","modelTopology":{}}'),
    });
    await expect
      .poll(() => err.textContent())
      .toMatch(
        /weights\.json is a learned-optimizer weights file, not an experiment export: load weights with Meta-train → Import files/,
      );
    expect(await page.getByTestId('task-select').inputValue()).toBe('beale');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the fused-kernels switch shows only where fused kernels run, named per backend', async () => {
    // cpu in the page: plain ops (its fused kernel is generated JS, refused by the CSP).
    const cpu = await openPage(app.browser, `${app.server.url}?task=beale&backend=cpu&steps=5`);
    expect(await backendName(cpu.page)).toBe('cpu');
    await runToEnd(cpu.page);
    expect(await cpu.page.getByTestId('kernels-path').textContent()).toBe('· plain ops');
    expect(await cpu.page.getByTestId('fused').count()).toBe(0);
    expect(await cpu.page.getByTestId('backend-badge').getAttribute('title')).toMatch(
      /plain tfjs ops \(the cpu fused kernel is generated JavaScript, which the page's security policy does not allow\)/,
    );
    await shot(cpu.page, 'ux-kernels-cpu');
    expect(cpu.errors).toEqual([]);
    await cpu.page.context().close();

    const wasm = await openPage(app.browser, `${app.server.url}?task=beale&backend=wasm&steps=5`, {
      dark: true,
    });
    expect(await backendName(wasm.page)).toBe('wasm');
    const fused = wasm.page.getByTestId('fused');
    await expect.poll(() => fused.count()).toBe(1);
    expect(await fused.isChecked()).toBe(true);
    await runToEnd(wasm.page);
    expect(await wasm.page.getByTestId('kernels-path').textContent()).toBe('· fused kernels');
    expect(await wasm.page.locator('label.check', { has: fused }).textContent()).toBe('fused wasm kernels');
    await shot(wasm.page, 'ux-kernels-wasm-dark');
    expect(wasm.errors).toEqual([]);
    await wasm.page.context().close();
  });
});

describe('spirals: decision-boundary maps and defaults that learn in 200 steps', () => {
  for (const view of [
    { name: '1280', width: 1280, dark: false },
    { name: '390', width: 390, dark: false },
    { name: 'dark', width: 1280, dark: true },
  ]) {
    it(`one map per optimizer, the data on top; Adam separates the spirals (${view.name})`, async () => {
      const { page, errors } = await openPage(
        app.browser,
        `${app.server.url}?v=1&task=spirals&opt=adam(lr=0.01)&opt=sgd(lr=0.1)&steps=200&backend=wasm`,
        { width: view.width, height: 900, dark: view.dark },
      );
      const panel = page.getByTestId('decision-boundary');
      expect(await panel.textContent()).toMatch(/Press Run/);
      await runToEnd(page);
      await expect
        .poll(() => page.getByTestId('decision-step').textContent())
        .toMatch(/^step 200 · 40×40 grid/);
      expect(await panel.locator('canvas.decision-map').count()).toBe(2);
      // Pixels of each map: how much is tinted orange (class 0) and blue (class 1).
      const share = (i: number) =>
        page
          .getByTestId(`decision-${i}`)
          .locator('canvas')
          .evaluate((c: HTMLCanvasElement) => {
            const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
            let orange = 0;
            let blue = 0;
            for (let k = 0; k < d.length; k += 4) {
              if (d[k] > d[k + 2] + 40) orange++;
              else if (d[k + 2] > d[k] + 40) blue++;
            }
            const n = d.length / 4;
            return { orange: orange / n, blue: blue / n, size: c.width };
          });
      const adam = await share(0);
      expect(adam.size).toBeGreaterThanOrEqual(100);
      expect(adam.orange).toBeGreaterThan(0.2);
      expect(adam.blue).toBeGreaterThan(0.2);
      // Held-out accuracy at the end: Adam (lr 0.01) > 0.9 on the default task; SGD (lr 0.1) far lower.
      const acc = await page.evaluate(() => {
        const pg = (
          window as unknown as { __playground: { series: { evals: { accuracy: number[][] | null }[] } } }
        ).__playground;
        return pg.series.evals.at(-1)?.accuracy?.map((seeds) => seeds[0]) ?? [];
      });
      expect(acc[0]).toBeGreaterThan(0.9);
      expect(acc[1]).toBeLessThan(acc[0]);
      await panel.scrollIntoViewIfNeeded();
      await shot(page, `ux-spirals-${view.name}`);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
