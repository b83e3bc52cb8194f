/**
 * Soak (opt-in: SOAK=1; numbers in the README): 100,000 steps with 8 optimizers on wasm in
 * Chromium. Samples the page's JS heap, the training worker's live tfjs tensors and the
 * longest main-thread task while the charts update. SOAK_MINUTES (default 9) bounds the
 * wall time; each sample is also appended to test-artifacts/soak.log. SOAK_TRACE_AT=N takes
 * a 15-s Chromium trace once the run passes step N (test-artifacts/soak-trace.json) and logs
 * the renderer main thread's self time per event (traceSummary.ts).
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openPage, serveApp, waitState } from './harness';
import { summarizeTrace, TRACE_CATEGORIES } from './traceSummary';

const app = serveApp();
const MINUTES = Number(process.env.SOAK_MINUTES ?? 9);
const TRACE_AT = Number(process.env.SOAK_TRACE_AT ?? Number.POSITIVE_INFINITY);
const OPTS = [
  'adam',
  'adamod',
  'sgd(lr=0.001)',
  'momentum(lr=0.001)',
  'rmsprop',
  'adagrad',
  'amsgrad',
  'adamax',
];

describe.runIf(process.env.SOAK)('soak', () => {
  it(
    '100,000 steps × 8 optimizers: heap and tensors flat, main thread responsive',
    async () => {
      const link = `?v=1&task=rosenbrock&${OPTS.map((o) => `opt=${o}`).join('&')}&steps=100000&backend=wasm`;
      const { page, errors } = await openPage(app.browser, `${app.server.url}${link}`);
      await waitState(page, 'idle', 60_000);
      await page.evaluate(() => {
        const w = window as unknown as { __longest: number; __long: number; __win: number };
        w.__longest = 0;
        w.__long = 0;
        w.__win = 0;
        new PerformanceObserver((l) => {
          for (const e of l.getEntries()) {
            w.__longest = Math.max(w.__longest, e.duration);
            w.__win = Math.max(w.__win, e.duration);
            w.__long++;
          }
        }).observe({ type: 'longtask', buffered: false });
      });
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      const rows: string[] = [];
      const t0 = Date.now();
      let traced = false;
      for (;;) {
        await new Promise((r) => setTimeout(r, 5000));
        const m = await page.evaluate(() => {
          const pg = (
            window as unknown as { __playground: { useRun: { getState(): { step: number; state: string } } } }
          ).__playground;
          const w = window as unknown as { __longest: number; __long: number; __win: number };
          // Longest task since the previous sample (the growth with the history shows here).
          const win = w.__win;
          w.__win = 0;
          const mem = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
          return {
            ...pg.useRun.getState(),
            heap: mem?.usedJSHeapSize ?? -1,
            longest: w.__longest,
            long: w.__long,
            win,
          };
        });
        const tensors = await page
          .workers()
          .find((w) => w.url().includes('train'))
          ?.evaluate(
            () =>
              (self as unknown as { _tfengine?: { state: { numTensors: number } } })._tfengine?.state
                .numTensors,
          );
        rows.push(
          `t=${((Date.now() - t0) / 1000).toFixed(0)}s step=${m.step} heapMB=${(m.heap / 2 ** 20).toFixed(1)} tensors=${tensors} longTasks=${m.long} longestMs=${m.longest.toFixed(0)} windowLongestMs=${m.win.toFixed(0)}`,
        );
        console.log(rows.at(-1));
        mkdirSync('test-artifacts', { recursive: true });
        appendFileSync('test-artifacts/soak.log', `${rows.at(-1)}\n`);
        if (!traced && m.step >= TRACE_AT) {
          traced = true;
          await app.browser.startTracing(page, { categories: TRACE_CATEGORIES });
          await new Promise((r) => setTimeout(r, 15_000));
          const json = (await app.browser.stopTracing()).toString('utf8');
          writeFileSync('test-artifacts/soak-trace.json', json);
          const t = summarizeTrace(json);
          const self = t.self.map(([k, v]) => `${k}=${v.toFixed(0)}ms`).join(', ');
          const line = `trace from step ${m.step}, ${(t.spanMs / 1000).toFixed(1)} s: longest tasks ${t.longest.map((x) => x.toFixed(0)).join('/')} ms; self time ${self}`;
          console.log(line);
          appendFileSync('test-artifacts/soak.log', `${line}\n`);
        }
        if (m.state === 'done' || m.state === 'error' || Date.now() - t0 > MINUTES * 60_000) break;
      }
      expect(errors).toEqual([]);
      await page.context().close();
    },
    (MINUTES + 1) * 60_000,
  );
});
