/**
 * Import's first look at a file: when it is plainly not an experiment export (an image, a PDF,
 * an archive, a CSV, a weights file, JSON of another kind, an empty file), one message that says
 * what the file is and what was expected, instead of field-by-field schema errors. A file that
 * may be an export (a JSON object with the export's `kind`) gets null and goes on to the full
 * validation, whose messages name each bad field.
 */
import { EXPORT_KIND } from '../../core/experiment/exportCommon';

export const EXPECTED =
  'expected the JSON file that Export → JSON writes (optimizer-playground-<task>-seed-<seed>.json)';

const MAGIC: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (or an Office file such as .xlsx)'],
  [[0x1f, 0x8b], 'a gzip archive'],
];

/** What the first bytes say the file is, when they show it is not text; else null. */
export function binaryKind(head: Uint8Array): string | null {
  for (const [magic, what] of MAGIC) {
    if (magic.every((b, i) => head[i] === b)) return what;
  }
  if (head.length >= 12 && String.fromCharCode(...head.slice(8, 12)) === 'WEBP') return 'a WebP image';
  return head.includes(0) ? 'a binary file' : null;
}

function notAnExport(name: string, what: string, expected = EXPECTED): string {
  return `${name} is ${what}, not an experiment export: ${expected}.`;
}

/** What a text file is, when it is plainly not an export; null when it may be one. */
function textKind(name: string, text: string): string | null {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t === '') return notAnExport(name, 'empty');
  if (!t.startsWith('{') && !t.startsWith('[')) {
    const first = t.slice(0, t.search(/\r?\n|$/));
    if (/^"?step"?,/.test(first)) {
      return notAnExport(
        name,
        'a CSV export (it holds the loss curves only, not the experiment)',
        `${EXPECTED}; the JSON export of the same run can be imported`,
      );
    }
    return notAnExport(
      name,
      first.includes(',') ? 'a CSV or other text file' : 'a text file that is not JSON',
    );
  }
  // A large file is most likely an export: leave it to the full validation (no second parse).
  if (t.length > 1_000_000) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(t);
  } catch {
    return null; // JSON-looking but broken: the full validation names where it breaks.
  }
  if (Array.isArray(raw)) return notAnExport(name, 'a JSON list');
  if (typeof raw !== 'object' || raw === null) return null;
  const head = raw as Record<string, unknown>;
  if (head.format === 'learned-optimizer') {
    return notAnExport(
      name,
      'a learned-optimizer weights file',
      "load weights with Meta-train → Import files (both the .json and its .bin), or from the optimizer's weights picker",
    );
  }
  if (head.kind !== EXPORT_KIND) {
    return notAnExport(name, `a JSON file of another kind (it has no "kind": "${EXPORT_KIND}")`);
  }
  return null;
}

/**
 * One message when the file is plainly not an experiment export, else null. `text` is the
 * file's text, or null when it was not read (binaryKind(head) already answers).
 */
export function sniffImport(name: string, head: Uint8Array, text: string | null): string | null {
  const binary = binaryKind(head);
  if (binary) return notAnExport(name, binary);
  return text === null ? null : textKind(name, text);
}
