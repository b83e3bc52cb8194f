/** parseHyper: defaults filled; out-of-range, unknown, NaN and wrong-type values rejected with
 * messages naming the field and its allowed range. Also: every catalog default is valid. */
import { describe, expect, it } from 'vitest';
import { HYPER_SPECS, hyperNamesOf, OPTIMIZER_IDS, OPTIMIZERS } from '../../src/core/optim/catalog';
import { RULES } from '../../src/core/optim/registry';
import { parseHyper } from '../../src/core/optim/validate';

function errors(id: string, raw: unknown): string[] {
  const r = parseHyper(id, raw);
  if (r.ok) throw new Error(`expected ${JSON.stringify(raw)} to be rejected for ${id}`);
  return r.errors;
}

describe('parseHyper', () => {
  it('fills every default and keeps overrides', () => {
    for (const id of OPTIMIZER_IDS) {
      const r = parseHyper(id, {});
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.value).toEqual(OPTIMIZERS[id].defaults);
    }
    const r = parseHyper('adamod', { beta3: 0.9999 });
    expect(r.ok && r.value).toEqual({ ...OPTIMIZERS.adamod.defaults, beta3: 0.9999 });
  });

  it('every default lies in its range, and every optimizer has a rule with the same id', () => {
    for (const id of OPTIMIZER_IDS) {
      expect(RULES[id].id).toBe(id);
      for (const name of hyperNamesOf(id)) {
        const x = OPTIMIZERS[id].defaults[name]!;
        expect(x).toBeGreaterThanOrEqual(HYPER_SPECS[name].min);
        expect(x).toBeLessThanOrEqual(HYPER_SPECS[name].max);
      }
    }
  });

  it('out of range names the field and the range', () => {
    const [msg] = errors('adamod', { beta3: 1.5 });
    expect(msg).toContain('adamod.beta3');
    expect(msg).toContain('[0, 0.99999]');
    const [lo] = errors('adam', { lr: 0 });
    expect(lo).toContain('adam.lr');
    expect(lo).toContain('[1e-7, 10]');
    const [wd] = errors('adamw', { weightDecay: -0.1 });
    expect(wd).toMatch(/adamw\.weightDecay.*\[0, 1\]/);
  });

  it('NaN, Infinity and strings are rejected with the field and range', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, '0.1']) {
      const [msg] = errors('sgd', { lr: bad });
      expect(msg).toContain('sgd.lr');
      expect(msg).toContain('[1e-7, 10]');
    }
  });

  it('unknown field names are rejected, listing the valid ones', () => {
    const [msg] = errors('sgd', { beta1: 0.9 });
    expect(msg).toContain('beta1');
    expect(msg).toContain('valid for sgd: lr, weightDecay');
  });

  it('an unknown optimizer lists the valid ids', () => {
    const [msg] = errors('lion', {});
    expect(msg).toContain("unknown optimizer 'lion'");
    expect(msg).toContain('adamod');
  });

  it('several bad fields give several messages', () => {
    expect(errors('adabound', { gamma: 0, finalLr: 100, eps: -1 })).toHaveLength(3);
  });
});
