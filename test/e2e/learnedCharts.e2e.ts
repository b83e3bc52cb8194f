/**
 * End-to-end: the learned optimizers' live charts. A link with Variational HyperAdam and
 * HyperAdam (shipped weights) on the MNIST MLP runs in Chromium; the VarBlock chart (σ² band +
 * sampled-vs-mean traces) and the HyperAdam chart (β, γ, ρ) appear with drawn series and
 * finite combination weights.
 */
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, openPage, serveApp, shot, waitState } from './harness';

const app = serveApp();

describe('learned optimizers’ charts (built app in Chromium)', () => {
  it('VHAdam shows its VarBlock variance; HyperAdam and VHAdam show decay rates and weights', async () => {
    const { page, errors } = await openPage(
      app.browser,
      `${app.server.url}?v=1&task=mnist-mlp&opt=vhadam&opt=hyperadam&opt=adam(lr=0.01)&steps=20&backend=wasm`,
      { height: 900 },
    );
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitState(page, 'done', 180_000);
    const varBlock = page.getByTestId('varblock-chart');
    await expect.poll(() => varBlock.count()).toBe(1);
    // σ² median line + 4 sampled traces + 4 means, and the 5–95% band.
    await expect.poll(() => varBlock.locator('path.fast-line').count()).toBeGreaterThanOrEqual(3);
    // σ² and μ² on one log axis: a 5–95% band each, and the caption says what to compare;
    // then σ² alone on a linear axis fitted to it (its own band), where its spread shows.
    expect(await varBlock.locator('path[data-band]').count()).toBeGreaterThanOrEqual(3);
    expect(await varBlock.textContent()).toMatch(/σ² alone \(axis fitted to σ²\)/);
    expect(await varBlock.textContent()).toMatch(/σ² \(VarBlock variance\).*μ² \(squared mean update\)/);
    expect(await varBlock.locator('.chart-caption').textContent()).toMatch(/σ² \(solid\).*μ² \(dashed\)/);
    // A log axis over several decades (not 1 and 1.5 only).
    const ticks = varBlock.locator('.chart-box').first().locator('.recharts-cartesian-axis-tick-value');
    await varBlock.scrollIntoViewIfNeeded();
    await varBlock.screenshot({ path: `${ARTIFACTS}/learned-varblock.png` });
    await expect
      .poll(
        async () =>
          (await ticks.allTextContents()).filter((t) => /^(1|10|100|1000|0\.1|0\.01)$/.test(t)).length,
      )
      .toBeGreaterThanOrEqual(2);
    // One decay-rate chart per HyperAdam-family run.
    await expect.poll(() => page.getByTestId('hyperadam-chart').count()).toBe(2);
    const rho = (await page.getByTestId('rho-means').first().textContent()) ?? '';
    expect(rho).toMatch(/1: /);
    expect(rho).not.toMatch(/NaN/);
    // ρ's per-candidate means drawn as bars, one per candidate.
    await expect
      .poll(() => page.getByTestId('rho-means').first().locator('.recharts-bar-rectangle').count())
      .toBeGreaterThanOrEqual(2);
    // Every probe panel can be saved as a PNG and says what to look for.
    for (const id of ['png-varblock-1', 'png-hyperadam-1', 'png-hyperadam-2', 'png-probe-updatenorm'])
      expect(await page.getByTestId(id).count()).toBe(1);
    expect(await varBlock.locator('.chart-caption').textContent()).toMatch(/What to look for/);
    await shot(page, 'learned-charts', true);
    expect(errors).toEqual([]);
  });
});
