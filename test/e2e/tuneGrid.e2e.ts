/**
 * End-to-end: Tune's grid scales in Chromium — β2 defaults to a log grid of 1 − β2
 * (0.9 … 0.9999), "Use best" sets β2 on an entry that had no β2 of its own (the field showed the
 * default), and the Presets menu lists LHOPT's speedup preset.
 */
import { describe, expect, it } from 'vitest';
import { openPage, serveApp, shot } from './harness';

const app = serveApp();

describe('Tune grid (built app in Chromium)', () => {
  it('β2 on a log grid of 1 − β2; "Use best" creates the entry’s β2', async () => {
    const { page, errors } = await openPage(
      app.browser,
      `${app.server.url}?v=1&task=beale&opt=adam(lr=0.05)&steps=60&seed=1&backend=wasm`,
      { height: 1000 },
    );
    expect(await page.getByTestId('opt-0-beta2').inputValue()).toBe('0.999');
    await page.getByTestId('tune-btn-0').click();
    await page.getByTestId('tune-param').selectOption('beta2');
    expect(await page.getByTestId('tune-from').inputValue()).toBe('0.9');
    expect(await page.getByTestId('tune-to').inputValue()).toBe('0.9999');
    expect(await page.getByTestId('tune-scale').inputValue()).toBe('log1m');
    await page.getByTestId('tune-points').fill('4');
    await page.getByTestId('tune-run').click();
    await page.getByTestId('tune-best').waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByTestId('sweep-chart').getAttribute('data-points')).toBe('4');
    expect(await page.getByTestId('sweep-chart').getAttribute('data-x-scale')).toBe('log1m');
    const m = /Best beta2 = ([\d.e-]+)/.exec((await page.getByTestId('tune-best').textContent()) ?? '');
    expect(['0.9', '0.99', '0.999', '0.9999']).toContain(m?.[1]);
    await page.getByTestId('tune-use-best').click();
    expect(await page.getByTestId('tune-applied').textContent()).toBe(` set beta2 = ${m?.[1]}`);
    await expect.poll(() => page.getByTestId('opt-0-beta2').inputValue()).toBe(m?.[1]);
    await expect.poll(() => page.url()).toContain(`beta2=${m?.[1]}`);
    await page.getByTestId('tune-0').screenshot({ path: 'test-artifacts/tune-log1m-panel.png' });
    // A linear grid when asked.
    await page.getByTestId('tune-scale').selectOption('linear');
    await page.getByTestId('tune-from').fill('0.5');
    await page.getByTestId('tune-to').fill('0.9');
    await page.getByTestId('tune-points').fill('3');
    await page.getByTestId('tune-run').click();
    await expect
      .poll(() => page.getByTestId('sweep-chart').getAttribute('data-points'), { timeout: 120_000 })
      .toBe('3');
    expect(await page.getByTestId('sweep-chart').getAttribute('data-x-scale')).toBe('linear');
    await shot(page, 'tune-linear');
    const presets = await page.getByTestId('preset-menu').locator('option').allTextContents();
    expect(presets).toContain("LHOPT's speedup over tuned Adam");
    expect(errors).toEqual([]);
  });
});
