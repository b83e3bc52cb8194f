/**
 * End-to-end: the Meta-train tab guides (issue 14). A cost estimate before Start, every
 * setting explained, a clock that ticks while the first unroll runs, a smoothed meta-loss
 * beside the raw one, "stopping…" as soon as Stop is pressed, and "Race it" opening the
 * weights' own training task (not the task that happened to be open). Screenshots at 1280 px,
 * 390 px and in dark mode.
 */
import { describe, expect, it } from 'vitest';
import { backendName, openPage, serveApp, shot } from './harness';

const app = serveApp();

describe('Meta-train tab (built app in Chromium)', () => {
  it('estimate, help, live clock, smoothed meta-loss, Stop, Race it on its own task', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}?task=rosenbrock&backend=wasm`, {
      height: 1000,
    });
    await backendName(page);
    await page.getByRole('tab', { name: 'Meta-train' }).click();
    await page.getByLabel('learned optimizer').selectOption('dmoptimizer');
    await page.getByLabel('training task').selectOption('dm-quadratic');
    // 100 iterations: enough that Stop lands mid-run even on a fast machine (CI once finished
    // 8 iterations in 2 s, before the poll below saw one in progress).
    await page.getByLabel('meta-iterations').fill('100');
    await page.getByLabel('evaluate every N iterations').fill('0');

    // Before Start: an estimate (100 iterations × unroll 20 × 0.1 s on the DM quadratic = 200 s).
    await expect.poll(() => page.getByTestId('meta-estimate').textContent()).toMatch(/about 3\.3 min/);
    // Every setting explained: the list and each field's tooltip.
    const help = page.getByTestId('recipe-help');
    await help.locator('summary').click();
    const helpText = (await help.textContent()) ?? '';
    for (const term of ['unroll', 'random scaling', 'convex-combination trick', 'meta-loss', 'problems'])
      expect(helpText).toContain(term);
    expect(await page.locator('section[aria-label="Recipe"] .form-grid [title=""]').count()).toBe(0);
    const titled = await page.locator('section[aria-label="Recipe"] .form-grid > [title]').count();
    const fields = await page.locator('section[aria-label="Recipe"] .form-grid > *').count();
    expect(titled).toBe(fields);
    await shot(page, 'meta-01-before-start', true);

    await page.getByRole('button', { name: 'Start', exact: true }).click();
    // The clock ticks while iterations run (progress events alone come once per iteration).
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          seen.add((await page.getByTestId('meta-elapsed').textContent()) ?? '');
          return seen.size;
        },
        { timeout: 120_000, interval: 300 },
      )
      .toBeGreaterThanOrEqual(3);
    // Wait for two iterations, then Stop: "stopping…" shows at once, then "stopped".
    const status = page.getByTestId('meta-status');
    await expect
      .poll(() => status.textContent(), { timeout: 120_000 })
      .toMatch(/iteration ([2-9]|[1-9]\d)\/100/);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    // (Stop terminates the gradient worker at once, so "stopped" may already be back.)
    expect(await status.textContent()).toMatch(/^(stopping…|stopped) ·/);
    await expect
      .poll(() => status.textContent(), { timeout: 120_000 })
      .toMatch(/^stopped · iteration ([2-9]|[1-9]\d|100)\/100/);

    // Raw and smoothed meta-loss lines.
    await expect
      .poll(() => page.locator('figure[aria-label="Meta-loss"] path.recharts-line-curve').count())
      .toBe(2);
    await shot(page, 'meta-02-stopped', true);

    // Save, then race: the comparison switches to the weights' training task and horizon.
    const storage = page.locator('section[aria-label="Save and load"]');
    await storage.locator('input:not([type=file])').first().fill('e2e-stop');
    await storage.getByRole('button', { name: 'Save to browser' }).click();
    await expect.poll(() => storage.textContent()).toMatch(/saved as local:e2e-stop/);
    await storage.getByRole('button', { name: 'Race it in Compare' }).click();
    await expect
      .poll(() => page.getByRole('tab', { name: 'Compare' }).getAttribute('aria-selected'))
      .toBe('true');
    expect(await page.getByTestId('task-select').inputValue()).toBe('dm-quadratic');
    expect(await page.getByTestId('steps').inputValue()).toBe('100');
    await expect.poll(() => page.getByTestId('opt-2-weights').inputValue()).toBe('local:e2e-stop');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("HyperAdam's recipe offers the Adam start and a mix of activations; kinds without an Adam start do not show it", async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}?backend=wasm`, { height: 1000 });
    await backendName(page);
    await page.getByRole('tab', { name: 'Meta-train' }).click();
    await page.getByLabel('learned optimizer').selectOption('hyperadam');
    const init = page.getByLabel('initial φ₀');
    expect(await init.locator('option').allTextContents()).toEqual([
      'paper',
      'adam',
      'adam-spread',
      'adam-clock',
    ]);
    await init.selectOption('adam-clock');
    expect(await init.inputValue()).toBe('adam-clock');
    await init.selectOption('adam-spread');
    expect(await init.inputValue()).toBe('adam-spread');
    await init.selectOption('adam');
    expect(await init.inputValue()).toBe('adam');
    expect(await page.locator('section[aria-label="Recipe"] [role="alert"]').count()).toBe(0);
    // A mix of activations (recipe.activations): none ticked = the task's own; tick two.
    const mix = page.getByTestId('meta-activations');
    const boxes = mix.locator('input[type=checkbox]');
    expect(await mix.locator('label').allTextContents()).toEqual(['sigmoid', 'relu', 'elu', 'tanh']);
    expect(await boxes.evaluateAll((bs) => bs.map((b) => (b as HTMLInputElement).checked))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    await mix.getByLabel('relu').check();
    await mix.getByLabel('tanh').check();
    expect(await boxes.evaluateAll((bs) => bs.map((b) => (b as HTMLInputElement).checked))).toEqual([
      false,
      true,
      false,
      true,
    ]);
    expect(await page.locator('section[aria-label="Recipe"] [role="alert"]').count()).toBe(0);
    // Meta-gradient clipping (recipe.clipNorm): optional, empty = off; a bad value is named.
    const clip = page.getByTestId('meta-clipNorm');
    expect(await clip.inputValue()).toBe('');
    expect(await clip.getAttribute('placeholder')).toBe('off');
    await clip.fill('0');
    expect(await page.locator('section[aria-label="Recipe"] [role="alert"]').allTextContents()).toEqual([
      'recipe.clipNorm (clip meta-gradient norm): out of range; allowed [0.000001, 1000000] (not applied)',
    ]);
    await clip.fill('10');
    expect(await page.locator('section[aria-label="Recipe"] [role="alert"]').count()).toBe(0);
    await shot(page, 'meta-05-hyperadam-adam-start', true);
    await clip.fill('');
    expect(await page.locator('section[aria-label="Recipe"] [role="alert"]').count()).toBe(0);
    await clip.fill('10');
    // A task without an activation option hides the field and drops the mix.
    await page.getByLabel('training task').selectOption('dm-quadratic');
    expect(await page.getByTestId('meta-activations').count()).toBe(0);
    await page.getByLabel('training task').selectOption('mnist-mlp');
    expect(await boxes.evaluateAll((bs) => bs.map((b) => (b as HTMLInputElement).checked))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(await clip.inputValue()).toBe('10'); // kept across the task switch
    await page.getByLabel('learned optimizer').selectOption('rnnprop');
    expect(await page.getByLabel('initial φ₀').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an unroll too long for the wasm heap is refused by name, with the longest that fits; nothing is lost', async () => {
    const { page, errors } = await openPage(app.browser, `${app.server.url}?backend=wasm`, { height: 1000 });
    await backendName(page);
    await page.getByRole('tab', { name: 'Meta-train' }).click();
    await page.getByLabel('learned optimizer').selectOption('hyperadam');
    await page.getByLabel('training task').selectOption('mnist-mlp');
    await page.getByLabel('unroll', { exact: true }).fill('100');
    await page.getByLabel('meta-iterations').fill('5');
    await page.getByLabel('evaluate every N iterations').fill('0');
    const segments = page.getByTestId('meta-segments');
    expect(await segments.inputValue()).toBe(''); // optional: empty = one tape
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    // The guard stops the first unroll after two steps (MNIST loads first): a message, no crash.
    const alert = page.locator('.charts [role="alert"]');
    await expect.poll(() => alert.count(), { timeout: 180_000, interval: 500 }).toBe(1);
    expect(await alert.textContent()).toMatch(
      /recipe\.unroll \(steps per unroll\): an unroll of 100 steps of hyperadam on this task needs over [\d.]+ GiB on wasm \(\d+ MiB of tensors per step\), which allows 3\.9 GiB; allowed here: 1–\d+ \(50 divides steps = 100\), or recipe\.segments ≥ 2 to keep unroll 100/,
    );
    await expect.poll(() => page.getByTestId('meta-status').textContent()).toMatch(/iteration 0\/5/);
    // The recipe is as the user left it, and Start is offered again.
    expect(await page.getByLabel('unroll', { exact: true }).inputValue()).toBe('100');
    expect(await page.getByRole('button', { name: 'Start', exact: true }).isEnabled()).toBe(true);
    await shot(page, 'meta-06-unroll-too-long', true);
    // Recompute segments: named when set for VHAdam (its recomputed steps would sample anew),
    // and Start waits until it is fixed.
    await page.getByLabel('learned optimizer').selectOption('vhadam');
    await page.getByTestId('meta-segments').fill('2');
    const controls = page.locator('section[aria-label="Meta-training controls"] .error');
    await expect
      .poll(() => controls.allTextContents())
      .toContainEqual(
        expect.stringMatching(/^recipe\.segments \(recompute segments\): vhadam samples its update/),
      );
    expect(await page.getByRole('button', { name: 'Start', exact: true }).isDisabled()).toBe(true);
    await shot(page, 'meta-07-vhadam-segments', true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the tab at 390 px and in dark mode (screenshots)', async () => {
    for (const [name, opts] of [
      ['meta-03-narrow', { width: 390, height: 844 }],
      ['meta-04-dark', { dark: true, height: 900 }],
    ] as const) {
      const { page, errors } = await openPage(app.browser, `${app.server.url}?backend=wasm`, opts);
      await backendName(page);
      await page.getByRole('tab', { name: 'Meta-train' }).click();
      await page.getByTestId('recipe-help').locator('summary').click();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await shot(page, name, true);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});
