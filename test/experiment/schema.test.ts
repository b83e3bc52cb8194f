import { describe, expect, it } from 'vitest';
import { defaultSpec, parseSpec } from '../../src/core/experiment/schema';

describe('parseSpec (lenient, untrusted input)', () => {
  it('accepts the default spec unchanged', () => {
    expect(parseSpec(defaultSpec())).toEqual({ spec: defaultSpec(), errors: [] });
  });

  it('does not crash on ids that are Object.prototype keys', () => {
    for (const id of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const r = parseSpec({ task: { id, options: {} }, optimizers: [{ id, hyper: {} }] });
      expect(r.spec.task.id).toBe('rosenbrock');
      expect(r.errors).toEqual([
        expect.stringMatching(new RegExp(`^task: unknown task '${id}'; valid: rosenbrock`)),
        expect.stringMatching(new RegExp(`^optimizers\\[0\\]\\.id: unknown optimizer '${id}'`)),
      ]);
    }
  });

  it('keeps the valid chart settings when one is rejected, and names unknown ones', () => {
    const r = parseSpec({ chart: { logY: false, smoothing: 3, zoom: 1 } });
    expect(r.spec.chart).toEqual({ logY: false, logX: false, smoothing: 0 });
    expect(r.errors).toEqual([
      'chart.smoothing: must be ≤ 0.999 (allowed [0, 0.999])',
      'chart.zoom: unknown field; valid: logY, logX, smoothing',
    ]);
  });

  it('rejects labels with control characters or lone surrogates (they cannot be shared as links)', () => {
    for (const label of ['a\nb', 'tab\there', '\u0000', 'x\uD800']) {
      const r = parseSpec({ optimizers: [{ id: 'adam', hyper: {}, label }] });
      expect(r.errors).toEqual(['optimizers[0].label: must be plain text (no control characters)']);
      expect(r.spec.optimizers).toEqual([{ id: 'adam', hyper: {} }]);
    }
    expect(parseSpec({ optimizers: [{ id: 'adam', hyper: {}, label: 'ok 😀 é' }] }).errors).toEqual([]);
  });

  it('echoes untrusted text shortened, so messages stay small', () => {
    const long = 'k'.repeat(10_000);
    const r = parseSpec({
      [long]: 1,
      task: { id: long },
      optimizers: [{ id: long }, { id: 'adam', hyper: { [long]: 1 } }],
    });
    expect(r.errors).toHaveLength(4);
    for (const m of r.errors) expect(m.length).toBeLessThan(300);
    expect(r.errors[0]).toBe(
      `task: unknown task '${'k'.repeat(40)}…'; valid: ${r.errors[0].split('valid: ')[1]}`,
    );
  });
});
