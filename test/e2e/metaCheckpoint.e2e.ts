/**
 * Meta-training survives the tab (issue 16): the worker checkpoints to IndexedDB at run
 * boundaries; after a reload mid-run the Meta-train tab offers "Resume meta-training from
 * iteration k", and resuming continues from k to the end. A failing IndexedDB put (a quota
 * error, simulated in the worker) is shown to the user and training goes on.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { backendName, openPage, serveApp } from './harness';

const app = serveApp();

/** DM quadratic, 2 iterations per run (checkpoints at 2, 4, …), no evaluations. */
async function setUp(page: Page, iterations: number): Promise<void> {
  await page.getByRole('tab', { name: 'Meta-train' }).click();
  await page.getByLabel('learned optimizer').selectOption('dmoptimizer');
  await page.getByLabel('training task').selectOption('dm-quadratic');
  await page.getByLabel('meta-iterations').fill(String(iterations));
  await page.getByLabel('steps per run').fill('20');
  await page.getByLabel('unroll', { exact: true }).fill('10');
  await page.getByLabel('evaluate every N iterations').fill('0');
}

describe('meta-training checkpoints in IndexedDB', () => {
  it('a reload mid-run offers "Resume from iteration k", which continues from k to the end', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}?task=rosenbrock&backend=wasm`);
    await backendName(page);
    await setUp(page, 8);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const saved = page.getByTestId('meta-checkpoint');
    await expect.poll(() => saved.textContent(), { timeout: 240_000 }).toMatch(/at iteration [2-6]\./);
    const k = Number(/iteration (\d+)/.exec((await saved.textContent()) ?? '')?.[1]);
    await page.reload(); // the tab goes away mid-run
    await backendName(page);
    await page.getByRole('tab', { name: 'Meta-train' }).click();
    const offer = page.getByTestId('meta-resume-checkpoint');
    await expect
      .poll(() => offer.textContent(), { timeout: 30_000 })
      .toMatch(/^Resume meta-training from iteration \d+$/);
    const from = Number(/(\d+)$/.exec((await offer.textContent()) ?? '')?.[1]);
    expect(from).toBeGreaterThanOrEqual(k); // a later checkpoint may have landed before the reload
    expect(from).toBeLessThan(8);
    await offer.click();
    const status = page.getByTestId('meta-status');
    const seen: string[] = [];
    await expect
      .poll(
        async () => {
          seen.push((await status.textContent()) ?? '');
          return seen.at(-1);
        },
        { timeout: 240_000, interval: 200 },
      )
      .toMatch(/^done · iteration 8\/8/);
    // It never started over: every iteration shown after the click is ≥ k.
    const shown = seen
      .map((t) => Number(/iteration (\d+)\//.exec(t)?.[1] ?? Number.NaN))
      .filter(Number.isFinite);
    expect(shown.filter((i) => i > 0).every((i) => i >= from)).toBe(true);
    // The meta-loss history came back with it (raw and smoothed lines over 8 points).
    await expect
      .poll(() => page.locator('figure[aria-label="Meta-loss"] path.recharts-line-curve').count())
      .toBe(2);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a failing IndexedDB put (quota) is shown; training goes on', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}?task=rosenbrock&backend=wasm`);
    await backendName(page);
    await setUp(page, 4);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await expect
      .poll(() => page.workers().some((w) => w.url().includes('metaTrain')), { timeout: 30_000 })
      .toBe(true);
    const worker = page.workers().find((w) => w.url().includes('metaTrain'));
    await worker?.evaluate(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (
        this: IDBObjectStore,
        ...a: Parameters<IDBObjectStore['put']>
      ) {
        if (this.name === 'records')
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, a);
      };
    });
    const alert = page.getByTestId('meta-checkpoint-error');
    await expect
      .poll(() => alert.textContent(), { timeout: 240_000 })
      .toMatch(
        /^checkpoint at iteration \d+ not saved \(QuotaExceededError: The quota has been exceeded\.\)$/,
      );
    await expect
      .poll(() => page.getByTestId('meta-status').textContent(), { timeout: 240_000 })
      .toMatch(/^done · iteration 4\/4/);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
