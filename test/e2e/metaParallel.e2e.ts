/**
 * End-to-end: data-parallel meta-training in the Meta-train tab (issue 11). The workers field
 * shows navigator.hardwareConcurrency − 1 by default (at least 1) with its help text; with 2
 * workers, Start trains through two Web Workers (metaGrad.worker.ts) to the end: the status
 * names the 2 workers, every iteration's meta-loss is finite and charted, and nothing errors.
 * Screenshot: meta-parallel-01-done.
 */
import { describe, expect, it } from 'vitest';
import { backendName, openPage, serveApp, shot } from './harness';

const app = serveApp();

describe('Meta-train tab, data-parallel workers (built app in Chromium)', () => {
  it('defaults to cores − 1, trains with 2 Web Workers to the end', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}?backend=wasm`, { height: 1000 });
    await backendName(page);
    await page.getByRole('tab', { name: 'Meta-train' }).click();
    const workers = page.getByTestId('meta-workers');
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(await workers.inputValue()).toBe(String(Math.min(16, Math.max(1, cores - 1))));
    expect(await page.locator('[title*="data-parallel workers"]').count()).toBe(1);

    await page.getByLabel('learned optimizer').selectOption('dmoptimizer');
    await page.getByLabel('training task').selectOption('dm-quadratic');
    await page.getByLabel('meta-iterations').fill('4');
    await page.getByTestId('meta-unroll').fill('10');
    await page.getByLabel('evaluate every N iterations').fill('0');
    await workers.fill('2');
    await workers.press('Tab');
    // An out-of-range count is refused in words before Start.
    await workers.fill('40');
    await workers.press('Tab');
    await expect
      .poll(() => page.locator('section[aria-label="Recipe"]').textContent())
      .toMatch(/workers: 40 is not valid; allowed range is \[1, 16\]/);
    await workers.fill('2');
    await workers.press('Tab');

    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const status = page.getByTestId('meta-status');
    await expect
      .poll(() => status.textContent(), { timeout: 240_000, interval: 500 })
      .toMatch(/^done · iteration 4\/4/);
    expect(await status.textContent()).toMatch(/· 2 workers/);
    await expect
      .poll(() => page.locator('figure[aria-label="Meta-loss"] path.recharts-line-curve').count())
      .toBe(2);
    await shot(page, 'meta-parallel-01-done', true);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
