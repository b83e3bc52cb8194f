/**
 * End-to-end: the built app in Chromium. Checks the backend choice (auto → wasm on this
 * software WebGPU adapter, forced webgpu and cpu), training on Rosenbrock (Adam + AdaMod),
 * the contour map and AdaMod chart, MNIST, Pause, input validation, and records main-thread
 * long tasks during an 8-optimizer MNIST run. Screenshots go to test-artifacts/.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
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

const app = serveApp();

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function selectTask(page: Page, id: string): Promise<void> {
  await page.getByTestId('task-select').selectOption(id);
}

describe('playground (built app in Chromium)', () => {
  it('loads without console errors; auto picks wasm on the software WebGPU adapter', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url);
    expect(await backendName(page)).toBe('wasm');
    const reason = await page.getByTestId('backend-reason').textContent();
    expect(reason).toMatch(/software|navigator\.gpu|adapter/i);
    await shot(page, '01-load-auto');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('Rosenbrock with Adam + AdaMod: 200 steps, two decreasing series, trajectory, AdaMod chart', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url);
    await backendName(page);
    await runToEnd(page, 200);
    const ls = await losses(page);
    expect(ls.length).toBe(2);
    for (const l of ls) {
      expect(l.length).toBe(201);
      expect(l[200]).toBeLessThan(l[0]);
      expect(mean(l.slice(150))).toBeLessThan(mean(l.slice(0, 50)));
    }
    // Two loss lines drawn, with real path data.
    const paths = page.locator('[data-testid=loss-chart] path.fast-line');
    await expect.poll(() => paths.count()).toBe(2);
    for (const d of await paths.evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? '')))
      expect(d.split('L').length).toBeGreaterThan(100);
    // Trajectories: 201 (x, y) points each.
    const traj = await page.evaluate(() =>
      (
        window as unknown as { __playground: { series: { runs: { trajectory: { length: number } }[] } } }
      ).__playground.series.runs.map((r) => r.trajectory.length),
    );
    expect(traj).toEqual([402, 402]);
    // η and s medians, the applied step min(η, s) in the run's colour, the clipped fraction.
    await expect.poll(() => page.getByTestId('adamod-chart').locator('path.fast-line').count()).toBe(4);
    const applied = page.getByTestId('adamod-chart').locator('path[data-series=applied]');
    expect(await applied.getAttribute('stroke')).toBe('#ff7f0e'); // run #2's colour
    for (const key of ['eMed', 'sMed']) {
      const stroke = await page
        .getByTestId('adamod-chart')
        .locator(`path[data-series=${key}]`)
        .getAttribute('stroke');
      expect([
        '#1f77b4',
        '#ff7f0e',
        '#2ca02c',
        '#d62728',
        '#9467bd',
        '#8c564b',
        '#e377c2',
        '#7f7f7f',
        '#bcbd22',
        '#17becf',
      ]).not.toContain(stroke);
    }
    expect(await page.getByTestId('adamod-caption').textContent()).toMatch(
      /What to look for: AdaMod steps by min\(η, s\)/,
    );
    expect(await page.getByTestId('adamod-chart').locator('path[data-band]').count()).toBe(2);
    expect(await page.getByTestId('step-counter').textContent()).toBe('200');
    await shot(page, '02-rosenbrock-done');
    await page.getByTestId('contour-map').screenshot({ path: artifactPath('03-contour-map.png') });
    await page.getByTestId('adamod-chart').screenshot({ path: artifactPath('04-adamod-chart.png') });
    await shot(page, '05-rosenbrock-full', true);

    // Crosshair tooltip lists every run's value at the hovered step.
    const plot = page.locator('[data-testid=loss-chart] .recharts-surface');
    const pb = (await plot.boundingBox())!;
    await plot.hover({ position: { x: pb.width * 0.5, y: pb.height * 0.5 } });
    const tip = page.locator('.tooltip');
    await expect.poll(() => tip.count()).toBeGreaterThan(0);
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.locator('tr').count()).toBe(2);
    expect(await tip.textContent()).toMatch(/step \d+/);
    await shot(page, '05b-tooltip');

    // Legend click hides a run; clicking again shows it.
    const legend = page.locator('.legend-item').first();
    await legend.click();
    await expect.poll(() => paths.count()).toBe(1);
    await legend.click();
    await expect.poll(() => paths.count()).toBe(2);

    // Clicking the map moves the start point; the finished curves stay, marked stale, until Run.
    const map = page.locator('canvas.contour');
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width * 0.75, y: box.height * 0.25 } });
    const start = await page.evaluate(() => {
      const o = (
        window as unknown as {
          __playground: {
            useSpec: { getState(): { spec: { task: { options: { x0: number; y0: number } } } } };
          };
        }
      ).__playground.useSpec.getState().spec.task.options;
      return [o.x0, o.y0];
    });
    // Rosenbrock's view box is [-2, 2] × [-1, 3]: 75% across, 25% down → (1, 2).
    expect(start[0]).toBeCloseTo(1, 1);
    expect(start[1]).toBeCloseTo(2, 1);
    await page.getByTestId('stale-note').waitFor();
    expect(await paths.count()).toBe(2);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('rejects an out-of-range learning rate with a message naming the field and range', async () => {
    const { page } = await openPage(app.browser, app.server.url);
    await setField(page, 'opt-0-lr', '50');
    const msg = page.locator('[data-testid=opt-0] .field-error');
    await expect.poll(() => msg.textContent()).toContain('[1e-7, 10]');
    expect(await msg.textContent()).toMatch(/learning rate/);
    const lr = await page.evaluate(
      () =>
        (
          window as unknown as {
            __playground: { useSpec: { getState(): { spec: { optimizers: { hyper: { lr: number } }[] } } } };
          }
        ).__playground.useSpec.getState().spec.optimizers[0].hyper.lr,
    );
    expect(lr).toBe(0.1); // the first-visit race (src/ui/starter.ts) keeps its value
    await shot(page, '06-invalid-lr');
    await page.context().close();
  });

  it('reads the spec from the URL, lists rejected fields as text, and mirrors edits back', async () => {
    const { page, errors } = await openPage(
      app.browser,
      `${app.server.url}?task=beale&opt=adam(lr=0.05)&opt=sgd(lr=99)&steps=abc&seed=7`,
    );
    await backendName(page);
    const notice = page.locator('.notice');
    await expect.poll(() => notice.textContent()).toContain('steps');
    expect(await notice.textContent()).toMatch(
      /optimizer #2 \(SGD\): learning rate 99 is out of range \[1e-7, 10\]; kept 0\.01/,
    );
    expect(await notice.textContent()).toMatch(/steps abc must be an integer in \[1, 100000\]; kept 500/);
    // The address bar holds the repaired link at once.
    expect(page.url()).not.toContain('lr=99');
    expect(page.url()).not.toContain('steps=abc');
    expect(await page.getByTestId('task-select').inputValue()).toBe('beale');
    expect(await page.getByTestId('seed').inputValue()).toBe('7');
    await shot(page, '06b-url-notice');
    await page.getByRole('button', { name: 'Dismiss message' }).click();
    expect(await notice.count()).toBe(0);
    await setField(page, 'seed', '8');
    await expect.poll(() => page.url()).toContain('seed=8');
    expect(page.url()).toContain('task=beale');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('MNIST MLP trains (loss falls) and Pause really pauses', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url);
    await backendName(page);
    await selectTask(page, 'mnist-mlp');
    await runToEnd(page, 150);
    const ls = await losses(page);
    for (const l of ls) expect(mean(l.slice(-20))).toBeLessThan(mean(l.slice(0, 5)) * 0.8);
    await shot(page, '07-mnist-done');

    await page.getByRole('button', { name: 'Reset' }).click();
    await setField(page, 'steps', '100000');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=step-counter]')?.textContent) > 20,
    );
    await shot(page, '07b-mnist-running');
    await page.getByRole('button', { name: 'Pause' }).click();
    await waitState(page, 'paused');
    const at = await page.getByTestId('step-counter').textContent();
    const n = (await losses(page))[0].length;
    await page.waitForTimeout(1500);
    expect(await page.getByTestId('step-counter').textContent()).toBe(at);
    expect((await losses(page))[0].length).toBe(n);
    // A hyperparameter edit while paused applies at the next step, without a reset.
    await setField(page, 'opt-0-lr', '0.05');
    await page.getByRole('button', { name: 'Step' }).click();
    await expect.poll(() => page.getByTestId('step-counter').textContent()).toBe(String(Number(at) + 1));
    expect((await losses(page))[0].length).toBe(n + 1);
    await shot(page, '08-mnist-paused');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('?backend=webgpu uses WebGPU and trains there', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}?backend=webgpu`);
    expect(await backendName(page)).toBe('webgpu');
    await runToEnd(page, 30, 240_000);
    const ls = await losses(page);
    for (const l of ls) expect(l[30]).toBeLessThan(l[0]);
    expect(await page.getByTestId('backend-badge').textContent()).toBe('webgpu');
    // Adam and AdaMod ran as fused WGSL kernels (compiled before the first step).
    expect(await page.getByTestId('kernels-path').textContent()).toBe('· fused kernels');
    // The fused-kernels switch is offered here, where it applies (webgpu, wasm, cpu).
    expect(await page.getByTestId('fused').count()).toBe(1);
    await shot(page, '09-webgpu');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('?backend=cpu works', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}?backend=cpu`);
    expect(await backendName(page)).toBe('cpu');
    await runToEnd(page, 100);
    for (const l of await losses(page)) expect(l[100]).toBeLessThan(l[0]);
    await shot(page, '10-cpu');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('dark mode and a narrow screen render (screenshots)', async () => {
    const dark = await openPage(app.browser, app.server.url, { dark: true });
    await backendName(dark.page);
    await dark.page.getByRole('button', { name: 'Step' }).click();
    await dark.page.waitForFunction(
      () => document.querySelector('[data-testid=step-counter]')?.textContent === '1',
    );
    await shot(dark.page, '11-dark');
    expect(dark.errors).toEqual([]);
    await dark.page.context().close();
    const narrow = await openPage(app.browser, app.server.url, { width: 390, height: 844 });
    await backendName(narrow.page);
    await shot(narrow.page, '12-narrow', true);
    expect(narrow.errors).toEqual([]);
    await narrow.page.context().close();
  });

  it('records main-thread long tasks during an 8-optimizer MNIST run', async () => {
    const { page, errors } = await openPage(app.browser, app.server.url);
    await backendName(page);
    await page.evaluate(() => {
      const w = window as unknown as { __longtasks: number[] };
      w.__longtasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longtasks.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    await selectTask(page, 'mnist-mlp');
    await page.evaluate(() => {
      const pg = (
        window as unknown as {
          __playground: {
            useSpec: { getState(): { spec: Record<string, unknown>; replaceSpec(s: unknown): void } };
          };
        }
      ).__playground;
      const st = pg.useSpec.getState();
      const ids = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam', 'adamw', 'adabound', 'adamod'];
      st.replaceSpec({
        ...st.spec,
        steps: 400,
        optimizers: ids.map((id) => ({
          id,
          hyper: { lr: id.startsWith('ada') || id === 'rmsprop' ? 1e-3 : 0.1 },
        })),
      });
    });
    await page.waitForTimeout(500);
    // Count only what happens from Run to the end of the run.
    await page.evaluate(() => {
      (window as unknown as { __longtasks: number[] }).__longtasks = [];
    });
    // The same tasks' CPU time from a Chrome trace: on a loaded machine wall time includes
    // time the OS gave other processes (mainThreadTrace.ts).
    const stopTrace = await traceMainThread(page);
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitState(page, 'done', 280_000);
    const seconds = (Date.now() - t0) / 1000;
    const mainThread = await stopTrace();
    const long = await page.evaluate(() => (window as unknown as { __longtasks: number[] }).__longtasks);
    const report = {
      runSeconds: seconds,
      count: long.length,
      worstMs: long.length ? Math.max(...long) : 0,
      over50ms: long.filter((d) => d > 50).length,
      durations: long.map((d) => Math.round(d)),
      mainThread,
      loadAverage: loadavg().map((x) => Number(x.toFixed(1))),
    };
    writeFileSync(artifactPath('longtasks.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log('long tasks during 8-optimizer MNIST run:', JSON.stringify(report));
    expect((await losses(page)).length).toBe(8);
    await shot(page, '13-mnist-8-optimizers', true);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
