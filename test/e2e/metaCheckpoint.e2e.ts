/**
 * Meta-training survives the tab (issue 16): the worker checkpoints to IndexedDB at run
 * boundaries; after a reload mid-run the Meta-train tab offers "Resume meta-training from
 * iteration k", and resuming continues from k to the end — for data-parallel BPTT with 2
 * gradient workers and for LHOPT's PPO with its episodes in 2 workers. A failing IndexedDB put
 * (a quota error, simulated in the worker) is shown to the user and training goes on.
 * Stop within a second (issues 11, 14): Stop pressed mid-unroll on wasm shows "stopping…" at
 * once, the run is stopped as soon as the gradient worker is terminated (the measured ms is
 * printed), and the weights kept are the last completed iteration's.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { backendName, openPage, serveApp } from './harness';

const app = serveApp();

/** Reload, then the offer: its iteration (≥ k) and its hint. */
async function reloadAndOffer(page: Page, k: number, iterations: number) {
  await page.reload(); // the tab goes away mid-run
  await backendName(page);
  await page.getByRole('tab', { name: 'Meta-train' }).click();
  const offer = page.getByTestId('meta-resume-checkpoint');
  await expect
    .poll(() => offer.textContent(), { timeout: 30_000 })
    .toMatch(/^Resume meta-training from iteration \d+$/);
  const from = Number(/(\d+)$/.exec((await offer.textContent()) ?? '')?.[1]);
  expect(from).toBeGreaterThanOrEqual(k); // a later checkpoint may have landed before the reload
  expect(from).toBeLessThan(iterations);
  const hint = (await page.getByTestId('meta-resume-hint').textContent()) ?? '';
  await offer.click();
  return { from, hint };
}

/** Poll the status until done; every iteration shown after the resume is ≥ from (never restarted). */
async function runsOnFrom(page: Page, from: number, iterations: number): Promise<string> {
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
    .toMatch(new RegExp(`^done · iteration ${iterations}/${iterations}`));
  const shown = seen
    .map((t) => Number(/iteration (\d+)\//.exec(t)?.[1] ?? Number.NaN))
    .filter(Number.isFinite);
  expect(shown.filter((i) => i > 0).every((i) => i >= from)).toBe(true);
  return seen.at(-1) ?? '';
}

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
  it('a reload mid-run (2 workers) offers "Resume from iteration k", which continues from k to the end', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}?task=rosenbrock&backend=wasm`);
    await backendName(page);
    // 40 iterations: a fast machine runs 8 of them in about a second, which can end the run
    // before the reload below; 40 leave it seconds of margin.
    await setUp(page, 40);
    await page.getByTestId('meta-workers').fill('2');
    await page.getByTestId('meta-workers').press('Tab');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const saved = page.getByTestId('meta-checkpoint');
    await expect
      .poll(() => saved.textContent(), { timeout: 240_000 })
      .toMatch(/at iteration ([2-9]|[1-3]\d)\./);
    const k = Number(/iteration (\d+)/.exec((await saved.textContent()) ?? '')?.[1]);
    const { from, hint } = await reloadAndOffer(page, k, 40);
    expect(hint).toMatch(/^dmoptimizer \(bptt, 2 workers\), \d+\/40 iterations, saved /);
    expect(await runsOnFrom(page, from, 40)).toMatch(/· 2 workers/);
    // The meta-loss history came back with it (raw and smoothed lines over 40 points).
    await expect
      .poll(() => page.locator('figure[aria-label="Meta-loss"] path.recharts-line-curve').count())
      .toBe(2);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('LHOPT PPO (episodes in 2 workers): a reload mid-run offers the resume, which continues to the end', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}?task=rosenbrock&backend=wasm`, {
      height: 1100,
    });
    await backendName(page);
    await page.getByRole('tab', { name: 'Meta-train' }).click();
    await page.getByLabel('learned optimizer').selectOption('lhopt');
    const fields = {
      iterations: '4',
      episodesPerIteration: '2',
      envReuse: '2',
      minOuter: '3',
      maxOuter: '4',
    };
    for (const [id, v] of Object.entries({
      ...fields,
      minInner: '4',
      maxInner: '8',
      evalEvery: '0',
      workers: '2',
    })) {
      await page.getByTestId(`meta-${id}`).fill(v);
      await page.getByTestId(`meta-${id}`).press('Tab');
    }
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const saved = page.getByTestId('meta-checkpoint');
    await expect.poll(() => saved.textContent(), { timeout: 240_000 }).toMatch(/at iteration [1-3]\./);
    const k = Number(/iteration (\d+)/.exec((await saved.textContent()) ?? '')?.[1]);
    const { from, hint } = await reloadAndOffer(page, k, 4);
    expect(hint).toMatch(/^lhopt \(ppo, 2 workers\), \d+\/4 iterations, saved /);
    // The form shows the resumed run's settings again (the reload had reset it).
    expect(await page.getByLabel('learned optimizer').inputValue()).toBe('lhopt');
    expect(await page.getByTestId('meta-workers').inputValue()).toBe('2');
    expect(await runsOnFrom(page, from, 4)).toMatch(/· 2 workers/);
    // The reward history came back with it: reward, moving average and entropy lines.
    await expect
      .poll(() => page.getByTestId('ppo-history').locator('path.recharts-line-curve').count())
      .toBe(3);
    expect(await page.getByTestId('ppo-episodes').textContent()).toBe('8');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 300_000);

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
