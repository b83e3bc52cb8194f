import { describe, expect, it } from 'vitest';
import { specFromQuery } from '../../src/core/experiment/url';
import { iframeSnippet } from '../../src/ui/embed/snippet';
import { readViewParams, viewQuery } from '../../src/ui/embed/viewParams';

describe('embed/hide view parameters', () => {
  it('reads embed and a hide list in any order, once each, in a fixed order', () => {
    const { view, errors } = readViewParams('?v=1&task=beale&embed=1&hide=share, Controls,share&hide=meta');
    expect(view).toEqual({ embed: true, hide: ['controls', 'meta', 'share'] });
    expect(errors).toEqual([]);
    expect(viewQuery(view)).toBe('&embed=1&hide=controls,meta,share');
    expect(readViewParams('task=beale').view).toEqual({ embed: false, hide: [] });
    expect(viewQuery(readViewParams('embed=0').view)).toBe('');
  });

  it('names every ignored value and the valid choices', () => {
    const { view, errors } = readViewParams('?embed=yes&hide=controls,legend,<b>');
    expect(view).toEqual({ embed: false, hide: ['controls'] });
    expect(errors).toEqual([
      'embed: "yes" ignored; use embed=1 (or 0)',
      'hide: unknown panel "legend" ignored; valid: controls, meta, share',
      'hide: unknown panel "<b>" ignored; valid: controls, meta, share',
    ]);
  });

  it('does not change the experiment a link describes', () => {
    const q = '?v=1&task=beale&opt=adam(lr=0.05)&steps=80&seed=3';
    const plain = specFromQuery(q);
    const embedded = specFromQuery(`${q}&embed=1&hide=controls,share`);
    expect(embedded.errors).toEqual([]);
    expect(embedded.spec).toEqual(plain.spec);
  });
});

describe('iframe snippet', () => {
  it('escapes the link and title into attributes', () => {
    expect(iframeSnippet('https://x.test/?a=1&embed=1', 'Optimizer Playground: "Beale" <b>')).toBe(
      '<iframe src="https://x.test/?a=1&amp;embed=1" title="Optimizer Playground: &quot;Beale&quot; &lt;b&gt;" width="100%" height="620" style="border:0" loading="lazy"></iframe>',
    );
  });
});
