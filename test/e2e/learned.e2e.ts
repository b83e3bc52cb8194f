/**
 * End-to-end: learned optimizers race in the compare view (built app in Chromium, wasm).
 *  1. Meta-train DMOptimizer for 20 iterations on the DM quadratic, save it, "Race it": the
 *     entry (weights local:<name>) joins Adam in the comparison, runs the full length with
 *     finite losses, and the legend names it.
 *  2. The shipped pretrained RNNprop, picked in the entry editor ("Learned" group), trains the
 *     MNIST MLP for 30 steps with a falling loss.
 *  3. Weights that cannot be loaded stop the run with a message naming the entry and weights.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { backendName, losses, openPage, runToEnd, serveApp, setField, shot, waitState } from './harness';

const app = serveApp();

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const run = (page: Page, steps: number) => runToEnd(page, steps, 240_000);

describe('learned optimizers in the compare view (built app in Chromium)', () => {
  it('a DMOptimizer meta-trained in the tab, saved and raced against Adam', async () => {
    const { page, errors } = await openPage(
      app.browser,
      `${app.server.url}?v=1&task=dm-quadratic&opt=adam&backend=wasm`,
      {
        height: 1000,
      },
    );
    await page.getByRole('tab', { name: 'Meta-train' }).click();
    await page.getByLabel('learned optimizer').selectOption('dmoptimizer');
    await page.getByLabel('training task').selectOption('dm-quadratic');
    // The recipe form is generated from the recipe schema: a bad value names the field and range.
    await page.getByLabel('meta-iterations').fill('0');
    await expect
      .poll(() => page.locator('section[aria-label="Recipe"] .field-error').textContent())
      .toMatch(
        /recipe\.iterations \(meta-iterations\): must be ≥ 1 \(allowed \[1, 1000000\]\) \(not applied\)/,
      );
    await page.getByLabel('meta-iterations').fill('20');
    await page.getByLabel('evaluate every N iterations').fill('0');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await expect
      .poll(
        async () => (await page.locator('section[aria-label="Meta-training controls"]').textContent()) ?? '',
        {
          timeout: 240_000,
          interval: 1000,
        },
      )
      .toMatch(/done · iteration 20\/20/);
    const storage = page.locator('section[aria-label="Save and load"]');
    await storage.locator('input:not([type=file])').first().fill('e2e-dm');
    await storage.getByRole('button', { name: 'Save to browser' }).click();
    await expect
      .poll(() => storage.textContent())
      .toMatch(/saved as local:e2e-dm \(dmoptimizer, 20 meta-iterations\)/);
    await shot(page, 'learned-01-meta-saved', true);
    await storage.getByRole('button', { name: 'Race it in Compare' }).click();

    // Back on Compare, with the saved weights as entry #2.
    await expect
      .poll(() => page.getByRole('tab', { name: 'Compare' }).getAttribute('aria-selected'))
      .toBe('true');
    await expect.poll(() => page.getByTestId('opt-1-weights').inputValue()).toBe('local:e2e-dm');
    const optLabels = await page.getByTestId('opt-1-weights').locator('option').allTextContents();
    expect(optLabels).toEqual(['dmoptimizer-mnist (shipped)', 'e2e-dm (saved in this browser)']);
    await run(page, 100);
    const ls = await losses(page);
    expect(ls).toHaveLength(2);
    expect(ls[1]).toHaveLength(101); // step 0 (the initial loss) + 100 steps
    expect(ls[1].every(Number.isFinite)).toBe(true);
    expect(ls[0]).toHaveLength(101);
    const legend = (await page.locator('.legend').textContent()) ?? '';
    expect(legend).toContain('#2 DMOptimizer (L2L) · e2e-dm');
    await page.getByTestId('opt-1').locator('summary', { hasText: 'Update rule' }).click();
    await expect.poll(() => page.getByTestId('opt-1').textContent()).toMatch(/LogAndSign/);
    await shot(page, 'learned-02-race-local', true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the shipped RNNprop picked in the editor trains the MNIST MLP (falling loss)', async () => {
    const { page, errors } = await openPage(
      app.browser,
      `${app.server.url}?v=1&task=mnist-mlp&opt=adam(lr=0.01)&backend=wasm`,
      { height: 1000 },
    );
    const select = page.getByTestId('opt-0').locator('select').first();
    expect(await select.locator('optgroup[label="Learned"] option').allTextContents()).toEqual([
      'DMOptimizer (L2L)',
      'RNNprop',
      'HyperAdam',
      'Variational HyperAdam',
      'LHOPT (learned hyperparameters)',
    ]);
    await select.selectOption('rnnprop');
    await expect.poll(() => page.getByTestId('opt-0-weights').inputValue()).toBe('pretrained:rnnprop-mnist');
    // Listing the weights saved in this browser reads IndexedDB directly: no meta-training worker.
    expect(page.workers().map((w) => w.url())).not.toContainEqual(expect.stringMatching(/metaTrain/));
    expect(page.workers().length).toBeGreaterThan(0); // the training worker is there
    expect(await page.getByTestId('opt-0-lr').inputValue()).toBe('0.1');
    await run(page, 30);
    const [l] = await losses(page);
    expect(l).toHaveLength(31);
    expect(l.every(Number.isFinite)).toBe(true);
    expect(mean(l.slice(-5))).toBeLessThan(0.8 * mean(l.slice(0, 5)));
    expect((await page.locator('.legend').textContent()) ?? '').toContain('#1 RNNprop');
    await shot(page, 'learned-03-rnnprop-mnist', true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('weights that cannot be loaded stop the run with a message naming the entry and weights', async () => {
    const { page } = await openPage(
      app.browser,
      `${app.server.url}?v=1&task=rosenbrock&opt=adam&opt=rnnprop&backend=wasm`,
    );
    await page.evaluate(() =>
      (
        window as unknown as {
          __playground: { useSpec: { getState(): { setWeights(i: number, w: string): void } } };
        }
      ).__playground.useSpec
        .getState()
        .setWeights(1, 'local:no-such-weights'),
    );
    await setField(page, 'steps', '20');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitState(page, 'error', 120_000);
    const alert =
      (await page
        .getByText(/optimizers\[1\] \(rnnprop, weights local:no-such-weights\)/)
        .first()
        .textContent()) ?? '';
    expect(alert).toMatch(/local:no-such-weights/);
    // Missing weights are the entry's problem, not the backend's: no fallback to cpu.
    expect(await backendName(page)).toBe('wasm');
    await shot(page, 'learned-04-missing-weights');
    await page.context().close();
  });
});
