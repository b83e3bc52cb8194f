import { describe, expect, it } from 'vitest';
import { defaultSpec } from '../../src/core/experiment/schema';
import { specFromQuery, specToQuery } from '../../src/core/experiment/url';

describe('seeds in the URL', () => {
  it('&seeds=5 round-trips; links without it stay valid and mean one seed', () => {
    const spec = { ...defaultSpec(), seeds: 5 };
    const q = specToQuery(spec);
    expect(q).toContain('&seed=1&seeds=5');
    expect(specFromQuery(q)).toEqual({ spec, errors: [], notes: [] });
    const old = specFromQuery('?v=1&task=rosenbrock&opt=adam(lr=0.01)&steps=500&seed=1');
    expect(old.errors).toEqual([]);
    expect(old.spec.seeds).toBeUndefined();
    expect(specToQuery(defaultSpec())).not.toContain('seeds');
  });

  it('a bad seeds value names the field and the range, and the rest opens', () => {
    const r = specFromQuery('?v=1&task=beale&seeds=99');
    expect(r.errors).toEqual(['seeds: must be ≤ 32 (allowed [1, 32])']);
    expect(r.spec.task.id).toBe('beale');
    expect(specFromQuery('?v=1&seeds=2.5').errors).toEqual(['seeds: must be an integer in [1, 32]']);
  });
});
