/**
 * End-to-end (issue 14): instant mode. Dragging the start point recomputes 4 optimizers × 500
 * steps on wasm while the mouse moves (the fast path: src/core/instant/trajectory.ts): the curves
 * shown change during the drag, each one starts at a point the drag passed, a slider drag answers
 * too, and the final curves equal a normal Run of the same link on wasm bit for bit. The updates/s
 * (a paced drag, then one as fast as the browser takes moves, then a slider) and the main
 * thread's tasks (long-task API; wall and CPU time from a Chrome trace) are recorded in
 * test-artifacts/instant.json (no timing asserted). Screenshots at 1280 px, 390 px and dark.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  artifactPath,
  backendName,
  losses,
  openPage,
  runToEnd,
  serveApp,
  setField,
  shot,
  waitState,
} from './harness';
import { traceMainThread } from './mainThreadTrace';
import { type Pg, specOf } from './playground';

const app = serveApp();

describe('instant mode (built app in Chromium)', () => {
  it('instant mode: dragging the start recomputes 4 optimizers × 500 steps on wasm while dragging', async () => {
    const { page, errors } = await openPage(
      app.browser,
      `${app.server.url}?v=1&task=rosenbrock&opt=adam(lr=0.01)&opt=adamod(lr=0.01)&opt=sgd(lr=0.001)&opt=momentum(lr=0.001)&steps=500&seed=1&backend=wasm`,
    );
    expect(await backendName(page)).toBe('wasm');
    await page.evaluate(() => {
      const w = window as unknown as { __longtasks: number[]; __answers: number };
      w.__longtasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longtasks.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    await page.getByTestId('instant').check();
    await waitState(page, 'done');
    expect((await losses(page)).map((l) => l.length)).toEqual([501, 501, 501, 501]);
    const box = (await page.locator('canvas.contour').boundingBox())!;
    const answers = () =>
      page.evaluate(() => (window as unknown as Pg).__playground.useRun.getState().instantMs);
    const count = () =>
      page.evaluate(() => (window as unknown as Pg).__playground.useRun.getState().instantCount);
    await page.evaluate(() => {
      (window as unknown as { __longtasks: number[] }).__longtasks = [];
    });
    // The start of the curves shown after each move: they must change while the mouse moves.
    const shown = new Set<string>();
    const shownStart = () =>
      page.evaluate(() => {
        const t = (window as unknown as Pg).__playground.series.runs[0].trajectory.view();
        return [t[0], t[1]];
      });
    // Before the first answer arrives the curves are still those of the task's own start
    // (off the dragged line): not counted below.
    const initialStart = JSON.stringify(await shownStart());
    const stopTrace = await traceMainThread(page);
    const t0 = Date.now();
    const before = await count();
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
    await page.mouse.down();
    const moves = 60;
    for (let i = 1; i <= moves; i++) {
      await page.mouse.move(box.x + box.width * (0.2 + 0.4 * (i / moves)), box.y + box.height * 0.3, {
        steps: 1,
      });
      await page.waitForTimeout(30);
      shown.add(JSON.stringify(await shownStart()));
    }
    const dragMs = Date.now() - t0;
    const during = (await count()) - before;
    // Then a fast drag back (moves as fast as the browser takes them): answers per second when
    // the pointer outruns the recompute, i.e. the rate the curves follow a real drag.
    const fastBefore = await count();
    const tf = Date.now();
    const fastMoves = 120;
    for (let i = 1; i <= fastMoves; i++) {
      await page.mouse.move(box.x + box.width * (0.6 - 0.4 * (i / fastMoves)), box.y + box.height * 0.3, {
        steps: 1,
      });
    }
    const fastMs = Date.now() - tf;
    const fastAnswers = (await count()) - fastBefore;
    const mainThread = await stopTrace();
    // Every curve shown during the drag starts on the dragged line (y fixed), at distinct x.
    shown.delete(initialStart);
    const starts = [...shown].map((s) => JSON.parse(s) as [number, number]);
    const ys = new Set(starts.map(([, y]) => y));
    expect(starts.length).toBeGreaterThanOrEqual(2);
    expect(ys.size).toBe(1);
    await page.mouse.up();
    const settled = Date.now();
    // Latest wins: once the answers stop, the curves shown are those of the final start point.
    const startOf = () =>
      page.evaluate(() => {
        const pg = (window as unknown as Pg).__playground;
        const o = pg.useSpec.getState().spec.task.options;
        const t = pg.series.runs[0].trajectory.view();
        return [t[0] === Math.fround(o.x0), t[1] === Math.fround(o.y0)];
      });
    await expect.poll(startOf, { timeout: 60_000 }).toEqual([true, true]);
    const settleMs = Date.now() - settled;
    expect(during).toBeGreaterThan(0);
    expect(fastAnswers).toBeGreaterThan(0);
    // The fast path answered (no tfjs), and the page says so.
    expect(
      await page.evaluate(() => (window as unknown as Pg).__playground.useRun.getState().instantSlow),
    ).toBe(null);
    await expect
      .poll(() => page.getByTestId('instant-status').textContent())
      .toMatch(/updates\/s; fast path\)/);
    // A slider drag recomputes too (#1's learning rate, log slider).
    const slider = page.locator('.hyper input[type=range]').first();
    await slider.scrollIntoViewIfNeeded();
    const sb = (await slider.boundingBox())!;
    const lr0 = (await specOf(page)).optimizers[0] as unknown as { hyper: { lr: number } };
    const stopSliderTrace = await traceMainThread(page);
    const sliderBefore = await count();
    const ts = Date.now();
    await page.mouse.move(sb.x + sb.width * 0.3, sb.y + sb.height / 2);
    await page.mouse.down();
    const sliderMoves = 40;
    for (let i = 1; i <= sliderMoves; i++)
      await page.mouse.move(sb.x + sb.width * (0.3 + 0.3 * (i / sliderMoves)), sb.y + sb.height / 2, {
        steps: 1,
      });
    await page.mouse.up();
    const sliderMs = Date.now() - ts;
    const sliderAnswers = (await count()) - sliderBefore;
    const sliderThread = await stopSliderTrace();
    expect(sliderAnswers).toBeGreaterThan(0);
    const lr1 = (await specOf(page)).optimizers[0] as unknown as { hyper: { lr: number } };
    expect(lr1.hyper.lr).not.toBe(lr0.hyper.lr);
    const long = await page.evaluate(() => (window as unknown as { __longtasks: number[] }).__longtasks);
    const report = {
      backend: 'wasm',
      work: '4 optimizers × 500 steps (rosenbrock)',
      dragSeconds: dragMs / 1000,
      answersDuringDrag: during,
      updatesPerSecond: Number(((during * 1000) / dragMs).toFixed(2)),
      fastDrag: {
        moves: fastMoves,
        seconds: fastMs / 1000,
        answers: fastAnswers,
        updatesPerSecond: Number(((fastAnswers * 1000) / fastMs).toFixed(1)),
      },
      lastRecomputeMs: await answers(),
      distinctCurvesSeenDuringDrag: starts.length,
      settleAfterDragMs: settleMs,
      longTasks: long.length,
      worstLongTaskMs: long.length ? Math.round(Math.max(...long)) : 0,
      over50ms: long.filter((d) => d > 50).length,
      // The same tasks from a Chrome trace: wall time and CPU (thread) time per task.
      mainThread,
      sliderDrag: {
        moves: sliderMoves,
        seconds: sliderMs / 1000,
        answers: sliderAnswers,
        updatesPerSecond: Number(((sliderAnswers * 1000) / sliderMs).toFixed(1)),
        mainThread: sliderThread,
      },
      loadAverage: loadavg().map((x) => Number(x.toFixed(1))),
    };
    writeFileSync(artifactPath('instant.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log('instant mode:', JSON.stringify(report));
    await shot(page, 'edits-04-instant-1280');
    // A slider recomputes too: lr of #1 to 0.05.
    const n0 = await count();
    await setField(page, 'opt-0-lr', '0.05');
    await expect.poll(count).toBeGreaterThan(n0);
    await expect.poll(async () => (await specOf(page)).optimizers.length).toBe(4);
    // The instant curves are a normal run's: switch instant mode off, press Run (tfjs, fused wasm).
    const instantLosses = await losses(page);
    await page.getByTestId('instant').uncheck();
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await waitState(page, 'idle');
    await runToEnd(page);
    expect(await backendName(page)).toBe('wasm');
    const runLosses = await losses(page);
    expect(runLosses.map((l) => l.length)).toEqual([501, 501, 501, 501]);
    expect(runLosses).toEqual(instantLosses);
    await page.getByTestId('instant').check();
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'edits-05-instant-390', true);
    expect(errors).toEqual([]);
    await page.context().close();
    const dark = await openPage(
      app.browser,
      `${app.server.url}?v=1&task=rosenbrock&opt=adam(lr=0.01)&opt=adamod(lr=0.01)&edit=0@150(lr=0.002)&edit=1@300(lr=0.05)&steps=500&seed=1&backend=cpu`,
      { dark: true },
    );
    await runToEnd(dark.page);
    await expect.poll(() => dark.page.locator('.edit-mark').count()).toBe(2);
    await shot(dark.page, 'edits-06-marks-dark');
    expect(dark.errors).toEqual([]);
    await dark.page.context().close();
  });
});
