/**
 * A training worker that dies mid-run (issue 16): the page starts a new worker on the next
 * backend, restores the run from the last checkpoint the worker sent (params + optimizer
 * state + minibatch stream, at a step > 0), replays only the steps after it to the step the
 * charts show and finishes; the history is kept and, on cpu, every loss equals an
 * uninterrupted run's.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { losses, openPage, runToEnd, serveApp, waitState } from './harness';

const app = serveApp();
const LINK = '?v=1&task=rosenbrock&opt=adam(lr=0.01)&opt=sgd(lr=0.001)&steps=20000&seed=3&backend=cpu';

type Handle = {
  __playground: {
    crashWorkerForTest(): Promise<void>;
    checkpointStep(): number | null;
    useRun: { getState(): { backendNote: string | null; step: number } };
  };
};

const stepOf = (page: Page) =>
  page.evaluate(() => (window as unknown as Handle).__playground.useRun.getState().step);

describe('training worker crash', () => {
  it('restarts on the next backend from the last checkpoint and finishes with the same losses as an uninterrupted run', async () => {
    const a = await openPage(app.browser, `${app.server.url}${LINK}`);
    await waitState(a.page, 'idle', 60_000);
    await a.page.getByRole('button', { name: 'Run', exact: true }).click();
    // Wait for a checkpoint (taken every 2 s of running) and a few more steps after it.
    await a.page.waitForFunction(
      () => {
        const p = (window as unknown as Handle).__playground;
        const ck = p.checkpointStep();
        return ck !== null && ck > 0 && p.useRun.getState().step > ck;
      },
      undefined,
      { timeout: 120_000 },
    );
    const crashedAt = await stepOf(a.page);
    expect(crashedAt).toBeLessThan(20000);
    const ckStep = await a.page.evaluate(() => (window as unknown as Handle).__playground.checkpointStep());
    await a.page.evaluate(() => (window as unknown as Handle).__playground.crashWorkerForTest());
    await waitState(a.page, 'done', 180_000);
    const note = await a.page.evaluate(
      () => (window as unknown as Handle).__playground.useRun.getState().backendNote,
    );
    const m =
      /^The training worker crashed \(terminated\); restarted on cpu from the checkpoint at step (\d+)(?: and replayed (\d+) steps)?\. History kept\.$/.exec(
        note ?? '',
      );
    expect(m, note ?? 'no note').not.toBeNull();
    const from = Number(m?.[1]);
    expect(from).toBeGreaterThan(0);
    expect(from).toBeGreaterThanOrEqual(ckStep ?? 0);
    expect(from).toBeLessThanOrEqual(crashedAt);
    const interrupted = await losses(a.page);
    expect(a.errors).toEqual([]);
    await a.page.context().close();

    const b = await openPage(app.browser, `${app.server.url}${LINK}`);
    await waitState(b.page, 'idle', 60_000);
    await runToEnd(b.page);
    const clean = await losses(b.page);
    await b.page.context().close();
    expect(interrupted.map((l) => l.length)).toEqual([20001, 20001]);
    expect(interrupted).toEqual(clean);
  });
});
