/**
 * End-to-end (issue 14): the header fits one line at 1280 px (the "?" help button used to wrap
 * onto a line of its own behind the presets' wide select), in light and dark mode; at 390 px it
 * wraps but keeps every item inside the viewport. Screenshots of all three.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { backendName, openPage, serveApp, shot } from './harness';

const app = serveApp();

async function items(page: Page) {
  return page.locator('header.topbar > *:not(.spacer)').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return {
        name: `${e.tagName}.${e.className}`,
        top: r.top,
        bottom: r.bottom,
        left: r.left,
        right: r.right,
      };
    }),
  );
}

describe('header layout (built app in Chromium)', () => {
  for (const [name, opts] of [
    ['1280', {}],
    ['1280-dark', { dark: true }],
  ] as const) {
    it(`fits one line at ${name}`, async () => {
      const { page, errors } = await openPage(app.browser, app.server.url, opts);
      await backendName(page);
      const all = await items(page);
      expect(all.map((i) => i.name)).toContain('DIV.shortcuts');
      const h1 = all[0];
      for (const item of all) {
        // Every item's vertical centre is inside the title's line.
        const mid = (item.top + item.bottom) / 2;
        expect(mid, `${item.name} on another line`).toBeGreaterThan(h1.top - 4);
        expect(mid, `${item.name} on another line`).toBeLessThan(h1.bottom + 4);
        expect(item.right).toBeLessThanOrEqual(1280);
      }
      await shot(page, `header-${name}`);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  it('wraps inside the viewport at 390 px', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url, { width: 390, height: 844 });
    await backendName(page);
    for (const item of await items(page)) {
      expect(item.left, item.name).toBeGreaterThanOrEqual(0);
      expect(item.right, item.name).toBeLessThanOrEqual(390);
    }
    await shot(page, 'header-390');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
