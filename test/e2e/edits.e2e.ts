/**
 * End-to-end (issue 14): recorded hyperparameter edits, Continue +N, stale curves. On the cpu
 * backend a shared link reproduces an edited or continued run bit for bit in a fresh page; edit
 * marks close together stack without overlapping. Instant mode is in instant.e2e.ts.
 * Screenshots at 1280 px, 390 px and dark.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { backendName, losses, openPage, runToEnd, serveApp, setField, shot, waitState } from './harness';
import { type Pg, specOf } from './playground';

const app = serveApp();

async function copyLink(page: Page): Promise<string> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.url });
  await page.getByTestId('copy-link').click();
  await expect.poll(() => page.getByTestId('copy-link').textContent()).toBe('Copied');
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Open `link` in a fresh page, run it to the end on cpu, return its losses. */
async function replay(link: string): Promise<number[][]> {
  const fresh = await openPage(app.browser, link);
  expect(await backendName(fresh.page)).toBe('cpu');
  expect(await fresh.page.locator('.notice').count()).toBe(0);
  await runToEnd(fresh.page);
  const out = await losses(fresh.page);
  expect(fresh.errors).toEqual([]);
  await fresh.page.context().close();
  return out;
}

describe('recorded edits, Continue +N, stale curves (built app in Chromium)', () => {
  it('an lr edit mid-run is recorded at its step, marked on the chart, and a link reproduces the curve (cpu)', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}?backend=cpu`);
    expect(await backendName(page)).toBe('cpu');
    await setField(page, 'steps', '4000');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForFunction(() => {
      const r = (window as unknown as Pg).__playground.useRun.getState();
      return r.state === 'running' && r.step > 20;
    });
    await setField(page, 'opt-0-lr', '0.001'); // while it runs
    await waitState(page, 'done');
    const spec = await specOf(page);
    const schedule = spec.optimizers[0].schedule as { step: number; hyper: { lr: number } }[];
    expect(schedule).toHaveLength(1);
    const k = schedule[0].step;
    expect(k).toBeGreaterThan(20);
    expect(k).toBeLessThan(4000);
    expect(schedule[0].hyper).toEqual({ lr: 0.001 });
    expect(spec.optimizers[1].schedule).toBeUndefined();
    // The legend keeps the initial value and says it was edited; the chart marks the step.
    await expect.poll(() => page.locator('.legend-item').first().textContent()).toMatch(/lr=0\.01.*edited/);
    await expect.poll(() => page.locator('.edit-mark').first().textContent()).toBe('#1 lr → 0.001');
    await shot(page, 'edits-01-recorded-edit');
    const link = await copyLink(page);
    expect(link).toContain(`&edit=0@${k}(lr=0.001)&`);
    const a = await losses(page);
    expect(a[0]).toHaveLength(4001);
    expect(await replay(link)).toEqual(a);
    // Without the recorded edit the curve differs after step k (the test can fail).
    const plain = await replay(link.replace(/&edit=[^&]*/, ''));
    expect(plain[0].slice(0, k + 1)).toEqual(a[0].slice(0, k + 1));
    expect(plain[0][k + 2]).not.toBe(a[0][k + 2]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('Continue +N extends a finished run; the link (steps grown) reproduces all of it (cpu)', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}?backend=cpu`);
    expect(await backendName(page)).toBe('cpu');
    await runToEnd(page, 120);
    const before = await losses(page);
    await setField(page, 'continue-steps', '80');
    await page.getByTestId('continue').click();
    await expect.poll(async () => (await specOf(page)).steps).toBe(200);
    await waitState(page, 'done');
    const after = await losses(page);
    expect(after[0]).toHaveLength(201);
    expect(after.map((l) => l.slice(0, 121))).toEqual(before);
    await shot(page, 'edits-02-continued');
    const link = await copyLink(page);
    expect(link).toContain('steps=200');
    expect(await replay(link)).toEqual(after);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('changing steps or the start point after a run keeps the curves (marked stale) until Run', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}?backend=cpu`);
    expect(await backendName(page)).toBe('cpu');
    await runToEnd(page, 60);
    const first = await losses(page);
    await setField(page, 'steps', '90');
    await page.getByTestId('stale-note').waitFor();
    await setField(page, 'task-x0', '-1');
    expect(await losses(page)).toEqual(first);
    await shot(page, 'edits-03-stale');
    await runToEnd(page);
    const second = await losses(page);
    expect(second[0]).toHaveLength(91);
    expect(second[0][0]).not.toBe(first[0][0]); // a new start point
    expect(await page.getByTestId('stale-note').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('edit marks close together stack instead of overlapping (1280 px, 390 px, dark)', async () => {
    const link =
      `${app.server.url}?v=1&task=rosenbrock&opt=adam(lr=0.01)&opt=adamod(lr=0.01)&opt=sgd(lr=0.001)` +
      '&edit=0@150(lr=0.002)&edit=1@160(lr=0.05)&edit=2@170(lr=0.0005)&edit=0@400(lr=0.001)&steps=500&seed=1&backend=cpu';
    for (const [name, opts] of [
      ['1280', {}],
      ['390', { width: 390, height: 844 }],
      ['dark', { dark: true }],
    ] as const) {
      const { page, errors } = await openPage(app.browser, link, opts);
      await runToEnd(page);
      await expect.poll(() => page.locator('.edit-mark').count()).toBe(4);
      const boxes = await page.locator('.edit-mark').evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { x: r.x, y: r.y, w: r.width, h: r.height, text: e.textContent };
        }),
      );
      for (let a = 0; a < boxes.length; a++)
        for (let b = a + 1; b < boxes.length; b++) {
          const [p, q] = [boxes[a], boxes[b]];
          const hit = p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h;
          expect(hit, `${name}: '${p.text}' overlaps '${q.text}'`).toBe(false);
        }
      // The three close edits take three rows; at 1280 px the later, distant one is back on the top row.
      const rows = await page
        .getByTestId('edit-label')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-row')));
      expect(rows.slice(0, 3)).toEqual(['0', '1', '2']);
      if (name !== '390') expect(rows[3]).toBe('0');
      await page.getByTestId('loss-chart').scrollIntoViewIfNeeded();
      await shot(page, `edits-07-close-marks-${name}`);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});
