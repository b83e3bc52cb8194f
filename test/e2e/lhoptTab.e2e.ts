/**
 * End-to-end: PPO training of LHOPT in the Meta-train tab (issue 12), episodes in 2 Web
 * Workers. An estimate before Start (from the CLI basis on a first visit), then live: episodes/s, mean reward, entropy, the
 * speedup histogram and the reward-history chart (reward, moving average, entropy) growing one
 * point per iteration (raw reward in its own faint colour, the axis padded below the −3 floor);
 * after the run the next estimate uses the run's own episodes/s.
 * Screenshot at 1280 px.
 */
import { describe, expect, it } from 'vitest';
import { backendName, openPage, serveApp, shot } from './harness';

const app = serveApp();

describe('LHOPT PPO in the Meta-train tab (built app in Chromium)', () => {
  it('estimate, live stats, histogram and reward history', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}?task=rosenbrock&backend=wasm`, {
      height: 1100,
    });
    await backendName(page);
    await page.getByRole('tab', { name: 'Meta-train' }).click();
    await page.getByLabel('learned optimizer').selectOption('lhopt');
    const set = async (id: string, v: string) => {
      const f = page.getByTestId(`meta-${id}`);
      await f.fill(v);
      await f.press('Tab');
    };
    await set('iterations', '3');
    await set('episodesPerIteration', '2');
    await set('envReuse', '2');
    await set('minOuter', '3');
    await set('maxOuter', '4');
    await set('minInner', '4');
    await set('maxInner', '8');
    await set('evalEvery', '0');
    await set('workers', '2'); // episodes split over 2 Web Workers
    const estimate = page.getByTestId('meta-estimate');
    await expect.poll(() => estimate.textContent()).toMatch(/Estimated time: about .*measured with the CLI/);

    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const status = page.getByTestId('meta-status');
    await expect.poll(() => status.textContent(), { timeout: 240_000 }).toMatch(/^done · iteration 3\/3/);
    expect(await status.textContent()).toMatch(/· 2 workers/);
    const stats = page.getByTestId('ppo-stats');
    await expect.poll(() => page.getByTestId('ppo-episodes').textContent()).toBe('6');
    for (const id of ['ppo-eps', 'ppo-reward', 'ppo-entropy', 'ppo-speedup']) {
      const v = Number((await page.getByTestId(id).textContent()) ?? 'NaN');
      expect(Number.isFinite(v), id).toBe(true);
    }
    expect(Number(await page.getByTestId('ppo-entropy').textContent())).toBeGreaterThan(0);
    // The histogram holds the last iteration's 2 episodes.
    const bars = await stats
      .locator('svg rect')
      .evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));
    expect(bars.filter((h) => h > 0).length).toBeGreaterThanOrEqual(1);
    // Reward history: three lines (reward, moving average, entropy), one point per iteration.
    const history = page.getByTestId('ppo-history');
    await expect.poll(() => history.locator('path.recharts-line-curve').count()).toBe(3);
    expect(await history.locator('.recharts-line-dots circle').count()).toBe(0); // ≥ 3 points: no dots
    // Raw reward, its average and the entropy in three different colours (raw: the muted ink).
    const strokes = await history
      .locator('path.recharts-line-curve')
      .evaluateAll((ps) => ps.map((p) => getComputedStyle(p).stroke));
    expect(new Set(strokes).size).toBe(3);
    // The reward axis is padded: its −3 tick (the floor) sits above the x-axis line, not on it.
    const at = await history.evaluate((fig) => {
      const ticks = [...fig.querySelectorAll('.recharts-cartesian-axis-tick-value')];
      const floor = ticks.find((t) => t.textContent === '-3')?.getBoundingClientRect();
      const axis = fig
        .querySelector('.recharts-xAxis .recharts-cartesian-axis-line')
        ?.getBoundingClientRect();
      return {
        ticks: ticks.map((t) => t.textContent),
        floor: floor && floor.y + floor.height / 2,
        axis: axis?.y,
      };
    });
    expect(at.ticks).toContain('-3');
    expect(at.floor).toBeLessThan((at.axis ?? 0) - 4);
    expect(await page.locator('figure[aria-label="Meta-loss"]').count()).toBe(0);
    await shot(page, 'lhopt-tab-01-trained', true);
    // The next estimate uses this run's speed.
    await set('iterations', '4');
    await expect.poll(() => estimate.textContent()).toMatch(/at the episodes\/s of your last run/);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 300_000);
});
