import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/experiment/rng';
import { MAX_EVENTS } from '../../src/core/experiment/schedule';
import {
  defaultSpec,
  type ExperimentSpec,
  MAX_OPTIMIZERS,
  parseSpec,
} from '../../src/core/experiment/schema';
import {
  loadSpecArg,
  MAX_QUERY_LENGTH,
  queryToRaw,
  specFromJson,
  specFromQuery,
  specFromUrl,
  specToQuery,
  specToUrl,
} from '../../src/core/experiment/url';
import { HYPER_SPECS, hyperNamesOf } from '../../src/core/optim/catalog';
import { defaultTaskOptions } from '../../src/core/tasks/catalog';
import { randomSpec } from './genSpec';

function example(): ExperimentSpec {
  const s = defaultSpec();
  s.task = { id: 'rosenbrock', options: { ...defaultTaskOptions('rosenbrock'), x0: -1, y0: 2.5 } };
  s.optimizers = [
    { id: 'adam', hyper: { lr: 0.01 } },
    {
      id: 'adamod',
      hyper: { lr: 0.01, beta3: 0.999 },
      label: "AdaMod, it's (slow) & 100%",
      color: '#1f77b4',
    },
  ];
  s.chart = { logY: false, logX: false, smoothing: 0.6 };
  s.backend = 'webgl';
  return s;
}

describe('specToQuery', () => {
  it('writes a readable, deterministic query with only non-default settings', () => {
    expect(specToQuery(example())).toBe(
      "v=1&task=rosenbrock(x0=-1,y0=2.5)&opt=adam(lr=0.01)&opt=adamod(lr=0.01,beta3=0.999,label='AdaMod,%20it''s%20(slow)%20%26%20100%25',color=1f77b4)&steps=500&seed=1&backend=webgl&chart=logY=0,smoothing=0.6",
    );
    expect(specToQuery(defaultSpec())).toBe(
      'v=1&task=rosenbrock&opt=adam(lr=0.01)&opt=adamod(lr=0.01)&steps=500&seed=1',
    );
  });

  it('writes hyperparameters in catalog order whatever the entry order', () => {
    const s = defaultSpec();
    s.optimizers = [{ id: 'adam', hyper: { eps: 1e-8, beta1: 0.8, lr: 0.003 } }];
    expect(specToQuery(s)).toContain('opt=adam(lr=0.003,beta1=0.8,eps=1e-8)');
  });

  it('writes the edge cases so that they read back: -0, an empty list, learned weights', () => {
    const s = defaultSpec();
    s.task = { id: 'saddle', options: { ...defaultTaskOptions('saddle'), x0: -0 } };
    s.optimizers = [];
    s.fused = false;
    const q = specToQuery(s);
    expect(q).toBe('v=1&task=saddle(x0=-0)&opt=&steps=500&seed=1&fused=0');
    const back = specFromQuery(q);
    expect(back.errors).toEqual([]);
    expect(Object.is((back.spec.task.options as { x0: number }).x0, -0)).toBe(true);
    expect(back.spec.optimizers).toEqual([]);
    s.optimizers = [{ id: 'rnnprop', hyper: { lr: 0.05 }, weights: 'local:my-run.v2' }];
    expect(specToQuery(s)).toContain('opt=rnnprop(lr=0.05,weights=local:my-run.v2)');
  });

  it('specToUrl replaces the query and keeps the path and fragment', () => {
    const s = defaultSpec();
    expect(specToUrl(s, 'https://x.org/play/?old=1#top')).toBe(`https://x.org/play/?${specToQuery(s)}#top`);
    expect(specToUrl(s, '/play')).toBe(`/play?${specToQuery(s)}`);
  });
});

