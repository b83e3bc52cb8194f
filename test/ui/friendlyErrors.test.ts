/** URL-notice messages in the page's words, with the value given and the value kept. */
import { describe, expect, it } from 'vitest';
import { specFromQuery } from '../../src/core/experiment/url';
import { friendlyUrlError } from '../../src/ui/share/friendlyErrors';

const friendly = (q: string) => {
  const { spec, errors } = specFromQuery(q);
  return errors.map((e) => friendlyUrlError(e, q, spec));
};

describe('friendlyUrlError', () => {
  it('hyperparameters: optimizer number and name, the field label, the value, what was kept', () => {
    expect(friendly('?opt=adam(lr=0.01)&opt=adam(lr=-1)')).toEqual([
      'optimizer #2 (Adam): learning rate -1 is out of range [1e-7, 10]; kept 0.001',
    ]);
    expect(friendly('?opt=adamod(beta3=2)')).toEqual([
      'optimizer #1 (AdaMod): β3 2 is out of range [0, 0.99999]; kept 0.999',
    ]);
  });

  it('unknown keys, unknown optimizers, syntax', () => {
    expect(friendly('?opt=adam(beta9=1)')[0]).toMatch(
      /^optimizer #1 \(Adam\): Unrecognized key: "beta9"; valid for adam/,
    );
    expect(friendly('?opt=nope(lr=1)')[0]).toMatch(
      /^optimizer #1: unknown optimizer 'nope'; valid: sgd, .*; left out$/,
    );
    expect(friendly('?opt=adam(lr=0.01')[0]).toMatch(
      /^optimizer #1 \(Adam\), learning rate: no closing '\)'/,
    );
  });

  it('top-level and chart fields, task options', () => {
    expect(friendly('?steps=-3')).toEqual(['steps -3 must be ≥ 1 (allowed [1, 100000]); kept 500']);
    expect(friendly('?seed=1.5&chart=smoothing=2')).toEqual([
      'seed 1.5 must be an integer in [0, 4294967295]; kept 1',
      'chart smoothing 2 must be ≤ 0.999 (allowed [0, 0.999]); kept 0',
    ]);
    expect(friendly('?task=rosenbrock(x0=500)')).toEqual([
      'task Rosenbrock: start x is out of range [-100, 100]; kept -1.5',
    ]);
  });

  it('passes through what it does not know', () => {
    expect(friendly('?task=nosuchtask')[0]).toMatch(/^task: unknown task 'nosuchtask'; valid: rosenbrock/);
    expect(friendly('?foo=1')[0]).toMatch(/^foo: unknown parameter ignored/);
  });
});
