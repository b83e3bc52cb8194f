/**
 * A training worker that dies mid-run (issue 16): the page starts a new worker on the next
 * backend, replays the run to the step the charts show and finishes it; the history is kept
 * and, on cpu, every loss equals an uninterrupted run's.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { losses, openPage, runToEnd, serveApp, waitState } from './harness';

const app = serveApp();
const LINK = '?v=1&task=rosenbrock&opt=adam(lr=0.01)&opt=sgd(lr=0.001)&steps=4000&seed=3&backend=cpu';

type Handle = {
  __playground: {
    crashWorkerForTest(): Promise<void>;
    useRun: { getState(): { backendNote: string | null; step: number } };
  };
};

const stepOf = (page: Page) =>
  page.evaluate(() => (window as unknown as Handle).__playground.useRun.getState().step);

describe('training worker crash', () => {
  it('restarts on the next backend, replays, and finishes with the same losses as an uninterrupted run', async () => {
    const a = await openPage(app.browser, `${app.server.url}${LINK}`);
    await waitState(a.page, 'idle', 60_000);
    await a.page.getByRole('button', { name: 'Run', exact: true }).click();
    await a.page.waitForFunction(
      () => (window as unknown as Handle).__playground.useRun.getState().step >= 200,
      undefined,
      { timeout: 120_000 },
    );
    const crashedAt = await stepOf(a.page);
    expect(crashedAt).toBeLessThan(4000);
    await a.page.evaluate(() => (window as unknown as Handle).__playground.crashWorkerForTest());
    await waitState(a.page, 'done', 180_000);
    const note = await a.page.evaluate(
      () => (window as unknown as Handle).__playground.useRun.getState().backendNote,
    );
    expect(note).toMatch(
      /^The training worker crashed \(terminated\); restarted on cpu and replayed \d+ steps\. History kept\.$/,
    );
    const interrupted = await losses(a.page);
    expect(a.errors).toEqual([]);
    await a.page.context().close();

    const b = await openPage(app.browser, `${app.server.url}${LINK}`);
    await waitState(b.page, 'idle', 60_000);
    await runToEnd(b.page);
    const clean = await losses(b.page);
    await b.page.context().close();
    expect(interrupted.map((l) => l.length)).toEqual([4001, 4001]);
    expect(interrupted).toEqual(clean);
  });
});
