/**
 * End-to-end: fair comparisons in Chromium — seed bands on the loss chart and held-out
 * metrics, a Tune sweep plotted and "Use best" applied, a paper preset run with the paper's
 * numbers beside ours, and an optimizer's info panel with typeset math.
 */

import { describe, expect, it } from 'vitest';
import { artifactPath, openPage, runToEnd, serveApp, shot, waitState } from './harness';

const app = serveApp();

describe('fair comparisons (built app in Chromium)', () => {
  it('three seeds: the mean with a ±1 std band per run; held-out loss and accuracy toggles', async () => {
    const { page, errors } = await openPage(
      app.browser,
      `${app.server.url}?v=1&task=spirals(pointsPerClass=60,width=8)&opt=adam(lr=0.05)&opt=sgd(lr=0.5)&steps=60&seed=1&seeds=3&backend=wasm`,
      { height: 900 },
    );
    expect(await page.getByTestId('seeds').inputValue()).toBe('3');
    await runToEnd(page);
    const chart = page.getByTestId('loss-chart');
    await expect.poll(() => chart.locator('path[data-band]').count()).toBe(2);
    const d = (await chart.locator('path[data-band]').first().getAttribute('d')) ?? '';
    expect(d.length).toBeGreaterThan(100);
    await shot(page, 'fair-seed-bands');
    await page.getByTestId('metric-heldout').check();
    const held = page.getByTestId('heldout-chart');
    await expect.poll(() => held.getAttribute('data-lines')).toBe('2');
    expect(await held.getAttribute('data-bands')).toBe('2');
    expect(Number(await held.getAttribute('data-points'))).toBeGreaterThanOrEqual(10);
    await page.getByTestId('metric-accuracy').check();
    await expect.poll(() => held.locator('path.fast-line').count()).toBe(2);
    await shot(page, 'fair-heldout-accuracy');
    // Speedup over tuned Adam, per run (the fair worker tunes Adam on the same task and seeds).
    await page.getByRole('button', { name: 'Speedup vs tuned Adam' }).click();
    const speedups = page.getByTestId('speedups');
    await speedups.waitFor({ timeout: 180_000 });
    expect(await speedups.textContent()).toMatch(/^#1 (≥ )?[\d.]+× · #2 (≥ )?[\d.]+×$/);
    await page.getByTestId('band-mode').selectOption('minmax');
    await page.getByTestId('metric-train').check();
    await expect.poll(() => chart.locator('path[data-band]').count()).toBe(2);
    expect(errors).toEqual([]);
  });

  it('Tune: a sweep of lr plotted with bands, and "Use best" sets the entry’s lr', async () => {
    const { page, errors } = await openPage(
      app.browser,
      `${app.server.url}?v=1&task=rosenbrock&opt=adam(lr=0.01)&steps=100&seed=1&backend=wasm`,
      { height: 1000 },
    );
    await page.getByTestId('tune-btn-0').click();
    await page.getByTestId('tune-from').fill('0.001');
    await page.getByTestId('tune-to').fill('1');
    await page.getByTestId('tune-points').fill('4');
    await page.getByTestId('tune-run').click();
    const best = page.getByTestId('tune-best');
    await best.waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByTestId('sweep-chart').getAttribute('data-points')).toBe('4');
    const text = (await best.textContent()) ?? '';
    const m = /Best lr = ([\d.e-]+)/.exec(text);
    expect(m).not.toBeNull();
    expect(['0.001', '0.01', '0.1', '1']).toContain(m![1]);
    await shot(page, 'fair-tune');
    await page.getByTestId('tune-0').screenshot({ path: artifactPath('fair-tune-panel.png') });
    await page.getByTestId('tune-use-best').click();
    await expect.poll(() => page.url()).toContain(`opt=adam(lr=${m![1]})`);
    expect(errors).toEqual([]);
  });

  it('a preset link runs the experiment and shows the paper’s number beside ours with a verdict', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}?v=1#preset=adamod-warmup`, {
      height: 1000,
    });
    const panel = page.getByTestId('preset-panel');
    await panel.waitFor({ timeout: 60_000 });
    await page.getByTestId('preset-verdict').waitFor({ timeout: 240_000 });
    const rows = await page.getByTestId('preset-table').locator('tbody tr').allTextContents();
    expect(rows.length).toBe(2);
    expect(rows[0]).toMatch(/^AdaMod first update ÷ Adam first update9\.9\de-4 ± [\d.e-]+0\.001$/);
    expect(await page.getByTestId('preset-verdict').textContent()).toBe('Verdict: reproduces');
    // The experiment itself was loaded into the playground and ran (AdaMod's bound chart drawn).
    expect(page.url()).toContain('opt=adamod(lr=0.001,beta3=0.999)');
    await waitState(page, 'done', 240_000);
    expect(await page.getByText('Training error').count()).toBe(0);
    await expect.poll(() => page.getByTestId('loss-chart').locator('path[data-band]').count()).toBe(2);
    await shot(page, 'fair-preset', true);
    expect(errors).toEqual([]);
  });

  it('the info panel typesets AdaMod’s update rule and explains its chart', async () => {
    const { page, errors } = await openPage(
      app.browser,
      `${app.server.url}?v=1&task=rosenbrock&opt=adam(lr=0.01)&opt=adamod(lr=0.01)&steps=10&backend=wasm`,
      { height: 900 },
    );
    await page.getByTestId('info-btn-1').click();
    const info = page.getByTestId('info-1');
    await info.waitFor();
    expect(await info.locator('math').count()).toBe(3);
    expect(await info.textContent()).toContain('min(η, s)');
    expect(await info.textContent()).toContain('arXiv 1910.12249');
    await info.screenshot({ path: artifactPath('fair-info-panel.png') });
    expect(errors).toEqual([]);
  });
});
