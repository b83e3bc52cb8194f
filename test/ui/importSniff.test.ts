import { describe, expect, it } from 'vitest';
import { binaryKind, sniffImport } from '../../src/ui/share/importSniff';

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new TextEncoder().encode(s.slice(0, 16));

describe('import: what the file is, when it is not an export', () => {
  it('names images, documents and archives by their magic bytes', () => {
    expect(binaryKind(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a))).toBe('a PNG image');
    expect(binaryKind(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('a JPEG image');
    expect(binaryKind(text('%PDF-1.7'))).toBe('a PDF document');
    expect(binaryKind(bytes(0x50, 0x4b, 0x03, 0x04))).toMatch(/ZIP archive/);
    expect(binaryKind(bytes(1, 2, 0, 4))).toBe('a binary file');
    expect(binaryKind(text('{"kind":"x"}'))).toBeNull();
    const m = sniffImport('photo.png', bytes(0x89, 0x50, 0x4e, 0x47), null);
    expect(m).toBe(
      'photo.png is a PNG image, not an experiment export: expected the JSON file that Export → JSON writes (optimizer-playground-<task>-seed-<seed>.json).',
    );
  });

  it('names a CSV export, other text, empty files, weights files and JSON of another kind', () => {
    const s = (name: string, t: string) => sniffImport(name, text(t), t);
    expect(s('run.csv', 'step,adam(lr=0.1)\r\n0,1\r\n')).toMatch(
      /^run\.csv is a CSV export \(it holds the loss curves only, not the experiment\), not an experiment export: expected the JSON file .*; the JSON export of the same run can be imported\.$/,
    );
    expect(s('data.csv', 'x,y,label\n1,2,0\n')).toMatch(
      /^data\.csv is a CSV or other text file, not an experiment export/,
    );
    expect(s('notes.txt', 'hello')).toMatch(/^notes\.txt is a text file that is not JSON/);
    expect(s('e.json', '  \n')).toMatch(/^e\.json is empty, not an experiment export/);
    expect(s('w.json', '{"format":"learned-optimizer","modelTopology":{}}')).toMatch(
      /^w\.json is a learned-optimizer weights file, not an experiment export: load weights with Meta-train → Import files/,
    );
    expect(s('notes.json', '{"hello":1}')).toMatch(
      /^notes\.json is a JSON file of another kind \(it has no "kind": "optimizer-playground-export"\)/,
    );
    expect(s('list.json', '[1,2]')).toMatch(/^list\.json is a JSON list, not an experiment export/);
  });

  it('lets a possible export through to the field-by-field validation', () => {
    const doc = '{"kind":"optimizer-playground-export","version":1}';
    expect(sniffImport('run.json', text(doc), doc)).toBeNull();
    // Broken JSON: the full validation says where.
    expect(sniffImport('cut.json', text('{"kind":'), '{"kind":')).toBeNull();
  });
});
