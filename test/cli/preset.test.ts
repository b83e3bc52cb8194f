import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/preset';
import { PRESET_IDS } from '../../src/core/presets/catalog';

async function call(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('cli preset', () => {
  it('list: one line per preset, id then title', async () => {
    const r = await call(['list']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(PRESET_IDS);
    expect(lines).toContain('saddle-escape                Escaping a saddle point');
  });

  it('run <id> --json: { id, title, paper, claim, link, rows: [{ label, mean, std, seeds, paper? }], verdict, reasons }', async () => {
    const r = await call(['run', 'momentum-ill-conditioned', '--json', '--backend', 'cpu']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual(['id', 'title', 'paper', 'claim', 'link', 'rows', 'verdict', 'reasons']);
    expect(doc.link).toBe(
      'http://127.0.0.1:5173/?v=1&task=ill-quadratic&opt=sgd(lr=0.01)&opt=momentum(lr=0.01,momentum=0.9)&steps=200&seed=1#preset=momentum-ill-conditioned',
    );
    expect(doc.rows.map((x: { label: string }) => x.label)).toEqual(['SGD', 'Momentum (μ = 0.9)']);
    for (const row of doc.rows) expect(Object.keys(row)).toEqual(['label', 'mean', 'std', 'seeds']);
    // Deterministic task: one seed, std 0; momentum is orders of magnitude lower.
    expect(doc.rows[0].seeds.length).toBe(1);
    expect(doc.rows[0].std).toBe(0);
    expect(doc.rows[1].mean).toBeLessThan(doc.rows[0].mean * 1e-3);
    expect(doc.verdict).toBe('reproduces');
  });

  it('run <id> (table) shows the paper number beside ours and the verdict', async () => {
    const r = await call(['run', 'adamod-warmup', '--backend', 'cpu']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[3].split(/\s{2,}/)).toEqual(['row', 'ours (mean ± std, 3 seeds)', 'paper']);
    expect(lines[5]).toMatch(/^AdaMod first update ÷ Adam first update\s+9\.9\de-4 ± [\d.e-]+\s+0\.001$/);
    expect(lines).toContain('verdict: reproduces');
  });

  it('run <id> <id> --workers 2: worker threads give the same numbers as one thread, in catalog order', async () => {
    const ids = ['saddle-escape', 'momentum-ill-conditioned'];
    const one = await call(['run', ...ids, '--json', '--backend', 'cpu']);
    const two = await call(['run', ...ids, '--json', '--backend', 'cpu', '--workers', '2']);
    expect(two.err).toBe('');
    expect(two.code).toBe(0);
    const docs = two.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(docs.map((d) => d.id)).toEqual(ids);
    expect(two.out).toBe(one.out);
    expect((await call(['run', ...ids, '--workers', '0'])).err).toBe(
      "preset: --workers: must be an integer in [1, 16]; got '0'\n",
    );
  });

  it('an unknown preset exits 2 listing the valid ones', async () => {
    const r = await call(['run', 'nope']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`preset: run: unknown preset 'nope'; valid: ${PRESET_IDS.join(', ')}\n`);
  });
});

describe('cli preset markdown', () => {
  it('prints the README table from saved `preset run --json` lines', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const run = await call(['run', 'momentum-ill-conditioned', '--json', '--backend', 'cpu']);
    const file = join(mkdtempSync(join(tmpdir(), 'presets-')), 'p.jsonl');
    writeFileSync(file, run.out);
    const r = await call(['markdown', file]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual(['| preset | ours (paper) | verdict |', '| --- | --- | --- |']);
    expect(lines[2]).toMatch(
      /^\| \[Momentum on an ill-conditioned quadratic\]\(http:\/\/127\.0\.0\.1:5173\/\?v=1&task=ill-quadratic&.*#preset=momentum-ill-conditioned\) \| SGD: 0\.0\d+; Momentum \(μ = 0\.9\): [\d.]+e-\d+ \| reproduces \|$/,
    );
  });
});