describe('specFromQuery', () => {
  it('reads the example back exactly, with or without the leading ?', () => {
    const s = example();
    expect(specFromQuery(specToQuery(s))).toEqual({ spec: s, errors: [], notes: [] });
    expect(specFromQuery(`?${specToQuery(s)}`).spec).toEqual(s);
    expect(specFromUrl(specToUrl(s, 'http://localhost:5173/?x#y')).spec).toEqual(s);
  });

  it('reads hand-written links: short forms, spaces, + as space, true/false, a colour with %23', () => {
    const r = specFromQuery(
      'task=beale&opt=sgd&opt= momentum ( lr = 0.1 , momentum=0.5 , label=My+run, color=%23ff0000 )&fused=false&chart=logY=true',
    );
    expect(r.errors).toEqual([]);
    expect(r.spec.task).toEqual({ id: 'beale', options: defaultTaskOptions('beale') });
    expect(r.spec.optimizers).toEqual([
      { id: 'sgd', hyper: {} },
      { id: 'momentum', hyper: { lr: 0.1, momentum: 0.5 }, label: 'My run', color: '#ff0000' },
    ]);
    expect(r.spec.fused).toBe(false);
    expect(r.spec.chart.logY).toBe(true);
    expect(r.spec.steps).toBe(500);
  });

  it('keeps the valid part and names every rejected field with the reason', () => {
    const r = specFromQuery(
      'v=1&task=rosenbrock(x0=500,y0=1)&opt=adam(lr=-1,beta1=0.5)&opt=adamm(lr=1)&opt=adamod(beta3=2,label=ok)' +
        '&steps=0&seed=1.5&backend=tpu&fused=maybe&chart=logY=0,smoothing=1.5&colour=red',
    );
    expect(r.errors).toEqual([
      'colour: unknown parameter ignored; valid: v, task, opt, edit, steps, seed, seeds, backend, fused, chart',
      'task.rosenbrock.x0: out of range; allowed [-100, 100]',
      'optimizers[0].hyper.adam.lr: out of range; allowed range is [1e-7, 10]',
      expect.stringMatching(/^optimizers\[1\]\.id: unknown optimizer 'adamm'; valid: sgd, .*adamod/),
      'optimizers[2].hyper.adamod.beta3: out of range; allowed range is [0, 0.99999]',
      'steps: must be ≥ 1 (allowed [1, 100000])',
      'seed: must be an integer in [0, 4294967295]',
      'backend: must be one of auto, webgpu, webgl, wasm, cpu',
      'fused: must be true or false',
      'chart.smoothing: must be ≤ 0.999 (allowed [0, 0.999])',
    ]);
    // Valid parts kept, rejected ones defaulted.
    expect(r.spec.task.options).toEqual({ ...defaultTaskOptions('rosenbrock'), y0: 1 });
    expect(r.spec.optimizers).toEqual([
      { id: 'adam', hyper: { beta1: 0.5 } },
      { id: 'adamod', hyper: {}, label: 'ok' },
    ]);
    expect(r.spec.chart).toEqual({ logY: false, logX: false, smoothing: 0 });
    expect([r.spec.steps, r.spec.seed, r.spec.backend, r.spec.fused]).toEqual([500, 1, 'auto', true]);
  });

  it('names syntax problems and salvages what it can from a cut-short link', () => {
    const full = specToQuery(example());
    const cut = full.slice(0, full.indexOf('beta3=0.99') + 'beta3=0.99'.length);
    const r = specFromQuery(cut);
    // beta3=0.99 may be a cut 0.999: dropped, not silently used.
    expect(r.errors).toEqual([
      "optimizers[1].hyper.beta3: no closing ')': the link looks cut short, so this last value was ignored",
    ]);
    expect(r.spec.optimizers).toEqual([
      { id: 'adam', hyper: { lr: 0.01 } },
      { id: 'adamod', hyper: { lr: 0.01 } },
    ]);
    expect((r.spec.task.options as { x0: number }).x0).toBe(-1);
    const cut2 = full.slice(0, full.indexOf("it''s"));
    expect(specFromQuery(cut2).errors).toEqual([
      'optimizers[1].label: unterminated quoted text (the link may be cut short); ignored',
      "optimizers[1]: no closing ')': the link looks cut short",
    ]);
  });

  it('reports repeated single parameters, duplicate names, bad names and stray text', () => {
    const r = specFromQuery('steps=10&steps=20&opt=adam(lr=0.1,lr=0.2,9x=1)junk&task=beale(x0)');
    expect(r.errors).toEqual([
      "task.beale.x0: expected name=value, got 'x0'; ignored",
      'optimizers[0].hyper.lr: given more than once; the first was used',
      "optimizers[0]: '9x' is not a valid name (letters, digits, _); ignored",
      "optimizers[0]: unexpected text 'junk' after ')'; ignored",
      'steps: given 2 times; the first was used',
    ]);
    expect(r.spec.steps).toBe(10);
    expect(r.spec.optimizers).toEqual([{ id: 'adam', hyper: { lr: 0.1 } }]);
  });

  it('types values by field: text fields keep what was written, numbers must be numbers', () => {
    const r = specFromQuery("opt=adam(lr='0.1',label=1e5,color=1e5000)&opt=sgd(lr=true)");
    expect(r.errors).toEqual([
      'optimizers[0].hyper.adam.lr: must be a number; allowed range is [1e-7, 10]',
      'optimizers[1].hyper.sgd.lr: must be a number; allowed range is [1e-7, 10]',
    ]);
    expect(r.spec.optimizers[0]).toEqual({ id: 'adam', hyper: {}, label: '1e5', color: '#1e5000' });
  });

  it('refuses oversized queries with a message and opens the defaults', () => {
    const huge = `v=1&opt=adam(label='${'x'.repeat(MAX_QUERY_LENGTH)}')`;
    const r = specFromQuery(huge);
    expect(r.spec).toEqual(defaultSpec());
    expect(r.errors).toEqual([
      `query: the link is too long (${huge.length} characters; at most ${MAX_QUERY_LENGTH}); opened the default experiment`,
    ]);
  });

  it('any valid spec fits: the longest encoding (16 × AdaBound, every field at its widest, 64 widest edits) is under the limit', () => {
    const s = defaultSpec();
    s.task = {
      id: 'mnist-mlp',
      options: {
        width: 1023,
        depth: 5,
        activation: 'relu',
        batchSize: 4095,
        initStd: 0.00012345678901234567,
      },
    };
    const hyper = Object.fromEntries(
      hyperNamesOf('adabound').map((n) => [
        n,
        Number((HYPER_SPECS[n].min * 1.2345678901234567).toPrecision(17)),
      ]),
    );
    // '€' is 3 UTF-8 bytes → 9 characters percent-encoded: the widest a label character gets.
    s.optimizers = Array.from({ length: MAX_OPTIMIZERS }, () => ({
      id: 'adabound',
      hyper,
      label: '€'.repeat(60),
      color: '#abcdef',
    }));
    // The most recorded edits a spec may hold (MAX_EVENTS in all), each changing every field.
    s.optimizers = s.optimizers.map((o) => ({
      ...o,
      schedule: Array.from({ length: MAX_EVENTS / MAX_OPTIMIZERS }, (_, j) => ({
        step: 99_990 + j,
        hyper,
      })),
    }));
    s.chart = { logY: false, logX: true, smoothing: 0.12345678901234566 };
    s.backend = 'webgpu';
    s.fused = false;
    s.steps = 99999;
    s.seed = 4294967295;
    expect(parseSpec(s).errors).toEqual([]);
    const q = specToQuery(s);
    expect(q.length).toBeGreaterThan(20_000);
    expect(q.length).toBeLessThan(MAX_QUERY_LENGTH);
    expect(specFromQuery(q)).toEqual({ spec: s, errors: [], notes: [] });
  });

  it('reads version-0 links (JSON in spec=) through the migration', () => {
    const v0 = {
      task: 'beale',
      taskOptions: { x0: 2 },
      optimizers: [{ name: 'adam', params: { learningRate: 0.05, beta1: 0.8 }, label: 'old' }],
      steps: 300,
      seed: 7,
      logScale: false,
      smoothing: 0.5,
    };
    const q = `spec=${encodeURIComponent(JSON.stringify(v0))}`;
    const r = specFromQuery(q);
    expect(r.errors).toEqual([]);
    expect(r.notes).toEqual([expect.stringMatching(/^v: migrated from version 0 to 1/)]);
    expect(r.spec).toEqual({
      v: 1,
      task: { id: 'beale', options: { ...defaultTaskOptions('beale'), x0: 2 } },
      optimizers: [{ id: 'adam', hyper: { lr: 0.05, beta1: 0.8 }, label: 'old' }],
      steps: 300,
      seed: 7,
      backend: 'auto',
      fused: false,
      chart: { logY: false, logX: false, smoothing: 0.5 },
    });
    expect(specFromQuery(`v=0&${q}`).spec).toEqual(r.spec);
    // A v1 link's own parameters are not mixed with a v0 spec=.
    expect(specFromQuery(`${q}&steps=9`).errors).toEqual([
      'steps: unknown parameter ignored; valid: spec, v',
    ]);
    expect(specFromQuery('v=1&spec=%7B%7D').errors).toEqual([
      'spec: unknown parameter ignored; valid: v, task, opt, edit, steps, seed, seeds, backend, fused, chart',
    ]);
    expect(specFromQuery('spec=%7Bbroken').errors).toEqual([
      expect.stringMatching(/^spec: not valid JSON \(.*\); opened the default experiment$/),
    ]);
  });

  it('reads newer or unreadable versions as the current one, saying so', () => {
    expect(specFromQuery('v=2&steps=9').errors).toEqual([
      'v: version 2 is newer than this app reads (up to 1); read as version 1, fields it does not know are listed',
    ]);
    expect(specFromQuery('v=2&steps=9').spec.steps).toBe(9);
    expect(specFromQuery('v=abc').errors).toEqual([
      "v: must be a format version from 0 to 1 (got 'abc'); read as version 1",
    ]);
  });

  it('queryToRaw builds plain data objects, never touching prototypes', () => {
    const { raw } = queryToRaw('opt=adam(__proto__=1,constructor=2)&task=beale(__proto__=3)');
    const opt = (raw.optimizers as Record<string, unknown>[])[0];
    expect(Object.getPrototypeOf(opt.hyper)).toBe(Object.prototype);
    expect(Object.hasOwn(opt.hyper as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
    const r = specFromQuery('opt=adam(__proto__=1)&task=constructor');
    expect(r.errors).toEqual([
      expect.stringMatching(/^task: unknown task 'constructor'/),
      expect.stringMatching(/^optimizers\[0\]\.hyper\.adam: Unrecognized key: "__proto__"/),
    ]);
  });
});

describe('round trip (property): specFromQuery(specToQuery(s)) = s for random valid specs', () => {
  it('holds for 600 seeded random specs', () => {
    const rng = makeRng(20240601);
    let chars = 0;
    for (let i = 0; i < 600; i++) {
      const s = randomSpec(rng.fork(`spec${i}`));
      expect(parseSpec(s).errors).toEqual([]);
      const q = specToQuery(s);
      chars += q.length;
      expect(q.length).toBeLessThan(MAX_QUERY_LENGTH);
      const back = specFromQuery(q);
      if (back.errors.length > 0 || JSON.stringify(back.spec) !== JSON.stringify(s)) {
        throw new Error(`round trip failed for ${q}\n${back.errors.join('\n')}`);
      }
      expect(back.spec).toEqual(s);
      // Deterministic: encoding the decoded spec gives the same text.
      expect(specToQuery(back.spec)).toBe(q);
      // And the same through JSON (files, CLI), which has no -0.
      expect(specFromJson(JSON.stringify(s)).spec).toEqual(JSON.parse(JSON.stringify(s)));
    }
    expect(chars / 600).toBeGreaterThan(100);
  });
});

describe('loadSpecArg (the CLI --spec argument)', () => {
  const files: Record<string, string> = {
    'exp.json': JSON.stringify({ v: 1, task: { id: 'beale', options: {} }, steps: 42 }),
    'old.json': JSON.stringify({
      v: 0,
      task: 'himmelblau',
      optimizers: [{ name: 'sgd', params: { learningRate: 0.1 } }],
    }),
    'link.txt': `https://example.org/playground/?v=1&task=saddle&opt=sgd(lr=0.2)&steps=7\n`,
    'export.json': JSON.stringify({ kind: 'optimizer-playground-export', version: 1, spec: { steps: 11 } }),
  };
  const readFile = (p: string) => {
    if (p in files) return files[p];
    throw new Error(`ENOENT: no such file or directory, open '${p}'`);
  };

  it('accepts a URL, a query, JSON text, and files holding any of them', () => {
    expect(loadSpecArg('https://x.org/?v=1&steps=12', readFile).spec.steps).toBe(12);
    expect(loadSpecArg('?steps=13', readFile).spec.steps).toBe(13);
    expect(loadSpecArg('v=1&steps=14', readFile).spec.steps).toBe(14);
    expect(loadSpecArg(' {"steps": 15} ', readFile).spec.steps).toBe(15);
    expect(loadSpecArg('exp.json', readFile)).toMatchObject({
      errors: [],
      spec: { steps: 42, task: { id: 'beale' } },
    });
    const old = loadSpecArg('old.json', readFile);
    expect(old.errors).toEqual([]);
    expect(old.notes).toHaveLength(1);
    expect(old.spec.task.id).toBe('himmelblau');
    expect(old.spec.optimizers).toEqual([{ id: 'sgd', hyper: { lr: 0.1 } }]);
    const link = loadSpecArg('link.txt', readFile);
    expect(link.errors).toEqual([]);
    expect([link.spec.task.id, link.spec.steps, link.spec.optimizers]).toEqual([
      'saddle',
      7,
      [{ id: 'sgd', hyper: { lr: 0.2 } }],
    ]);
    const ex = loadSpecArg('export.json', readFile);
    expect([ex.spec.steps, ex.errors, ex.notes]).toEqual([11, [], ['spec: read from an export document']]);
  });

  it('names the problem for a missing file or bad JSON, never throws', () => {
    expect(loadSpecArg('missing.json', readFile).errors).toEqual([
      "spec: cannot read 'missing.json' (ENOENT: no such file or directory, open 'missing.json'); expected a URL, a query (v=1&task=...&opt=...), JSON text, or a file holding one",
    ]);
    expect(loadSpecArg('{"steps": ', readFile).errors).toEqual([
      expect.stringMatching(/^spec: not valid JSON/),
    ]);
    expect(loadSpecArg('[1,2]', readFile).errors).toEqual([expect.stringMatching(/^spec: cannot read/)]);
    expect(loadSpecArg('{"steps": "x", "foo": 1}', readFile).errors).toEqual([
      'steps: must be an integer in [1, 100000]',
      'foo: unknown field; valid: v, task, optimizers, steps, seed, seeds, backend, fused, chart',
    ]);
  });
});
