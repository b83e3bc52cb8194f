/**
 * The repository's docs are self-contained: every `docs/<file>.md §N.M` cited in source,
 * tests, workers or the README names a file that exists and a section heading in it, and
 * nothing refers to the briefing files outside the repository.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SCANNED = ['src', 'test', 'workers', 'docs', 'README.md', 'index.html', 'vite.config.ts'];
const TEXT = /\.(ts|tsx|md|html|css|json)$/;

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [path];
  return readdirSync(full).flatMap((n) => (n === 'node_modules' ? [] : files(join(path, n))));
}

const sources = SCANNED.flatMap(files).filter((f) => TEXT.test(f));
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

/** Section numbers ("1", "1.1", "8.5") of the headings of a markdown file. */
function sectionsOf(doc: string): Set<string> {
  const out = new Set<string>();
  for (const m of read(doc).matchAll(/^#{2,4} (\d+(?:\.\d+)*)\.? /gm)) out.add(m[1]);
  return out;
}

describe('docs citations', () => {
  it('scans a real tree', () => {
    expect(sources.length).toBeGreaterThan(100);
    expect(sectionsOf('docs/algorithms.md').has('8.5')).toBe(true);
  });

  it('every cited docs file exists and every cited § is a heading in it', () => {
    const problems: string[] = [];
    let cited = 0;
    for (const f of sources) {
      const text = read(f);
      // "docs/algorithms.md §2.4, §7.2" or "docs/algorithms.md §3.4, §7.5": the § list after the name
      for (const m of text.matchAll(/docs\/([\w-]+\.md)((?:[ ,]*§\d+(?:\.\d+)*)*)/g)) {
        const doc = `docs/${m[1]}`;
        cited++;
        if (!existsSync(join(ROOT, doc))) {
          problems.push(`${f}: ${doc} does not exist`);
          continue;
        }
        const have = sectionsOf(doc);
        for (const s of m[2].matchAll(/§(\d+(?:\.\d+)*)/g)) {
          if (!have.has(s[1])) problems.push(`${f}: ${doc} has no §${s[1]}`);
        }
      }
    }
    expect(cited).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  });

  it('nothing refers to files outside the repository', () => {
    const outside = /\b(ALGORITHMS|ENV|DESIGN|ANCHORS)\.md\b|\.\.\/shared\b|\/work\/shared/;
    const hits = sources.filter((f) => f !== 'test/docs/citations.test.ts' && outside.test(read(f)));
    expect(hits).toEqual([]);
  });
});
